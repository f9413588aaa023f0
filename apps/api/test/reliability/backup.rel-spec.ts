import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { backupDatabase, restoreDatabase, toolMajor } from '../../src/database/backup/backup';
import { createTestDatabase, startTestApp, type TestApp } from '../support/test-app';
import { API_DIR, ensureBuilt } from './support/build';
import { reportFigures } from './support/figures';

const CLI = path.join(API_DIR, 'dist/cli/pumpwatch.js');

/**
 * Row count + md5 of every table's rows: two databases with equal fingerprints hold the same data. The derived
 * pump_eval_state (rebuilt by triggers on a built-in restore) counts as one tracking row per pump.
 */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const tables = (
      await c.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public'
            AND tablename NOT IN ('migrations', 'pump_eval_state')`,
      )
    ).rows.map((r: { tablename: string }) => r.tablename);
    const out: Record<string, string> = {};
    for (const t of tables.sort()) {
      const { rows } = await c.query(
        `SELECT count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS f FROM "${t}" x`,
      );
      out[t] = (rows[0] as { f: string }).f;
    }
    const { rows } = await c.query(
      `SELECT count(*)::text AS n FROM pumps p JOIN pump_eval_state s ON s.pump_id = p.id`,
    );
    out.pump_eval_state = `one per pump: ${(rows[0] as { n: string }).n}`;
    return out;
  } finally {
    await c.end();
  }
}

function cli(args: string[], databaseUrl: string) {
  return spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

async function verifyAudit(databaseUrl: string): Promise<{ ok: boolean; entries: number }> {
  const app: TestApp = await startTestApp({ databaseUrl });
  try {
    const login = await app.http
      .post('/api/auth/login')
      .send({ email: 'admin@demo.pumpwatch.local', password: 'pumpwatch-demo' })
      .expect(200);
    return (
      await app.http.get('/api/audit/verify').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200)
    ).body as { ok: boolean; entries: number };
  } finally {
    await app.app.close();
  }
}

describe('reliability: backup and restore round trip', () => {
  let source: TestApp;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pumpwatch-backup-'));
  const targets: { url: string; drop(): Promise<void> }[] = [];

  beforeAll(async () => {
    ensureBuilt();
    source = await startTestApp({ seed: 'demo' });
  });
  afterAll(async () => {
    for (const t of targets) await t.drop();
    await source.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pnpm pumpwatch backup → restore into a fresh database: identical rows, the audit chain verifies', async () => {
    const sourceAudit = await verifyAudit(source.databaseUrl);
    expect(sourceAudit.ok).toBe(true);
    // after that sign-in: signing in records a session, and the backups below hold it
    const before = await fingerprint(source.databaseUrl);
    const figures: Record<string, unknown>[] = [];

    // 1) the CLI as an operator runs it (method chosen by the pg_dump version), 2) the built-in dump, forced
    const file = path.join(dir, 'clinic.backup');
    const backup = cli(['backup', '--out', file], source.databaseUrl);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    const builtinFile = path.join(dir, 'clinic-builtin.sql');
    await backupDatabase(source.databaseUrl, builtinFile, { method: 'builtin' });
    expect(fs.readFileSync(builtinFile, 'utf8')).toMatch(/^COPY public\."audit_log" \(.*\) FROM stdin;$/m);

    for (const [label, backupFile] of [
      [/\(pg_dump,/.test(backup.stdout) ? 'cli:pg_dump' : 'cli:builtin', file],
      ['builtin', builtinFile],
    ] as const) {
      const target = await createTestDatabase();
      targets.push(target);
      const started = Date.now();
      const restore = cli(['restore', '--in', backupFile], target.url);
      expect(restore.status).toBe(0);
      const restoreMs = Date.now() - started;
      expect(await fingerprint(target.url)).toEqual(before);
      const audit = await verifyAudit(target.url);
      expect(audit).toEqual(sourceAudit);

      // a non-empty database is refused unless --force, which then replaces it
      const again = cli(['restore', '--in', backupFile], target.url);
      expect(again.status).not.toBe(0);
      expect(again.stderr).toContain('--force');
      expect(cli(['restore', '--in', backupFile, '--force'], target.url).status).toBe(0);
      expect(await fingerprint(target.url)).toEqual(before);
      figures.push({
        method: label,
        bytes: fs.statSync(backupFile).size,
        tables: Object.keys(before).length,
        rows: Object.values(before).reduce((n, f) => n + Number(f.split(':')[0]), 0),
        auditEntries: audit.entries,
        identical: true,
        restoreMs,
      });
    }

    // the restored clinic is usable: its users sign in (password hashes restored byte for byte)
    const restored = await startTestApp({ databaseUrl: targets[0].url });
    try {
      await restored.http
        .post('/api/auth/login')
        .send({ email: 'nurse@demo.pumpwatch.local', password: 'pumpwatch-demo' })
        .expect(200);
    } finally {
      await restored.app.close();
    }
    reportFigures('backup.round-trip', {
      pgDumpMajor: toolMajor('pg_dump') ?? null,
      runs: figures,
    });
  });

  it('restoring something that is not a backup fails without touching the database', async () => {
    const target = await createTestDatabase();
    targets.push(target);
    const junk = path.join(dir, 'junk.sql');
    fs.writeFileSync(junk, 'DROP TABLE users;\n');
    await expect(restoreDatabase(target.url, junk)).rejects.toThrow(/not a PumpWatch backup/);
    await expect(restoreDatabase(target.url, path.join(dir, 'missing'))).rejects.toThrow(/no backup file/);
  });
});
