import path from 'node:path';
import { startEmbeddedCluster } from '../../src/database/embedded-postgres';

/**
 * One PostgreSQL server for the whole run: TEST_DATABASE_URL (or DATABASE_URL) when given,
 * else an embedded cluster under .data/test. Each test file then creates its own database on it.
 */
export default async function globalSetup(): Promise<void> {
  // test apps keep their audit anchor logs in a folder of this run's own (test-app.ts)
  process.env.PUMPWATCH_TEST_RUN_ID ??= `${Date.now().toString(36)}-${process.pid}`;
  const given = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (given) {
    process.env.PUMPWATCH_TEST_SERVER_URL = given;
    return;
  }
  // the tests create and drop a database per file, so they sign in as the cluster's superuser
  const db = await startEmbeddedCluster({
    dataDir: path.resolve(__dirname, '../../../../.data/test'),
    port: Number(process.env.PUMPWATCH_TEST_PG_PORT ?? 54330),
  });
  (globalThis as { __PUMPWATCH_TEST_DB__?: typeof db }).__PUMPWATCH_TEST_DB__ = db;
  process.env.PUMPWATCH_TEST_SERVER_URL = db.adminUrl('postgres');
}
