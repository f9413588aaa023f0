import { MigrationInterface, QueryRunner } from 'typeorm';

export class PumpEvalState1795618650535 implements MigrationInterface {
  name = 'PumpEvalState1795618650535';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "pump_eval_state" ("pump_id" uuid NOT NULL, "input_seq" bigint NOT NULL DEFAULT '0', "evaluated_seq" bigint NOT NULL DEFAULT '-1', "evaluated_settings_version" integer, "evaluated_at" TIMESTAMP WITH TIME ZONE, "next_check_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_56a72b81198e88a900637ffdccd" PRIMARY KEY ("pump_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "pump_eval_state" ADD CONSTRAINT "FK_56a72b81198e88a900637ffdccd" FOREIGN KEY ("pump_id") REFERENCES "pumps"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pump_eval_state" DROP CONSTRAINT "FK_56a72b81198e88a900637ffdccd"`);
    await queryRunner.query(`DROP TABLE "pump_eval_state"`);
  }
}
