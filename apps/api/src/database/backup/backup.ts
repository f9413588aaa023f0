import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { Client } from 'pg';
import { runMigrations } from '../migrate';
import { dumpMigrations, loadLogicalDump, writeLogicalDump } from './logical-dump';

export type BackupMethod = 'pg_dump' | 'builtin';

export interface BackupOptions {
  /** Force a method (tests); by default pg_dump when its major version is at least the server's. */
  method?: BackupMethod;
}

/** Major version of a PostgreSQL client tool on PATH (`pg_dump (PostgreSQL) 15.20` → 15), or undefined. */
export function toolMajor(tool: 'pg_dump' | 'pg_restore'): number | undefined {
  const res = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  const m = res.status === 0 ? /(\d+)(?:\.\d+)?/.exec(res.stdout) : null;
  return m ? Number(m[1]) : undefined;
}

async function serverMajor(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query('SHOW server_version_num');
    return Math.floor(Number((rows[0] as { server_version_num: string }).server_version_num) / 10000);
  } finally {
    await c.end();
  }
}

/** pg_dump refuses servers newer than itself, so it is used only when it is at least the server's version. */
async function systemToolFits(tool: 'pg_dump' | 'pg_restore', url: string): Promise<boolean> {
  const major = toolMajor(tool);
  return major !== undefined && major >= (await serverMajor(url));
}

function run(cmd: string, args: string[]): void {
  const res = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (res.status !== 0) throw new Error(`${cmd} failed: ${res.stderr || res.error?.message}`);
}

/**
 * Writes a backup of the database to `outFile`: pg_dump's custom format (pg_restore reads it) when the system
 * pg_dump fits the server, else the built-in plain-SQL data dump.
 */
export async function backupDatabase(url: string, outFile: string, opts: BackupOptions = {}) {
  const method = opts.method ?? ((await systemToolFits('pg_dump', url)) ? 'pg_dump' : 'builtin');
  if (method === 'pg_dump') {
    run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--file', outFile, '--dbname', url]);
    return { method, bytes: fs.statSync(outFile).size };
  }
  const counts = await writeLogicalDump(url, outFile);
  return { method, bytes: fs.statSync(outFile).size, ...counts };
}

async function userTableCount(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
    return (rows[0] as { n: number }).n;
  } finally {
    await c.end();
  }
}

async function resetSchema(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('DROP SCHEMA public CASCADE');
    await c.query('CREATE SCHEMA public');
  } finally {
    await c.end();
  }
}

const isCustomFormat = (file: string): boolean => {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(5);
  fs.readSync(fd, buf, 0, 5, 0);
  fs.closeSync(fd);
  return buf.toString('latin1') === 'PGDMP';
};

/**
 * Restores a backup into `url`, which must be empty unless `force` (then its public schema is dropped first).
 * Custom-format files go through pg_restore; built-in dumps are loaded after the app's migrations create the schema.
 */
export async function restoreDatabase(url: string, inFile: string, opts: { force?: boolean } = {}) {
  if (!fs.existsSync(inFile)) throw new Error(`no backup file at ${inFile}`);
  if ((await userTableCount(url)) > 0) {
    if (!opts.force) throw new Error('the target database is not empty; pass --force to replace its contents');
    await resetSchema(url);
  }
  if (isCustomFormat(inFile)) {
    if (!(await systemToolFits('pg_restore', url))) {
      throw new Error('this backup was made with pg_dump; restoring it needs pg_restore at least as new as the server');
    }
    run('pg_restore', [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      '--dbname',
      url,
      inFile,
    ]);
    return { method: 'pg_dump' as const };
  }
  const taken = await dumpMigrations(inFile);
  if (!taken) throw new Error(`${inFile} is not a PumpWatch backup`);
  const applied = await runMigrations(url);
  const unknown = taken.filter((m) => !applied.includes(m));
  if (unknown.length) throw new Error(`the backup needs migrations this version does not have: ${unknown.join(', ')}`);
  return { method: 'builtin' as const, ...(await loadLogicalDump(url, inFile)) };
}
