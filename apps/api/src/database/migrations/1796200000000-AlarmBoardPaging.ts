import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keyset paging of the alarm board (critical first, then oldest raised, then id): the priority's rank as an
 * immutable function so an index can hold it, and two partial indexes in exactly the board's order — one for the
 * unresolved alarms the board shows (small, hot), one for the resolved history (large, read rarely). A page is then
 * an index range scan from the cursor instead of sorting every matching alarm.
 * Hand-written: TypeORM cannot generate expression indexes (the entity declares them with synchronize: false).
 */
export class AlarmBoardPaging1796200000000 implements MigrationInterface {
  name = 'AlarmBoardPaging1796200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION alarm_priority_rank(priority text) RETURNS integer
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT CASE priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END $$`);
    await q.query(`CREATE INDEX "alarms_board_unresolved_idx" ON "alarms"
      (alarm_priority_rank("priority"), "raised_at", "id") WHERE "status" <> 'resolved'`);
    await q.query(`CREATE INDEX "alarms_board_resolved_idx" ON "alarms"
      (alarm_priority_rank("priority"), "raised_at", "id") WHERE "status" = 'resolved'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "alarms_board_resolved_idx"`);
    await q.query(`DROP INDEX "alarms_board_unresolved_idx"`);
    await q.query(`DROP FUNCTION alarm_priority_rank(text)`);
  }
}
