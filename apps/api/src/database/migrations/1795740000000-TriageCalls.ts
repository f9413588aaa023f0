import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Triage calls and the physician's oral backup plan. A call's insert or close counts as an input of its pump's
 * alarms (the change-tracking triggers of PumpChangeTracking), so the sweep raises and resolves TRIAGE_OPEN
 * even if the re-evaluation right after the write never ran.
 */
export class TriageCalls1795740000000 implements MigrationInterface {
  name = 'TriageCalls1795740000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE patients ADD COLUMN oral_backup_dose_mg numeric(6,2),
      ADD COLUMN oral_backup_times_per_day integer, ADD COLUMN oral_backup_notes text,
      ADD CONSTRAINT chk_patients_oral_backup_plan CHECK (
        (oral_backup_dose_mg IS NULL AND oral_backup_times_per_day IS NULL AND oral_backup_notes IS NULL)
        OR (oral_backup_dose_mg > 0 AND oral_backup_times_per_day BETWEEN 1 AND 6))`);
    await q.query(`CREATE TABLE triage_calls (
      id uuid NOT NULL DEFAULT uuid_generate_v4() PRIMARY KEY,
      patient_id uuid NOT NULL REFERENCES patients(id) ON DELETE RESTRICT,
      pump_id uuid REFERENCES pumps(id) ON DELETE RESTRICT,
      at timestamptz NOT NULL,
      caller text NOT NULL,
      symptoms text[] NOT NULL,
      pump_alarm_heard boolean NOT NULL,
      notes text,
      urgency text NOT NULL,
      suspected text NOT NULL,
      reasons text[] NOT NULL,
      actions text[] NOT NULL,
      context jsonb NOT NULL,
      projection_available boolean NOT NULL,
      high_risk boolean NOT NULL,
      oral_backup_plan jsonb,
      recorded_by uuid NOT NULL,
      outcome text,
      outcome_notes text,
      closed_at timestamptz,
      closed_by uuid,
      version integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT chk_triage_calls_closed CHECK ((closed_at IS NULL) = (outcome IS NULL)))`);
    await q.query(`CREATE INDEX idx_triage_calls_patient_at ON triage_calls (patient_id, at)`);
    // the alarm loader reads the open calls of a batch of pumps
    await q.query(`CREATE INDEX idx_triage_calls_open_pump ON triage_calls (pump_id) WHERE closed_at IS NULL`);
    await q.query(`CREATE TRIGGER triage_calls_eval_ins AFTER INSERT ON triage_calls REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION pump_eval_touch_children()`);
    await q.query(`CREATE TRIGGER triage_calls_eval_upd AFTER UPDATE ON triage_calls REFERENCING OLD TABLE AS old_rows
      NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pump_eval_touch_children()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER triage_calls_eval_upd ON triage_calls`);
    await q.query(`DROP TRIGGER triage_calls_eval_ins ON triage_calls`);
    await q.query(`DROP TABLE triage_calls`);
    await q.query(`ALTER TABLE patients DROP CONSTRAINT chk_patients_oral_backup_plan,
      DROP COLUMN oral_backup_notes, DROP COLUMN oral_backup_times_per_day, DROP COLUMN oral_backup_dose_mg`);
  }
}
