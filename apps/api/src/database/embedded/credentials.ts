import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { StartupError } from '../../common/startup/startup-error';

export interface DatabaseCredentials {
  /** Bootstrap superuser: creates the roles and the database, owns the audit log. Never used to serve requests. */
  superuser: { user: string; password: string };
  /** The role the app connects as: owns its tables, not a superuser, may only read and append the audit log. */
  app: { user: string; password: string };
}

export const CREDENTIALS_FILE = 'database-credentials.json';
/** Round one's embedded superuser and the password it shipped with (public in that release's source). */
export const SUPERUSER = 'pumpwatch';
const ROUND_ONE_PASSWORD = 'pumpwatch-local';
export const APP_ROLE = 'pumpwatch_app';

const newPassword = () => randomBytes(24).toString('base64url');

/**
 * The installation's database passwords, kept in `<dataDir>/database-credentials.json` (mode 0600, readable by
 * whoever runs PumpWatch, i.e. whoever may read the data anyway). Created with random passwords on first start.
 */
export function loadOrCreateCredentials(dataDir: string): DatabaseCredentials {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  if (fs.existsSync(file)) {
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600); // someone loosened it: tighten again
    const creds = JSON.parse(fs.readFileSync(file, 'utf8')) as DatabaseCredentials;
    if (!creds.superuser?.password || !creds.app?.password) {
      throw new StartupError(`${file} is incomplete. Restore it from a backup of the data folder.`);
    }
    return creds;
  }
  const creds: DatabaseCredentials = {
    superuser: { user: SUPERUSER, password: newPassword() },
    app: { user: APP_ROLE, password: newPassword() },
  };
  fs.mkdirSync(dataDir, { recursive: true });
  // written before any role gets the password, so a start interrupted half-way can sign in next time
  const partial = `${file}.${process.pid}`;
  fs.writeFileSync(partial, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(partial, file);
  return creds;
}

export function connectionUrl(port: number, user: string, password: string, database: string): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function tryConnect(url: string): Promise<Client | string> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => undefined);
    return (err as { code?: string }).code ?? 'unknown';
  }
}

/**
 * Signs in as the superuser with the installation's password. A round-one cluster still has the published
 * password: it is replaced by the random one (and password checks move from cleartext to SCRAM) on the spot.
 */
export async function connectSuperuser(
  port: number,
  creds: DatabaseCredentials,
  database: string,
  clusterDir: string,
  log: (m: string) => void,
): Promise<Client> {
  const { user, password } = creds.superuser;
  const client = await tryConnect(connectionUrl(port, user, password, database));
  if (typeof client !== 'string') return client;
  if (client !== '28P01') throw new StartupError(`cannot reach the embedded PostgreSQL on port ${port} (${client}).`);
  const legacy = await tryConnect(connectionUrl(port, SUPERUSER, ROUND_ONE_PASSWORD, database));
  if (typeof legacy === 'string') {
    throw new StartupError(
      `the embedded PostgreSQL refuses the password in ${CREDENTIALS_FILE}. Restore that file from a backup of the data folder.`,
    );
  }
  await legacy.query(`ALTER ROLE ${SUPERUSER} PASSWORD ${legacy.escapeLiteral(password)}`);
  upgradeHbaToScram(clusterDir);
  await legacy.query('SELECT pg_reload_conf()');
  log('replaced the embedded database password published with round one by this installation’s own');
  return legacy;
}

/** Round one's pg_hba.conf sent passwords in clear text (`password`); SCRAM never sends them. */
function upgradeHbaToScram(clusterDir: string): void {
  const file = path.join(clusterDir, 'pg_hba.conf');
  const text = fs.readFileSync(file, 'utf8');
  const upgraded = text.replace(/^(\s*(?:local|host|hostssl|hostnossl)\s.*\s)password(\s*)$/gm, '$1scram-sha-256$2');
  if (upgraded !== text) fs.writeFileSync(file, upgraded); // same inode: keeps the owner PostgreSQL runs as
}

const ident = (c: Client, name: string) => c.escapeIdentifier(name);

/**
 * Idempotent, on every start, as the superuser on the `postgres` database: the app role exists with the file's
 * password and no privileges beyond login; the application database exists and belongs to the superuser (the app
 * role must not be able to drop and recreate it, nor the schema, with a rewritten audit log inside).
 */
export async function ensureAppRole(admin: Client, creds: DatabaseCredentials, database: string): Promise<void> {
  const role = ident(admin, creds.app.user);
  const attrs = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${admin.escapeLiteral(creds.app.password)}`;
  const { rowCount: roleExists } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [creds.app.user]);
  await admin.query(roleExists ? `ALTER ROLE ${role} WITH ${attrs}` : `CREATE ROLE ${role} WITH ${attrs}`);
  const { rowCount: dbExists } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (!dbExists) await admin.query(`CREATE DATABASE ${ident(admin, database)} OWNER ${ident(admin, SUPERUSER)}`);
  else await admin.query(`ALTER DATABASE ${ident(admin, database)} OWNER TO ${ident(admin, SUPERUSER)}`);
  await admin.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${ident(admin, database)} TO ${role}`);
}

