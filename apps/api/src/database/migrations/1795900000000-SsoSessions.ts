import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A session signed in through the hospital's identity provider keeps the provider's ID token, so signing out of
 * PumpWatch can end the provider's session too (RP-initiated logout names it with id_token_hint).
 */
export class SsoSessions1795900000000 implements MigrationInterface {
  name = 'SsoSessions1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_sessions" ADD "oidc_id_token" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth_sessions" DROP COLUMN "oidc_id_token"`);
  }
}
