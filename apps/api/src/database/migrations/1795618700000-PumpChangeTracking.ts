import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows carry a pump_id the projection or the alarm engine reads. */
const PUMP_CHILD_TABLES = ['refills', 'dose_programs', 'appointments', 'pump_events', 'alarms'];

/**
 * Hand-written (TypeORM cannot generate triggers or sequences): statement-level triggers give a pump's
 * pump_eval_state.input_seq a fresh `pump_input_seq` value in the writing transaction whenever an input of its
 * projection or alarms changes. Statement-level with transition tables, so a bulk write costs one UPDATE.
 * The alarm evaluator's own alarm writes set `pumpwatch.evaluating` (SET LOCAL) and do not count as input.
 */
export class PumpChangeTracking1795618700000 implements MigrationInterface {
  name = 'PumpChangeTracking1795618700000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE pump_input_seq AS bigint`);
    await q.query(`INSERT INTO pump_eval_state (pump_id, input_seq) SELECT id, nextval('pump_input_seq') FROM pumps`);
    await q.query(`
      CREATE FUNCTION pump_eval_touch_children() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'alarms' AND current_setting('pumpwatch.evaluating', true) = 'on' THEN
          RETURN NULL;
        END IF;
        IF TG_OP = 'INSERT' THEN
          UPDATE pump_eval_state s SET input_seq = nextval('pump_input_seq')
            FROM (SELECT DISTINCT pump_id FROM new_rows) c WHERE s.pump_id = c.pump_id;
        ELSIF TG_OP = 'UPDATE' THEN
          UPDATE pump_eval_state s SET input_seq = nextval('pump_input_seq')
            FROM (SELECT pump_id FROM new_rows UNION SELECT pump_id FROM old_rows) c WHERE s.pump_id = c.pump_id;
        ELSE
          UPDATE pump_eval_state s SET input_seq = nextval('pump_input_seq')
            FROM (SELECT DISTINCT pump_id FROM old_rows) c WHERE s.pump_id = c.pump_id;
        END IF;
        RETURN NULL;
      END $$`);
    for (const t of PUMP_CHILD_TABLES) {
      await q.query(`CREATE TRIGGER ${t}_eval_ins AFTER INSERT ON ${t} REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION pump_eval_touch_children()`);
      await q.query(`CREATE TRIGGER ${t}_eval_upd AFTER UPDATE ON ${t} REFERENCING OLD TABLE AS old_rows
        NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pump_eval_touch_children()`);
      await q.query(`CREATE TRIGGER ${t}_eval_del AFTER DELETE ON ${t} REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION pump_eval_touch_children()`);
    }
    await q.query(`
      CREATE FUNCTION pump_eval_touch_pumps() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO pump_eval_state (pump_id, input_seq) SELECT id, nextval('pump_input_seq') FROM new_rows
            ON CONFLICT (pump_id) DO UPDATE SET input_seq = EXCLUDED.input_seq;
        ELSE
          UPDATE pump_eval_state s SET input_seq = nextval('pump_input_seq') FROM new_rows n WHERE s.pump_id = n.id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER pumps_eval_ins AFTER INSERT ON pumps REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION pump_eval_touch_pumps()`);
    await q.query(`CREATE TRIGGER pumps_eval_upd AFTER UPDATE ON pumps REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION pump_eval_touch_pumps()`);
    await q.query(`
      CREATE FUNCTION pump_eval_touch_patients() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE pump_eval_state s SET input_seq = nextval('pump_input_seq')
          FROM pumps p JOIN new_rows n ON n.id = p.patient_id WHERE s.pump_id = p.id;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER patients_eval_upd AFTER UPDATE ON patients REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION pump_eval_touch_patients()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER patients_eval_upd ON patients`);
    await q.query(`DROP FUNCTION pump_eval_touch_patients()`);
    await q.query(`DROP TRIGGER pumps_eval_upd ON pumps`);
    await q.query(`DROP TRIGGER pumps_eval_ins ON pumps`);
    await q.query(`DROP FUNCTION pump_eval_touch_pumps()`);
    for (const t of PUMP_CHILD_TABLES) {
      for (const op of ['ins', 'upd', 'del']) await q.query(`DROP TRIGGER ${t}_eval_${op} ON ${t}`);
    }
    await q.query(`DROP FUNCTION pump_eval_touch_children()`);
    await q.query(`DELETE FROM pump_eval_state`);
    await q.query(`DROP SEQUENCE pump_input_seq`);
  }
}
