import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { startTestApp } from '../support/test-app';
import { createTestUsers, TEST_PASSWORD } from '../support/users';
import {
  freePort,
  portClosed,
  removeTree,
  spawnApp,
  stderrLines,
  waitHealthy,
  type AppProcess,
} from './support/app-process';
import { API_DIR, ensureBuilt } from './support/build';
import { reportFigures } from './support/figures';
import { startOwnPostgres } from './support/own-postgres';

const REPO_ROOT = path.resolve(API_DIR, '../..');
const CREDENTIALS_FILE = 'database-credentials.json';
/** The password every round-one installation shared (published in its source). */
const ROUND_ONE_PASSWORD = 'pumpwatch-local';
const isRoot = process.getuid?.() === 0;

interface Credentials {
  superuser: { user: string; password: string };
  app: { user: string; password: string };
}

/** The environment a newcomer has: none of the test run's database settings leak into the app under test. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k.startsWith('PUMPWATCH_') || k === 'DATABASE_URL' || k === 'TEST_DATABASE_URL' || k === 'JWT_SECRET') {
      delete env[k];
    }
  }
  return { ...env, ...extra };
}

/**
 * The checkout a newcomer gets, inside a folder only its owner may enter (mode 700, like `mktemp -d` or root's
 * home): the built API, the workspace packages and node_modules, hard-linked so the copy is quick.
 */
function copyCheckout(into: string): void {
  for (const rel of ['package.json', 'node_modules', 'packages', 'apps/api']) {
    const dest = path.join(into, rel);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    let res = spawnSync('cp', ['-al', path.join(REPO_ROOT, rel), dest]);
    if (res.status !== 0) res = spawnSync('cp', ['-a', path.join(REPO_ROOT, rel), dest]);
    if (res.status !== 0) throw new Error(`copying ${rel} failed: ${res.stderr.toString()}`);
  }
}

function readCredentials(dataDir: string): { creds: Credentials; mode: number } {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  return {
    creds: JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials,
    mode: fs.statSync(file).mode & 0o777,
  };
}

async function connect(port: number, user: string, password: string, database = 'pumpwatch'): Promise<Client> {
  const c = new Client({ host: '127.0.0.1', port, user, password, database });
  await c.connect();
  return c;
}

/** The SQL error code a statement fails with, or 'succeeded'. */
async function errorCode(c: Client, sql: string): Promise<string> {
  return c.query(sql).then(
    () => 'succeeded',
    (e: { code?: string }) => e.code ?? 'unknown',
  );
}

/** What the app's own database role may do to the audit log: nothing but read and append. */
async function expectAuditSealed(c: Client): Promise<void> {
  const [{ rolsuper }] = (await c.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user')).rows as {
    rolsuper: boolean;
  }[];
  expect(rolsuper).toBe(false);
  expect(await errorCode(c, 'DROP TRIGGER audit_log_no_update_delete ON audit_log')).toBe('42501');
  expect(await errorCode(c, 'ALTER TABLE audit_log DISABLE TRIGGER ALL')).toBe('42501');
  expect(await errorCode(c, 'SET session_replication_role = replica')).toBe('42501');
  expect(await errorCode(c, 'UPDATE audit_log SET action = action')).toBe('42501');
  expect(await errorCode(c, 'TRUNCATE audit_log')).toBe('42501');
}

