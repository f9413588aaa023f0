import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row: when the scheduled alarm sweep last finished. In the database rather than in memory so that every API
 * instance (only one of which sweeps at a time) reports the same in /api/health and /metrics.
 */
export class AlarmSweepState1796130000000 implements MigrationInterface {
  name = 'AlarmSweepState1796130000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "alarm_sweep_state" (
      "id" smallint PRIMARY KEY DEFAULT 1 CHECK ("id" = 1),
      "last_success_at" TIMESTAMP WITH TIME ZONE,
      "last_duration_ms" integer,
      "last_pumps" integer)`);
    await queryRunner.query(`INSERT INTO "alarm_sweep_state" ("id") VALUES (1)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "alarm_sweep_state"`);
  }
}
