import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Server-side sign-in sessions. Access tokens name their session and stop working the moment it is revoked:
 * sign-out, password or role change, deactivation, or a refresh token presented twice. Only sha256 hashes of
 * refresh tokens are kept (the current one and the one it replaced), so a database read yields no working token.
 */
export class AuthSessions1795860000000 implements MigrationInterface {
  name = 'AuthSessions1795860000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth_sessions" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "refresh_sha256" text NOT NULL, "previous_refresh_sha256" text, "rotated_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, CONSTRAINT "PK_auth_sessions" PRIMARY KEY ("id"), CONSTRAINT "FK_auth_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_auth_sessions_user" ON "auth_sessions" ("user_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_auth_sessions_refresh" ON "auth_sessions" ("refresh_sha256")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_auth_sessions_previous_refresh" ON "auth_sessions" ("previous_refresh_sha256")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "auth_sessions"`);
  }
}
