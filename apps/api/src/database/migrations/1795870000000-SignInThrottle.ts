import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed sign-ins counted per (e-mail as typed + client address) and per client address, for growing delays
 * that a stranger elsewhere cannot impose on the real user. Keyed by the typed e-mail, not the account, so an
 * unknown e-mail is counted (and delayed) exactly like a known one.
 */
export class SignInThrottle1795870000000 implements MigrationInterface {
  name = 'SignInThrottle1795870000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sign_in_throttle" ("key" text NOT NULL, "failures" integer NOT NULL DEFAULT 0, "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "blocked_until" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_sign_in_throttle" PRIMARY KEY ("key"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sign_in_throttle"`);
  }
}
