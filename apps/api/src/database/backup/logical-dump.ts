import fs from 'node:fs';
import readline from 'node:readline';
import { Client } from 'pg';

/**
 * Built-in logical backup used when the machine's pg_dump is older than the server (e.g. the embedded PostgreSQL 18
 * next to a system pg_dump 15). The file is pg_dump's plain format, data section only: `COPY table (cols) FROM stdin;`
 * blocks in COPY text format plus `setval` lines, so psql could load it into a migrated database too. The schema
 * comes from the app's migrations on restore (they also create the audit trigger, which lets inserts through).
 */

export const DUMP_HEADER = '-- PumpWatch logical backup (pg_dump plain format, data only)';

/**
 * Tables in foreign-key order (referenced tables first). Not dumped: the migrations table (the schema's) and
 * pump_eval_state (derived: on load the change-tracking triggers rebuild it from the pumps and their records with
 * fresh `pump_input_seq` values, every pump due for evaluation — copying it would collide with those rows and
 * carry sequence values the restored sequence does not know), and alarm_sweep_state (the running instances' record
 * of their last sweep, created with its one row by its migration: the restored clinic's next sweep writes it anew).
 */
async function tablesInLoadOrder(c: Client): Promise<string[]> {
  const tables = (
    (await c.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('migrations', 'pump_eval_state', 'alarm_sweep_state')
        ORDER BY tablename`,
    )) as { rows: { tablename: string }[] }
  ).rows.map((r) => r.tablename);
  const deps = (
    (await c.query(
      `SELECT cl.relname AS child, pr.relname AS parent FROM pg_constraint co
         JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_class pr ON pr.oid = co.confrelid
         JOIN pg_namespace n ON n.oid = cl.relnamespace
        WHERE co.contype = 'f' AND n.nspname = 'public' AND cl.relname <> pr.relname`,
    )) as { rows: { child: string; parent: string }[] }
  ).rows;
  const ordered: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (ordered.includes(t) || path.has(t)) return;
    path.add(t);
    for (const d of deps.filter((x) => x.child === t)) visit(d.parent, path);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** COPY text format: backslash, tab, newline and carriage return escaped; NULL as \N. */
function copyField(v: string | null): string {
  if (v === null) return '\\N';
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function unCopyField(s: string): string | null {
  if (s === '\\N') return null;
  return s.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c] ?? c);
}

export async function writeLogicalDump(url: string, outFile: string): Promise<{ tables: number; rows: number }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const out = fs.createWriteStream(outFile, { encoding: 'utf8' });
  const write = (s: string) => new Promise<void>((resolve, reject) => out.write(s, (e) => (e ? reject(e) : resolve())));
  let rows = 0;
  try {
    // one snapshot for every table, like pg_dump
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const migrations = (
      (await c.query('SELECT name FROM migrations ORDER BY id')) as { rows: { name: string }[] }
    ).rows.map((r) => r.name);
    await write(`${DUMP_HEADER}\n-- migrations: ${migrations.join(',')}\n\nSET client_encoding = 'UTF8';\n\n`);
    const tables = await tablesInLoadOrder(c);
    for (const table of tables) {
      const cols = (
        (await c.query(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1
            ORDER BY ordinal_position`,
          [table],
        )) as { rows: { column_name: string }[] }
      ).rows.map((r) => r.column_name);
      await write(`COPY public.${quoteIdent(table)} (${cols.map(quoteIdent).join(', ')}) FROM stdin;\n`);
      const select = `SELECT ${cols.map((col) => `${quoteIdent(col)}::text`).join(', ')} FROM public.${quoteIdent(table)}`;
      const result = await c.query({ text: select, rowMode: 'array' });
      for (const row of result.rows as (string | null)[][]) {
        await write(`${row.map(copyField).join('\t')}\n`);
        rows++;
      }
      await write('\\.\n\n');
    }
    const sequences = (
      (await c.query(
        `SELECT s.relname AS seq, t.relname AS tbl, a.attname AS col FROM pg_class s
           JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
           JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
          WHERE s.relkind = 'S'`,
      )) as { rows: { seq: string; tbl: string; col: string }[] }
    ).rows;
    for (const s of sequences) {
      const [{ v }] = (
        (await c.query(`SELECT last_value::text AS v, is_called FROM public.${quoteIdent(s.seq)}`)) as {
          rows: { v: string }[];
        }
      ).rows;
      await write(`SELECT pg_catalog.setval('public.${quoteIdent(s.seq)}', ${v}, true);\n`);
    }
    await c.query('COMMIT');
    return { tables: tables.length, rows };
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
    await c.end();
  }
}

/** Loads a file written by writeLogicalDump into a database the migrations have just created (empty tables). */
export async function loadLogicalDump(url: string, inFile: string): Promise<{ tables: number; rows: number }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  let table: { name: string; cols: string } | undefined;
  let batch: (string | null)[][] = [];
  let tables = 0;
  let rows = 0;
  const flush = async () => {
    if (!table || !batch.length) return;
    const width = batch[0].length;
    const params = batch.flat();
    const values = batch.map(
      (_, r) => `(${Array.from({ length: width }, (__, i) => `$${r * width + i + 1}`).join(', ')})`,
    );
    await c.query(`INSERT INTO ${table.name} (${table.cols}) VALUES ${values.join(', ')}`, params);
    rows += batch.length;
    batch = [];
  };
  try {
    await c.query('BEGIN');
    // made only now, right before the loop reads it: readline starts reading at once, and lines it emits while
    // something else is awaited (BEGIN above) are lost — a restore then loaded nothing and still said it was done
    const lines = readline.createInterface({
      input: fs.createReadStream(inFile, { encoding: 'utf8' }),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (table) {
        if (line === '\\.') {
          await flush();
          table = undefined;
          continue;
        }
        batch.push(line.split('\t').map(unCopyField));
        if (batch.length * batch[0].length > 30_000) await flush();
        continue;
      }
      const copy = /^COPY (\S+) \((.*)\) FROM stdin;$/.exec(line);
      if (copy) {
        table = { name: copy[1], cols: copy[2] };
        tables++;
      } else if (line.startsWith('SELECT pg_catalog.setval(')) {
        await c.query(line);
      }
    }
    await c.query('COMMIT');
    return { tables, rows };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
}

/** The migrations the dump was taken at (its header), to refuse restoring into an app that does not know them. */
export async function dumpMigrations(inFile: string): Promise<string[] | undefined> {
  const fd = fs.openSync(inFile, 'r');
  const buf = Buffer.alloc(4096);
  const n = fs.readSync(fd, buf, 0, buf.length, 0);
  fs.closeSync(fd);
  const head = buf.subarray(0, n).toString('utf8').split('\n');
  if (head[0] !== DUMP_HEADER) return undefined;
  const line = head.find((l) => l.startsWith('-- migrations: '));
  return line ? line.slice('-- migrations: '.length).split(',').filter(Boolean) : [];
}