describe('first run: a fresh checkout inside a 700 folder', () => {
  let work: string;
  let checkout: string;
  let systemDir: string;
  let first: AppProcess | undefined;
  let httpPort: number;
  let pgPort: number;
  const others: string[] = [];

  beforeAll(() => {
    ensureBuilt();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-firstrun-'));
    expect(fs.statSync(work).mode & 0o777).toBe(0o700);
    checkout = path.join(work, 'pumpwatch');
    copyCheckout(checkout);
    // where, as root, PostgreSQL's binaries and cluster go when the checkout is out of its user's reach
    systemDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-pgsys-'));
    fs.chmodSync(systemDir, 0o755);
  });

  afterAll(async () => {
    await first?.stop();
    for (const dir of [work, systemDir, ...others]) if (dir) removeTree(dir);
  });

  it(`starts healthy within 60 s${isRoot ? ' as root' : ''}, with the demo clinic`, async () => {
    httpPort = await freePort();
    pgPort = await freePort();
    first = spawnApp(
      path.join(checkout, 'apps/api/dist/main.js'),
      cleanEnv({
        PORT: String(httpPort),
        PUMPWATCH_EMBEDDED_PG_PORT: String(pgPort),
        PUMPWATCH_EMBEDDED_PG_SYSTEM_DIR: systemDir,
      }),
      checkout,
    );
    const healthyAfterMs = await waitHealthy(first, httpPort, 60_000);
    const login = await fetch(`http://127.0.0.1:${httpPort}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'nurse@demo.pumpwatch.local', password: 'pumpwatch-demo' }),
    });
    expect(login.status).toBe(200);
    reportFigures('firstRun.rootIn700Folder', { root: isRoot, healthyAfterMs });
  }, 90_000);

  it('keeps a random database password in a 0600 file and connects as a role that is not a superuser', async () => {
    const dataDir = path.join(checkout, '.data');
    const { creds, mode } = readCredentials(dataDir);
    expect(mode).toBe(0o600);
    expect(creds.app.password).toMatch(/^[A-Za-z0-9_-]{24,}$/);
    expect(creds.superuser.password).toMatch(/^[A-Za-z0-9_-]{24,}$/);
    expect(creds.app.password).not.toBe(creds.superuser.password);
    // the published round-one password no longer opens the cluster
    const legacy = await connect(pgPort, 'pumpwatch', ROUND_ONE_PASSWORD).then(
      (c) => c.end().then(() => 'connected'),
      (e: { code?: string }) => e.code,
    );
    expect(legacy).toBe('28P01');
    const app = await connect(pgPort, creds.app.user, creds.app.password);
    try {
      expect(creds.app.user).not.toBe(creds.superuser.user);
      await expectAuditSealed(app);
      // the app role owns every other table (migrations can alter them)
      const { rows } = await app.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user ORDER BY 1`,
      );
      expect(rows).toEqual([{ tablename: 'audit_log' }]);
    } finally {
      await app.end();
    }
  });

  it('a second PumpWatch on the same embedded database port says which port and variable, and exits non-zero', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-second-'));
    others.push(dataDir);
    const second = spawnApp(
      path.join(checkout, 'apps/api/dist/main.js'),
      cleanEnv({
        PORT: String(await freePort()),
        PUMPWATCH_EMBEDDED_PG_PORT: String(pgPort),
        PUMPWATCH_DATA_DIR: dataDir,
        PUMPWATCH_EMBEDDED_PG_SYSTEM_DIR: systemDir,
      }),
      checkout,
    );
    const code = await second.exited;
    expect(code).not.toBe(0);
    const lines = stderrLines(second);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(String(pgPort));
    expect(lines[0]).toContain('PUMPWATCH_EMBEDDED_PG_PORT');
    expect(lines[0]).not.toMatch(/undefined/);
  }, 60_000);

  it('a busy HTTP port says which port and variable, and exits non-zero', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-third-'));
    others.push(dataDir);
    const third = spawnApp(
      path.join(checkout, 'apps/api/dist/main.js'),
      cleanEnv({
        PORT: String(httpPort),
        PUMPWATCH_EMBEDDED_PG_PORT: String(await freePort()),
        PUMPWATCH_DATA_DIR: dataDir,
        PUMPWATCH_EMBEDDED_PG_SYSTEM_DIR: systemDir,
        PUMPWATCH_SEED: 'none',
      }),
      checkout,
    );
    const code = await third.exited;
    expect(code).not.toBe(0);
    const lines = stderrLines(third);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(String(httpPort));
    expect(lines[0]).toMatch(/\bPORT\b/);
    expect(lines[0]).not.toMatch(/undefined|EADDRINUSE|\{/);
    // the first instance is unharmed
    expect((await fetch(`http://127.0.0.1:${httpPort}/api/health`)).status).toBe(200);
  }, 60_000);

  it('stops its database on SIGTERM and starts again on the same data', async () => {
    await first!.stop();
    expect(await first!.exited).toBe(0);
    expect(await portClosed(pgPort)).toBe(true); // the embedded PostgreSQL stopped with it, not orphaned
    const again = spawnApp(
      path.join(checkout, 'apps/api/dist/main.js'),
      cleanEnv({
        PORT: String(httpPort),
        PUMPWATCH_EMBEDDED_PG_PORT: String(pgPort),
        PUMPWATCH_EMBEDDED_PG_SYSTEM_DIR: systemDir,
      }),
      checkout,
    );
    first = again;
    await waitHealthy(again, httpPort, 60_000);
    expect(stderrLines(again)).toEqual([]);
  }, 90_000);
});

