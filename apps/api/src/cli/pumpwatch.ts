// `pnpm pumpwatch <command>`: operator commands against DATABASE_URL (or the embedded database).
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '@pumpwatch/contracts';
import { DataSource } from 'typeorm';
import { AuditAnchor } from '../modules/audit/audit-anchor';
import { AuditService } from '../modules/audit/audit.service';
import { assertStrongPassword } from '../modules/users/password-policy';
import { UsersService } from '../modules/users/users.service';
import { UserCache } from '../common/auth/user-cache';
import { DomainError } from '../common/errors/domain-error';
import { Clock } from '../common/clock/clock';
import { StartupError } from '../common/startup/startup-error';
import { AppConfig, loadConfig } from '../config/config';
import { backupDatabase, restoreDatabase } from '../database/backup/backup';
import { dataSourceOptions } from '../database/data-source-options';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../database/embedded-postgres';
import { runMigrations } from '../database/migrate';

const USAGE = `usage:
  pnpm pumpwatch create-admin --email <email> --password <password> [--name <name>]
  pnpm pumpwatch create-user --email <email> --password <password> --role <nurse|physician|staff|admin> [--name <name>]
  pnpm pumpwatch backup --out <file>
  pnpm pumpwatch restore --in <file> [--force]`;

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      out: { type: 'string' },
      in: { type: 'string' },
      force: { type: 'boolean' },
    },
  });
  if (command === 'backup' || command === 'restore') return backupCommand(command, values);
  if (command !== 'create-admin' && command !== 'create-user') {
    console.error(USAGE);
    return 2;
  }
  const role = (command === 'create-admin' ? 'admin' : values.role) as Role;
  if (!values.email || !values.password || !ROLES.includes(role)) {
    console.error(USAGE);
    return 2;
  }
  try {
    assertStrongPassword(values.password, { email: values.email, name: values.name });
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const advice = (e.details as { advice?: string[] } | undefined)?.advice ?? [];
    console.error([e.message, ...advice].join('\n'));
    return 2;
  }
  const config = loadConfig();
  const embedded = await startEmbedded(config);
  const url = config.databaseUrl ?? embedded!.url;
  try {
    await runMigrations(url);
    const ds = await new DataSource(dataSourceOptions(url)).initialize();
    try {
      const users = new UsersService(
        ds,
        new AuditService(ds, new Clock(), new AuditAnchor(ds, config)),
        new UserCache(ds),
      );
      const user = await users.create(null, {
        email: values.email,
        password: values.password,
        role,
        name: values.name ?? values.email,
      });
      console.log(`created ${user.role} ${user.email} (${user.id})`);
      return 0;
    } finally {
      await ds.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}

/** backup: pg_dump custom format when the system pg_dump fits the server, else the built-in plain-SQL dump. */
async function backupCommand(
  command: 'backup' | 'restore',
  values: { out?: string; in?: string; force?: boolean },
): Promise<number> {
  const file = command === 'backup' ? values.out : values.in;
  if (!file) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const embedded = await startEmbedded(config);
  const url = config.databaseUrl ?? embedded!.url;
  try {
    if (command === 'backup') {
      const res = await backupDatabase(url, path.resolve(file));
      console.log(`backup written to ${file} (${res.method}, ${res.bytes} bytes)`);
    } else if (embedded) {
      // the app role may not drop the schema (nor the audit log in it): the superuser empties it, and the audit
      // log is the app role's only while the backup is loaded
      if (!fs.existsSync(file)) throw new Error(`no backup file at ${file}`);
      if (values.force) await embedded.resetSchema();
      const res = await embedded.withSchemaChange(() => restoreDatabase(url, path.resolve(file)));
      console.log(`restored ${file} (${res.method})`);
    } else {
      const res = await restoreDatabase(url, path.resolve(file), { force: values.force });
      console.log(`restored ${file} (${res.method})`);
    }
    return 0;
  } finally {
    await embedded?.stop();
  }
}

/** The embedded database when DATABASE_URL is unset (started, or reused while the server runs). */
function startEmbedded(config: AppConfig): Promise<EmbeddedDatabase | undefined> {
  if (config.databaseUrl) return Promise.resolve(undefined);
  return startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPort,
    database: 'pumpwatch',
    systemDir: config.embeddedSystemDir,
  });
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof StartupError ? `PumpWatch cannot start: ${e.message}` : (e as Error).message);
    process.exit(1);
  },
);
