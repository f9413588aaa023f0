import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * TOTP second factor per user: the secret sealed with a key kept outside the database (AES-256-GCM), when it was
 * confirmed, the last time step accepted (a code works once), and sha256 hashes of the unused recovery codes.
 * A session signed in by a user who must enrol first is limited to enrolment until they do.
 */
export class UserMfa1795880000000 implements MigrationInterface {
  name = 'UserMfa1795880000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "users" ADD "totp_secret_sealed" text, ADD "totp_enabled_at" TIMESTAMP WITH TIME ZONE, ADD "totp_last_step" bigint, ADD "recovery_code_hashes" text array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(`ALTER TABLE "auth_sessions" ADD "enrolment_only" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_sessions" DROP COLUMN "enrolment_only"`);
    await queryRunner.query(
      `ALTER TABLE "users" DROP COLUMN "recovery_code_hashes", DROP COLUMN "totp_last_step", DROP COLUMN "totp_enabled_at", DROP COLUMN "totp_secret_sealed"`,
    );
  }
}
