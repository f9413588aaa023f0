import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS } from '../../src/database/migrations';
import {
  freePort,
  portClosed,
  removeTree,
  spawnApp,
  waitHealthy,
  type AppProcess,
} from '../reliability/support/app-process';
import { API_DIR, ensureBuilt } from '../reliability/support/build';
import { reportFigures } from '../reliability/support/figures';

const REPO_ROOT = path.resolve(API_DIR, '../..');
/** Release 1 (docs/RELEASES.md): round one's head. */
const PREVIOUS_RELEASE = '22ad423';
/** Release 1's embedded superuser and its published password (the current build replaces it on start). */
const RELEASE_1_DB = { user: 'pumpwatch', password: 'pumpwatch-local' };
const DEMO_PASSWORD = 'pumpwatch-demo';

interface AlarmRow {
  id: string;
  code: string;
  priority: string;
  status: string;
  version: number;
}

function run(cmd: string, args: string[], cwd: string): void {
  const res = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${res.stdout}\n${res.stderr}`);
}

/** The environment of an installation: nothing of the test run's own database settings. */
function appEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k.startsWith('PUMPWATCH_') || k === 'DATABASE_URL' || k === 'TEST_DATABASE_URL' || k === 'JWT_SECRET') {
      delete env[k];
    }
  }
  return { ...env, PUMPWATCH_WEB_DIST: '/nonexistent', ...extra };
}

async function api<T>(base: string, route: string, token?: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${base}${route}`, {
    ...init,
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(init.headers as Record<string, string> | undefined),
    },
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${route} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const login = async (base: string, who: string) =>
  (
    await api<{ accessToken: string }>(base, '/api/auth/login', undefined, {
      method: 'POST',
      body: JSON.stringify({ email: `${who}@demo.pumpwatch.local`, password: DEMO_PASSWORD }),
    })
  ).accessToken;

/** The board: every unresolved alarm (id, code, priority, status), sorted by id. */
async function board(base: string, token: string): Promise<AlarmRow[]> {
  const body = await api<AlarmRow[] | { items: AlarmRow[] }>(base, '/api/alarms', token);
  const items = Array.isArray(body) ? body : body.items;
  return items
    .map(({ id, code, priority, status, version }) => ({ id, code, priority, status, version }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The board once the first sweep after start has raised the demo clinic's alarms (same answer twice, 2 s apart). */
async function settledBoard(base: string, token: string): Promise<AlarmRow[]> {
  let last = JSON.stringify(await board(base, token));
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 2000));
    const now = await board(base, token);
    if (now.length > 0 && JSON.stringify(now) === last) return now;
    last = JSON.stringify(now);
  }
  throw new Error('the alarm board did not settle');
}

/** Per table: row count and a digest of its ids (a row lost or replaced changes it, a column added does not). */
async function tableFacts(c: Client, tables?: string[]): Promise<Record<string, string>> {
  const names =
    tables ??
    (
      (await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`))
        .rows as { tablename: string }[]
    ).map((r) => r.tablename);
  const out: Record<string, string> = {};
  for (const t of names.sort()) {
    const { rows: cols } = await c.query(
      `SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name = 'id'`,
      [t],
    );
    const digest = cols.length ? `md5(string_agg(id::text, ',' ORDER BY id::text))` : `''`;
    const { rows } = await c.query(`SELECT count(*)::int AS n, ${digest} AS ids FROM "${t}"`);
    const r = rows[0] as { n: number; ids: string | null };
    out[t] = `${r.n} rows ${r.ids ?? ''}`.trim();
  }
  return out;
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A release-1 process may leave its PostgreSQL running when stopped: stop that postmaster the way pg_ctl would. */
async function ensureDatabaseStopped(dataDir: string, port: number): Promise<void> {
  for (let i = 0; i < 100 && !(await portClosed(port)); i++) {
    if (i === 10) {
      const pid = Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGINT');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe(`upgrade in place: release 1 (${PREVIOUS_RELEASE}) → this build`, () => {
  it('applies every migration, loses no row, keeps the audit chain valid and the board showing the same alarms', async () => {
    ensureBuilt();
    const started = Date.now();
    // traversable by the account release 1's embedded PostgreSQL runs as when this runs as root
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-upgrade-'));
    fs.chmodSync(work, 0o755);
    const release = path.join(work, 'release-1');
    const dataDir = path.join(work, 'data');
    const processes: AppProcess[] = [];
    try {
      run('git', ['worktree', 'add', '--detach', release, PREVIOUS_RELEASE], REPO_ROOT);
      run(
        'pnpm',
        ['install', '--frozen-lockfile', '--prefer-offline', '--filter', '.', '--filter', '@pumpwatch/api...'],
        release,
      );
      run('pnpm', ['-s', '--filter', './packages/**', 'run', 'build'], release);
      run('pnpm', ['-s', '--filter', '@pumpwatch/api', 'run', 'build'], release);
      const builtAfterMs = Date.now() - started;

      const [httpPort, pgPort] = [await freePort(), await freePort()];
      const base = `http://127.0.0.1:${httpPort}`;
      const env = { PORT: String(httpPort), PUMPWATCH_DATA_DIR: dataDir, PUMPWATCH_EMBEDDED_PG_PORT: String(pgPort) };

      // release 1 with the demo clinic, its first sweep, and a nurse acknowledging an alarm
      const old = spawnApp(path.join(release, 'apps/api/dist/main.js'), appEnv(env), release);
      processes.push(old);
      await waitHealthy(old, httpPort, 120_000);
      const nurse = await login(base, 'nurse');
      const toAck = (await settledBoard(base, nurse)).find((a) => a.status === 'open');
      expect(toAck).toBeDefined();
      await api(base, `/api/alarms/${toAck!.id}/acknowledge`, nurse, {
        method: 'POST',
        body: JSON.stringify({ version: toAck!.version, note: 'seen before the upgrade' }),
      });
      const boardBefore = await board(base, nurse);
      const verifyBefore = await api<{ ok: boolean; entries: number }>(
        base,
        '/api/audit/verify',
        await login(base, 'admin'),
      );
      expect(verifyBefore.ok).toBe(true);
      const releaseUrl = `postgres://${RELEASE_1_DB.user}:${RELEASE_1_DB.password}@127.0.0.1:${pgPort}/pumpwatch`;
      const before = await withClient(releaseUrl, (c) => tableFacts(c));
      const migrationsBefore = await withClient(releaseUrl, async (c) =>
        ((await c.query('SELECT name FROM migrations ORDER BY id')).rows as { name: string }[]).map((r) => r.name),
      );
      await old.stop();
      await ensureDatabaseStopped(dataDir, pgPort);

      // this build on the same data folder: no demo seed (an empty-looking database would be reseeded), no sweep
      // (the board must show what release 1 stored, not a re-evaluation by a newer engine)
      const current = spawnApp(
        path.join(API_DIR, 'dist/main.js'),
        appEnv({ ...env, PUMPWATCH_SEED: 'none', PUMPWATCH_ALARM_CRON: 'off' }),
      );
      processes.push(current);
      const upgradedAfterMs = await waitHealthy(current, httpPort, 120_000);

      const creds = JSON.parse(fs.readFileSync(path.join(dataDir, 'database-credentials.json'), 'utf8')) as {
        app: { user: string; password: string };
      };
      const appUrl = `postgres://${creds.app.user}:${encodeURIComponent(creds.app.password)}@127.0.0.1:${pgPort}/pumpwatch`;
      const { applied, after } = await withClient(appUrl, async (c) => ({
        applied: ((await c.query('SELECT name FROM migrations ORDER BY id')).rows as { name: string }[]).map(
          (r) => r.name,
        ),
        after: await tableFacts(c, Object.keys(before)),
      }));
      const expectedMigrations = MIGRATIONS.map((m) => new (m as new () => { name: string })().name);
      expect(applied.slice(0, migrationsBefore.length)).toEqual(migrationsBefore);
      expect([...applied].sort()).toEqual([...expectedMigrations].sort());
      expect(after).toEqual(before);

      const verifyAfter = await api<{ ok: boolean; entries: number }>(
        base,
        '/api/audit/verify',
        await login(base, 'admin'),
      );
      expect(verifyAfter.ok).toBe(true);
      expect(verifyAfter.entries).toBeGreaterThanOrEqual(verifyBefore.entries);
      const boardAfter = await board(base, await login(base, 'nurse'));
      const identity = (rows: AlarmRow[]) =>
        rows.map(({ id, code, priority, status }) => ({ id, code, priority, status }));
      expect(identity(boardAfter)).toEqual(identity(boardBefore));
      expect(boardAfter.find((a) => a.id === toAck!.id)?.status).toBe('acknowledged');

      reportFigures('upgrade.release1', {
        from: PREVIOUS_RELEASE,
        migrationsBefore: migrationsBefore.length,
        migrationsAfter: applied.length,
        tables: Object.keys(before).length,
        rows: Object.values(before).reduce((n, f) => n + Number(f.split(' ')[0]), 0),
        openAlarms: boardAfter.length,
        auditEntriesBefore: verifyBefore.entries,
        auditEntriesAfter: verifyAfter.entries,
        buildReleaseMs: builtAfterMs,
        upgradeStartMs: upgradedAfterMs,
      });
    } finally {
      for (const p of processes) await p.stop();
      spawnSync('git', ['worktree', 'remove', '--force', release], { cwd: REPO_ROOT });
      spawnSync('git', ['worktree', 'prune'], { cwd: REPO_ROOT });
      removeTree(work);
    }
  });
});
