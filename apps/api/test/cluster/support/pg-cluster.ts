import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort, removeTree } from '../../reliability/support/app-process';

/** The machine's PostgreSQL binaries (Debian: /usr/lib/postgresql/<major>/bin); PUMPWATCH_PG_BIN overrides. */
export function postgresBinDir(): string {
  if (process.env.PUMPWATCH_PG_BIN) return process.env.PUMPWATCH_PG_BIN;
  const base = '/usr/lib/postgresql';
  const majors = fs.existsSync(base) ? fs.readdirSync(base).filter((d) => /^\d+$/.test(d)) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('no PostgreSQL binaries in /usr/lib/postgresql (apt-get install postgresql)');
  return path.join(base, newest, 'bin');
}

/** initdb refuses to run as root: as root the clusters belong to the `postgres` account (Debian's package makes it). */
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim();
  const uid = Number(id('-u'));
  const gid = Number(id('-g'));
  if (!uid || !gid) throw new Error('running as root, but there is no `postgres` account to own the clusters');
  return { uid, gid };
}

export interface PgCluster {
  primaryPort: number;
  standbyPort: number;
  /** The app's role (owns its schema, not a superuser), on the primary. */
  appUrl: string;
  /** The superuser on the primary / on the standby (read-only there), database `pumpwatch`. */
  adminUrl: string;
  standbyUrl: string;
  /** The audit log handed to the administrator (DEPLOYMENT.md "Database roles"): the app may only read and append. */
  sealAuditLog(): Promise<void>;
  /** Resolves when the standby has replayed everything the primary had written when called; returns the wait. */
  standbyCaughtUp(limitMs?: number): Promise<number>;
  destroy(): Promise<void>;
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

/**
 * A PostgreSQL primary and a streaming-replication standby (pg_basebackup -R), each a cluster initialised in a
 * temporary folder on a free port with the machine's binaries, set up as DEPLOYMENT.md tells hospital IT to:
 * a replication role, a non-superuser app role with CREATE on the schema, the `pumpwatch` database owned by the
 * administrator.
 */
export async function startPgCluster(): Promise<PgCluster> {
  const bin = postgresBinDir();
  const owner = clusterOwner();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-cluster-pg-'));
  if (owner) fs.chownSync(root, owner.uid, owner.gid);
  const secret = () => randomBytes(12).toString('hex');
  const pw = { admin: secret(), replication: secret(), app: secret() };
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const primaryDir = path.join(root, 'primary');
  const standbyDir = path.join(root, 'standby');

  const run = (tool: string, args: string[], env: Record<string, string> = {}) => {
    const opts: SpawnSyncOptions = { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, ...owner };
    const res = spawnSync(path.join(bin, tool), args, opts);
    if (res.status !== 0)
      throw new Error(`${tool} ${args.join(' ')} failed:\n${String(res.stdout)}${String(res.stderr)}`);
  };
  const serverOptions = (port: number) =>
    `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${root} -c max_connections=150`;
  const start = (dir: string, port: number) =>
    run('pg_ctl', ['-D', dir, '-l', `${dir}.log`, '-w', '-t', '60', '-o', serverOptions(port), 'start']);

  const pwFile = path.join(root, 'admin-password');
  fs.writeFileSync(pwFile, `${pw.admin}\n`, { mode: 0o600 });
  if (owner) fs.chownSync(pwFile, owner.uid, owner.gid);
  run('initdb', [
    ...['-D', primaryDir, '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--pwfile', pwFile],
    ...['--auth-local=trust', '--auth-host=scram-sha-256'],
  ]);
  fs.rmSync(pwFile);
  start(primaryDir, primaryPort);
  const admin = (port: number, db: string) => `postgres://postgres:${pw.admin}@127.0.0.1:${port}/${db}`;
  await withClient(admin(primaryPort, 'postgres'), async (c) => {
    await c.query(`CREATE ROLE replicator REPLICATION LOGIN PASSWORD '${pw.replication}'`);
    await c.query(
      `CREATE ROLE pumpwatch_app LOGIN PASSWORD '${pw.app}' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION`,
    );
    await c.query('CREATE DATABASE pumpwatch');
  });
  await withClient(admin(primaryPort, 'pumpwatch'), async (c) => {
    await c.query('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"');
    await c.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await c.query('GRANT USAGE, CREATE ON SCHEMA public TO pumpwatch_app');
  });
  // the standby: a base backup streamed from the primary, -R writes standby.signal and primary_conninfo
  run(
    'pg_basebackup',
    ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'replicator'].concat([
      '-D',
      standbyDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]),
    { PGPASSWORD: pw.replication },
  );
  start(standbyDir, standbyPort);
  const adminUrl = admin(primaryPort, 'pumpwatch');
  const standbyUrl = admin(standbyPort, 'pumpwatch');
  await waitFor(
    async () => {
      const rows = await withClient(adminUrl, (c) => c.query(`SELECT state FROM pg_stat_replication`));
      return rows.rows.some((r: { state: string }) => r.state === 'streaming');
    },
    30_000,
    'the standby never started streaming',
  );

  return {
    primaryPort,
    standbyPort,
    appUrl: `postgres://pumpwatch_app:${pw.app}@127.0.0.1:${primaryPort}/pumpwatch`,
    adminUrl,
    standbyUrl,
    sealAuditLog: () =>
      withClient(adminUrl, async (c) => {
        await c.query('ALTER TABLE audit_log OWNER TO postgres');
        await c.query('ALTER FUNCTION audit_log_append_only() OWNER TO postgres');
        await c.query('GRANT SELECT, INSERT ON audit_log TO pumpwatch_app');
        await c.query('GRANT USAGE, SELECT ON SEQUENCE audit_log_seq_seq TO pumpwatch_app');
      }),
    standbyCaughtUp: async (limitMs = 30_000) => {
      const startedMs = Date.now();
      const { lsn } = (await withClient(adminUrl, (c) => c.query('SELECT pg_current_wal_lsn()::text AS lsn')))
        .rows[0] as { lsn: string };
      await waitFor(
        () =>
          withClient(standbyUrl, async (c) => {
            const r = await c.query('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn]);
            return (r.rows[0] as { done: boolean }).done;
          }),
        limitMs,
        `the standby did not replay up to ${lsn}`,
      );
      return Date.now() - startedMs;
    },
    destroy: async () => {
      for (const dir of [standbyDir, primaryDir]) {
        if (fs.existsSync(path.join(dir, 'postmaster.pid'))) run('pg_ctl', ['-D', dir, '-m', 'immediate', 'stop']);
      }
      removeTree(root);
    },
  };
}

async function waitFor(check: () => Promise<boolean>, limitMs: number, message: string): Promise<void> {
  const startedMs = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() - startedMs > limitMs) throw new Error(message);
    await new Promise((r) => setTimeout(r, 100));
  }
}
