// Database plumbing of bench/seed.ts: recreate the bench database, migrate it with the built app, bulk-insert
// rows in batches, and read back which seed profile it holds.
import path from 'node:path';
import { Client } from 'pg';

const BATCH = 5000;

export type Column = [name: string, pgType: string];
export type Row = unknown[];

/** Batched multi-row insert: each column is sent as one array parameter and unnested server-side. */
export async function insertRows(db: Client, table: string, columns: Column[], rows: Row[]): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const params = columns.map((_, c) => batch.map((row) => row[c]));
    const list = columns.map(([name]) => `"${name}"`).join(', ');
    const unnest = columns.map(([, type], c) => `$${c + 1}::${type}[]`).join(', ');
    await db.query(`INSERT INTO "${table}" (${list}) SELECT * FROM unnest(${unnest})`, params);
  }
}

/** The profile a bench database was seeded with (null: not seeded by this script, or before profiles existed). */
export async function seedProfileOf(db: Client): Promise<string | null> {
  const { rows } = await db.query(
    `SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = current_database()`,
  );
  return (/bench seed profile: (\w+)/.exec((rows[0]?.d as string | null) ?? '') ?? [])[1] ?? null;
}

/** Drops and creates the database of `url` (a plain lower-case name only: it is spliced into the SQL). */
export async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`refusing unusual database name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const db = new Client({ connectionString: admin.toString() });
  await db.connect();
  try {
    await db.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await db.query(`CREATE DATABASE ${name}`);
  } finally {
    await db.end();
  }
}

/** The app's migrations, from the built API (`pnpm -s build` first). */
export async function migrate(url: string): Promise<void> {
  const dist = path.resolve(__dirname, '../../apps/api/dist/database/migrate.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runMigrations } = require(dist) as { runMigrations: (url: string) => Promise<string[]> };
  await runMigrations(url);
}

/**
 * Drops the database of `url` and creates it as a copy of the one of `templateUrl` (CREATE DATABASE … TEMPLATE:
 * a file-level copy, seconds for 1.6 M rows), carrying over the template's seed-profile comment.
 */
export async function cloneDatabase(templateUrl: string, url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const template = new URL(templateUrl).pathname.slice(1);
  for (const n of [name, template])
    if (!/^[a-z0-9_]+$/.test(n)) throw new Error(`refusing unusual database name "${n}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const db = new Client({ connectionString: admin.toString() });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = $1`,
      [template],
    );
    await db.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await db.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    const comment = (rows[0]?.d as string | null) ?? '';
    await db.query(`COMMENT ON DATABASE ${name} IS ${comment ? `'${comment.replace(/'/g, "''")}'` : 'NULL'}`);
  } finally {
    await db.end();
  }
}
