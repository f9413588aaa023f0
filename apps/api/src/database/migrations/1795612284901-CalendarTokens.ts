import { MigrationInterface, QueryRunner } from 'typeorm';

export class CalendarTokens1795612284901 implements MigrationInterface {
  name = 'CalendarTokens1795612284901';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "calendar_tokens" ("user_id" uuid NOT NULL, "token_sha256" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b72b4c7c65d3753a2b4fd1bb02a" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_7dabe4637b5f7442917a49ecf2" ON "calendar_tokens"  ("token_sha256") `,
    );
    await queryRunner.query(
      `ALTER TABLE "calendar_tokens" ADD CONSTRAINT "FK_b72b4c7c65d3753a2b4fd1bb02a" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "calendar_tokens" DROP CONSTRAINT "FK_b72b4c7c65d3753a2b4fd1bb02a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7dabe4637b5f7442917a49ecf2"`);
    await queryRunner.query(`DROP TABLE "calendar_tokens"`);
  }
}
