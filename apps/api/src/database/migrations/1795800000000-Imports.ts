import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Go-live import: the history of committed imports, and refills recorded from a clinic's spreadsheet. Such a
 * refill is a record of the past: the residual aspirated, the programmed concentration read off the pump and the
 * needle check were done by someone else at the time and are not in the file, so they are stored as unknown
 * (NULL) rather than invented.
 */
export class Imports1795800000000 implements MigrationInterface {
  name = 'Imports1795800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE imports (
      id uuid PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      at timestamptz NOT NULL,
      user_id uuid NOT NULL REFERENCES users(id),
      file_name text NOT NULL,
      rows int NOT NULL,
      valid int NOT NULL,
      invalid int NOT NULL,
      creates jsonb NOT NULL,
      updates jsonb NOT NULL,
      unchanged int NOT NULL,
      errors jsonb NOT NULL
    )`);
    await q.query(`CREATE INDEX "IDX_imports_seq" ON imports (seq)`);
    await q.query(`ALTER TABLE refills ALTER COLUMN actual_residual_ml DROP NOT NULL`);
    await q.query(`ALTER TABLE refills ALTER COLUMN programmed_concentration_mcg_per_ml DROP NOT NULL`);
    await q.query(`ALTER TABLE refills ALTER COLUMN needle_position_confirmed DROP NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE imports`);
  }
}