/** The audit log and its append-only trigger function: owned by the superuser once sealed. */
const AUDIT_TABLE = 'audit_log';
const AUDIT_FUNCTION = 'audit_log_append_only()';

async function auditObjects(db: Client): Promise<{ table: boolean; fn: boolean; seq: string | null }> {
  const { rows } = await db.query(
    `SELECT to_regclass('public.${AUDIT_TABLE}') IS NOT NULL AS table,
            to_regprocedure('public.${AUDIT_FUNCTION}') IS NOT NULL AS fn,
            CASE WHEN to_regclass('public.${AUDIT_TABLE}') IS NOT NULL
                 THEN pg_get_serial_sequence('public.${AUDIT_TABLE}', 'seq') END AS seq`,
  );
  return rows[0] as { table: boolean; fn: boolean; seq: string | null };
}

/**
 * Hands the audit log to the app role for a schema change (migrations, a restore). Runs only while PumpWatch
 * starts or an operator command holds the database; `sealSchema` takes it back.
 */
export async function unsealAudit(db: Client, creds: DatabaseCredentials): Promise<void> {
  const app = ident(db, creds.app.user);
  const audit = await auditObjects(db);
  if (audit.table) await db.query(`ALTER TABLE public.${AUDIT_TABLE} OWNER TO ${app}`);
  if (audit.fn) await db.query(`ALTER FUNCTION public.${AUDIT_FUNCTION} OWNER TO ${app}`);
}

/**
 * As the superuser on the application database: the public schema belongs to the superuser (the app role may
 * create in it, not drop it); every object in it belongs to the app role (so migrations can alter them) except
 * the audit log and its trigger function, which the app role may only read and append to. A superuser-owned
 * table left by round one (where the app connected as the superuser) is handed over here.
 */
export async function sealSchema(db: Client, creds: DatabaseCredentials): Promise<void> {
  const app = ident(db, creds.app.user);
  const su = ident(db, creds.superuser.user);
  await db.query('BEGIN');
  try {
    // uuid_generate_v4() for the tables' defaults; creating an extension is the superuser's job
    await db.query('CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA public');
    await db.query(`ALTER SCHEMA public OWNER TO ${su}`);
    await db.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await db.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${app}`);
    const { rows: relations } = await db.query(
      `SELECT c.relname, c.relkind FROM pg_class c
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
           AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = $1)
           AND c.relname <> $2
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')
                             AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass)
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')`,
      [creds.app.user, AUDIT_TABLE],
    );
    const kindWord: Record<string, string> = { v: 'VIEW', m: 'MATERIALIZED VIEW', f: 'FOREIGN TABLE', S: 'SEQUENCE' };
    for (const r of relations as { relname: string; relkind: string }[]) {
      await db.query(`ALTER ${kindWord[r.relkind] ?? 'TABLE'} public.${ident(db, r.relname)} OWNER TO ${app}`);
    }
    const { rows: functions } = await db.query(
      `SELECT p.oid::regprocedure::text AS sig FROM pg_proc p
         WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = $1)
           AND p.oid <> coalesce(to_regprocedure('public.${AUDIT_FUNCTION}'), 0)
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`,
      [creds.app.user],
    );
    for (const f of functions as { sig: string }[]) await db.query(`ALTER ROUTINE ${f.sig} OWNER TO ${app}`);
    const { rows: types } = await db.query(
      `SELECT t.typname FROM pg_type t
         WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'r')
           AND t.typowner <> (SELECT oid FROM pg_roles WHERE rolname = $1)
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')`,
      [creds.app.user],
    );
    for (const t of types as { typname: string }[]) {
      await db.query(`ALTER TYPE public.${ident(db, t.typname)} OWNER TO ${app}`);
    }
    const audit = await auditObjects(db);
    if (audit.table) {
      await db.query(`ALTER TABLE public.${AUDIT_TABLE} OWNER TO ${su}`);
      await db.query(`REVOKE ALL ON public.${AUDIT_TABLE} FROM ${app}`);
      await db.query(`GRANT SELECT, INSERT ON public.${AUDIT_TABLE} TO ${app}`);
      if (audit.seq) await db.query(`GRANT USAGE, SELECT ON SEQUENCE ${audit.seq} TO ${app}`);
    }
    if (audit.fn) await db.query(`ALTER FUNCTION public.${AUDIT_FUNCTION} OWNER TO ${su}`);
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
