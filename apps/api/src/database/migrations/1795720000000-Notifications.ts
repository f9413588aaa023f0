import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alarms that reach people: webhook channels, the on-call rota, per-user preferences, the transactional
 * outbox of deliveries, each critical alarm's escalation clock, and once-a-day runs (digest, reminders).
 *
 * Alarms may now belong to no pump: a clinic-wide alarm (NOTIFICATIONS_FAILING) is a real row on the board,
 * at most one unresolved per code, so it is seen, acknowledged and audited like any other alarm.
 */
export class Notifications1795720000000 implements MigrationInterface {
  name = 'Notifications1795720000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alarms ALTER COLUMN pump_id DROP NOT NULL`);
    await q.query(`ALTER TABLE alarms ALTER COLUMN patient_id DROP NOT NULL`);
    await q.query(
      `CREATE UNIQUE INDEX uq_alarms_open_clinic_code ON alarms (code) WHERE pump_id IS NULL AND status <> 'resolved'`,
    );
    // a pump alarm always names its patient; only clinic-wide alarms have neither
    await q.query(
      `ALTER TABLE alarms ADD CONSTRAINT ck_alarms_pump_patient CHECK ((pump_id IS NULL) = (patient_id IS NULL))`,
    );

    await q.query(`ALTER TABLE patients ADD COLUMN contact_phone text`);
    await q.query(`ALTER TABLE clinic_settings ADD COLUMN reminder_days_before integer`);

    await q.query(`
      CREATE TABLE notification_channels (
        id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind = 'webhook'),
        url text NOT NULL,
        secret text NOT NULL,
        events text[] NOT NULL,
        min_priority text NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL,
        deleted_at timestamptz,
        version integer NOT NULL DEFAULT 1
      )`);

    await q.query(`
      CREATE TABLE on_call_shifts (
        id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
        user_id uuid NOT NULL REFERENCES users(id),
        level integer NOT NULL CHECK (level IN (1, 2)),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL,
        CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX idx_on_call_level_span ON on_call_shifts (level, starts_at, ends_at)`);

    await q.query(`
      CREATE TABLE user_notification_prefs (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        email boolean NOT NULL DEFAULT true,
        digest boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE notification_outbox (
        id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
        delivery_id uuid NOT NULL UNIQUE,
        dedupe_key text NOT NULL UNIQUE,
        event text NOT NULL,
        channel_kind text NOT NULL CHECK (channel_kind IN ('email', 'webhook')),
        channel_id uuid REFERENCES notification_channels(id),
        recipient text NOT NULL,
        recipient_user_id uuid REFERENCES users(id),
        alarm_id uuid REFERENCES alarms(id),
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'sent', 'failed', 'dead', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz
      )`);
    // the worker's claim: only rows still to send, oldest due first
    await q.query(
      `CREATE INDEX idx_outbox_due ON notification_outbox (next_attempt_at) WHERE status IN ('pending', 'failed')`,
    );
    await q.query(`CREATE INDEX idx_outbox_alarm ON notification_outbox (alarm_id, created_at DESC)`);
    await q.query(`CREATE INDEX idx_outbox_created ON notification_outbox (created_at DESC)`);

    await q.query(`
      CREATE TABLE alarm_page_clock (
        alarm_id uuid PRIMARY KEY REFERENCES alarms(id),
        critical_since timestamptz NOT NULL,
        escalations integer NOT NULL DEFAULT 0
      )`);

    await q.query(`
      CREATE TABLE notification_runs (
        kind text NOT NULL,
        local_date date NOT NULL,
        ran_at timestamptz NOT NULL,
        PRIMARY KEY (kind, local_date)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_runs`);
    await q.query(`DROP TABLE alarm_page_clock`);
    await q.query(`DROP TABLE notification_outbox`);
    await q.query(`DROP TABLE user_notification_prefs`);
    await q.query(`DROP TABLE on_call_shifts`);
    await q.query(`DROP TABLE notification_channels`);
    await q.query(`ALTER TABLE clinic_settings DROP COLUMN reminder_days_before`);
    await q.query(`ALTER TABLE patients DROP COLUMN contact_phone`);
    await q.query(`ALTER TABLE alarms DROP CONSTRAINT ck_alarms_pump_patient`);
    await q.query(`DROP INDEX uq_alarms_open_clinic_code`);
    await q.query(`DELETE FROM alarms WHERE pump_id IS NULL`);
    await q.query(`ALTER TABLE alarms ALTER COLUMN patient_id SET NOT NULL`);
    await q.query(`ALTER TABLE alarms ALTER COLUMN pump_id SET NOT NULL`);
  }
}
