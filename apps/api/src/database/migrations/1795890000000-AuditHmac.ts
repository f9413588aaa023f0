import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each audit entry also carries an HMAC of its chain hash under a key kept outside the database: a history
 * rewritten with a recomputed SHA-256 chain no longer verifies without that key. Entries written before this
 * column existed keep it empty (the anchor log records how many there were).
 */
export class AuditHmac1795890000000 implements MigrationInterface {
  name = 'AuditHmac1795890000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_log" ADD "hmac" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_log" DROP COLUMN "hmac"`);
  }
}
