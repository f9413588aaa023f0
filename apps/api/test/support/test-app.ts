import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import request from 'supertest';
import { Clock, FixedClock } from '../../src/common/clock/clock';
import { loadConfig } from '../../src/config/config';
import { createApp } from '../../src/create-app';
import { AuditAnchor } from '../../src/modules/audit/audit-anchor';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  databaseUrl: string;
  clock: Clock;
  close(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.PUMPWATCH_TEST_SERVER_URL;
  if (!url) throw new Error('PUMPWATCH_TEST_SERVER_URL is not set: run through jest (globalSetup)');
  return url;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(serverUrl(), 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database (migrated by createApp) for one test file; dropped on close. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `pw_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: withDatabase(serverUrl(), name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export interface TestAppOptions {
  clock?: Clock;
  seed?: 'demo' | 'none';
  databaseUrl?: string;
  env?: Record<string, string>;
  /** Receives the app's JSON request log (otherwise silent). */
  logStream?: { write(line: string): void };
}

/** Set once per jest run by the global setup (inherited by the workers); a process's own id otherwise. */
const TEST_RUN_ID = process.env.PUMPWATCH_TEST_RUN_ID ?? `pid-${process.pid}`;

/**
 * Starts the real app (all modules, filters, pipes) on its own database. `databaseUrl` instead starts a second
 * app on another app's database (e.g. two API instances): that database is then left for its owner to drop.
 * The scheduled alarm sweep is off (tests call AlarmsService.sweep() themselves); `env` overrides settings.
 */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const db = opts.databaseUrl ? { url: opts.databaseUrl, drop: async () => undefined } : await createTestDatabase();
  const config = loadConfig({
    ...process.env,
    PUMPWATCH_SEED: opts.seed ?? 'none',
    PUMPWATCH_WEB_DIST: '/nonexistent',
    PUMPWATCH_ALARM_CRON: 'off',
    // test accounts sign in with their password alone; the second-factor tests ask for the requirement
    PUMPWATCH_REQUIRE_MFA: 'none',
    // one anchor log per test database, out of the repository, in a folder of this test run's own: a log left by
    // another run (another checkout, another audit key) on a database of the same name must not be read as ours
    PUMPWATCH_AUDIT_ANCHOR_DIR: path.join(os.tmpdir(), 'pumpwatch-test-anchors', TEST_RUN_ID),
    PUMPWATCH_AUDIT_ANCHOR_SECONDS: '0',
    // the delivery worker too: tests that need it drain it themselves (DeliveryWorker.drain)
    PUMPWATCH_NOTIFY_POLL_MS: 'off',
    ...opts.env,
  });
  const clock = opts.clock ?? new FixedClock(new Date('2026-03-01T09:00:00Z'));
  const app = await createApp({ config, databaseUrl: db.url, clock, logger: false, logStream: opts.logStream });
  return {
    app,
    http: request(app.getHttpServer()),
    databaseUrl: db.url,
    clock,
    close: async () => {
      const anchorFile = await app.get(AuditAnchor).path();
      await app.close();
      await db.drop();
      if (!opts.databaseUrl) fs.rmSync(anchorFile, { force: true });
    },
  };
}