describe('first run: a round-one data folder (superuser with the published password) is upgraded in place', () => {
  it('starts on it, rotates the password, moves the app to a non-superuser role and keeps every row', async () => {
    ensureBuilt();
    const dataDir = path.join(REPO_ROOT, '.data', `round-one-${process.pid}-${Date.now()}`);
    const pgPort = await freePort();
    try {
      // the cluster as round one left it: <data>/postgres, superuser pumpwatch / pumpwatch-local, data written by it
      const own = await startOwnPostgres('pumpwatch', { dir: path.join(dataDir, 'postgres'), port: pgPort });
      // one audit key for the data written here and the upgraded app below (each would make its own otherwise)
      const auditKey = `first-run-audit-key-${process.pid}`;
      // and one anchor log, in the data folder the upgraded app uses (not the run's shared test folder, where a
      // later suite's cluster with a database of the same name would read it as its own)
      const setup = await startTestApp({
        databaseUrl: own.url,
        env: { PUMPWATCH_AUDIT_KEY: auditKey, PUMPWATCH_AUDIT_ANCHOR_DIR: dataDir },
      });
      await createTestUsers(setup);
      const [{ n: usersBefore }] = (await setup.app.get(DataSource).query('SELECT count(*)::int AS n FROM users')) as {
        n: number;
      }[];
      await setup.app.close();
      await own.release();

      const httpPort = await freePort();
      const app = spawnApp(
        path.join(API_DIR, 'dist/main.js'),
        cleanEnv({
          PORT: String(httpPort),
          PUMPWATCH_EMBEDDED_PG_PORT: String(pgPort),
          PUMPWATCH_DATA_DIR: dataDir,
          PUMPWATCH_SEED: 'none',
          // the round-one administrator has no second factor yet; the audit check below is not about MFA
          PUMPWATCH_REQUIRE_MFA: 'none',
          PUMPWATCH_AUDIT_KEY: auditKey,
        }),
      );
      try {
        await waitHealthy(app, httpPort, 60_000);
        const { creds, mode } = readCredentials(dataDir);
        expect(mode).toBe(0o600);
        expect(creds.superuser.user).toBe('pumpwatch');
        expect(creds.superuser.password).not.toBe(ROUND_ONE_PASSWORD);
        const legacy = await connect(pgPort, 'pumpwatch', ROUND_ONE_PASSWORD).then(
          (c) => c.end().then(() => 'connected'),
          (e: { code?: string }) => e.code,
        );
        expect(legacy).toBe('28P01');
        const c = await connect(pgPort, creds.app.user, creds.app.password);
        try {
          await expectAuditSealed(c);
          const { rows } = await c.query(
            `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user ORDER BY 1`,
          );
          expect(rows).toEqual([{ tablename: 'audit_log' }]);
          const [{ n }] = (await c.query('SELECT count(*)::int AS n FROM users')).rows as { n: number }[];
          expect(n).toBe(usersBefore);
        } finally {
          await c.end();
        }
        const login = await fetch(`http://127.0.0.1:${httpPort}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: 'admin@test.local', password: TEST_PASSWORD }),
        }).then((r) => r.json() as Promise<{ accessToken: string }>);
        const verify = (await fetch(`http://127.0.0.1:${httpPort}/api/audit/verify`, {
          headers: { Authorization: `Bearer ${login.accessToken}` },
        }).then((r) => r.json())) as { ok: boolean; entries: number };
        expect(verify).toEqual({ ok: true, entries: expect.any(Number) });
        expect(verify.entries).toBeGreaterThanOrEqual(6);
      } finally {
        await app.stop();
      }
      expect(await app.exited).toBe(0);
      expect(await portClosed(pgPort)).toBe(true);
    } finally {
      removeTree(dataDir);
    }
  }, 150_000);
});
