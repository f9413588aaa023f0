// Alarm sweep: 50,000 pumps evaluated and reconciled by AlarmsService.sweep() of the built API (a Nest app from
// apps/api/dist/create-app.js, not listening), on a fresh copy of a seeded database (seeded once into
// <name>_seed, copied with CREATE DATABASE … TEMPLATE before every bench run, so run 1 is always a clinic's
// first-ever sweep). Run 1 reconciles the seeded state (raises, resolves); run 2 has nothing to change and must
// write nothing (it evaluates only pumps whose inputs changed or whose next check is due); run 3 forces every pump
// through evaluation (nothing to write but the evaluation state). Then the audit chain is verified. The resident
// memory of this process (the API's, with its cold projection cache) is read after each run and at its peak.
// BENCH_SWEEP_WEBHOOK=1 adds a pager webhook channel (alarm.raised/alarm.resolved, high and above) first, so run 1
// also writes its notification outbox rows (the delivery worker is off: nothing is sent).
// Every SQL statement is counted by patching pg's Client.query in the API's own copy of pg, so "queries per
// batch of 1,000" is measured, not assumed: a batch is a transaction holding the evaluator lock; the next batch is
// read ahead in its own read-only transaction while one is evaluated. CPU seconds of this process and of the
// database backends serving it (/proc) are reported beside the wall time: on a shared 2-core machine the wall time
// depends on what else runs, the CPU far less.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Client } from 'pg';
import { appendResults, machine, table } from './lib/report';
import { cloneDatabase } from './lib/seed-db';
import { seed, SEED_PROFILE, seedProfileOf } from './seed';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'apps/api/dist');
const DB_URL = process.env.BENCH_SWEEP_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pumpwatch_sweep';
const PUMPS = Number(process.env.BENCH_SWEEP_PUMPS ?? 50_000);
const HISTORY_ROWS = Number(process.env.BENCH_SWEEP_HISTORY_ROWS ?? 1_000_000);
const BATCH = 1000;
const SEED_DB_URL = DB_URL.replace(/\/([a-z0-9_]+)$/, '/$1_seed');
const WEBHOOK = process.env.BENCH_SWEEP_WEBHOOK === '1';

/** Resident memory of this process now and at its peak (VmRSS, VmHWM), in MB. */
function rssMb(): { now: number; peak: number } {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Starts VmHWM over from the current size (Linux: "5" to clear_refs), so the peak is the runs', not the seeding's. */
function resetPeakRss(): void {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux, or not allowed: the peak then covers the whole process
  }
}

type Kind = 'read' | 'write' | 'control';
const counts: Record<Kind, number> = { read: 0, write: 0, control: 0 };
/**
 * Reads made inside evaluation batches (transactions taking the evaluator lock) and the batches themselves; reads
 * made in the read-ahead transactions (batches read while the previous one is evaluated) and their number.
 */
const inTx = { reads: 0, transactions: 0, aheadReads: 0, aheads: 0 };
const writeSamples = new Map<string, number>();

/** Counts every statement the API sends through its pg driver, by kind. */
function instrumentPg(): void {
  const apiRequire = createRequire(path.join(ROOT, 'apps/api/package.json'));
  const pg = apiRequire('pg') as typeof import('pg');
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  const open = new WeakMap<object, { lock: boolean; reads: number }>();
  pg.Client.prototype.query = function (this: object, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const sql = (typeof first === 'string' ? first : (first?.text ?? '')).trimStart();
    const verb = sql.slice(0, 12).toUpperCase();
    let kind: Kind = 'read';
    if (/^(START|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|SHOW)/.test(verb) || /pg_(try_)?advisory/.test(sql))
      kind = 'control';
    else if (/^(INSERT|UPDATE|DELETE)/.test(verb) || /^SELECT\s+(pg_notify|audit)/i.test(sql)) kind = 'write';
    counts[kind]++;
    const tx = open.get(this);
    if (/^(START|BEGIN)/.test(verb)) open.set(this, { lock: false, reads: 0 });
    else if (/^(COMMIT|ROLLBACK)/.test(verb)) {
      open.delete(this);
      if (tx?.lock) {
        inTx.transactions++;
        inTx.reads += tx.reads;
      } else if (tx) {
        inTx.aheads++;
        inTx.aheadReads += tx.reads;
      }
    } else if (tx && /pg_advisory_xact_lock/.test(sql)) tx.lock = true;
    else if (kind === 'read' && tx) tx.reads++;
    if (kind === 'write') writeSamples.set(sql.slice(0, 60), (writeSamples.get(sql.slice(0, 60)) ?? 0) + 1);
    return original.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

/** CPU seconds (user + system) of the database backends connected to the bench database, from /proc. */
async function backendCpuSeconds(db: Client): Promise<number> {
  const pids = (
    await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
  ).rows.map((r) => r.pid as number);
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // ended, or not on this machine
    }
  }
  return ticks / 100;
}

interface TableCounts {
  profile: string | null;
  patients: number;
  activePumps: number;
  unresolvedAlarms: number;
  audit: number;
  outbox: number;
}

async function tableCounts(url = DB_URL): Promise<TableCounts> {
  const db = new Client({ connectionString: url });
  try {
    await db.connect();
    const q = async (sql: string) => Number((await db.query(sql)).rows[0].n);
    return {
      profile: await seedProfileOf(db),
      patients: await q('SELECT count(*) AS n FROM patients'),
      activePumps: await q('SELECT count(*) AS n FROM pumps WHERE explanted_at IS NULL'),
      unresolvedAlarms: await q(`SELECT count(*) AS n FROM alarms WHERE status <> 'resolved'`),
      audit: await q('SELECT count(*) AS n FROM audit_log'),
      outbox: await q('SELECT count(*) AS n FROM notification_outbox'),
    };
  } catch {
    return { profile: null, patients: 0, activePumps: 0, unresolvedAlarms: 0, audit: 0, outbox: 0 };
  } finally {
    await db.end().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(DIST, 'create-app.js'))) throw new Error('run `pnpm -s build` first');
  const seeded = await tableCounts(SEED_DB_URL);
  if (seeded.activePumps < PUMPS || seeded.profile !== SEED_PROFILE || process.env.BENCH_RESEED === '1') {
    // One active pump per patient (plus an explanted one for ~20 %): patients = pumps.
    console.log(`seeding ${PUMPS} patients with ~${HISTORY_ROWS} history rows (${SEED_PROFILE}) into ${SEED_DB_URL} …`);
    await seed({ databaseUrl: SEED_DB_URL, patients: PUMPS, historyRows: HISTORY_ROWS, profile: SEED_PROFILE });
  }
  await cloneDatabase(SEED_DB_URL, DB_URL);
  if (WEBHOOK) await addWebhookChannel();
  const before = await tableCounts();
  instrumentPg();
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { createApp } = require(path.join(DIST, 'create-app.js'));
  const { loadConfig } = require(path.join(DIST, 'config/config.js'));
  const { AlarmsService } = require(path.join(DIST, 'modules/alarms/alarms.service.js'));
  const { AuditService } = require(path.join(DIST, 'modules/audit/audit.service.js'));
  /* eslint-enable @typescript-eslint/no-require-imports */
  // anchors of this copy's audit log in a folder of their own (an earlier copy's anchors would not match it)
  const anchorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweep-bench-anchors-'));
  const config = loadConfig({
    ...process.env,
    PUMPWATCH_SEED: 'none',
    PUMPWATCH_ALARM_CRON: 'off',
    PUMPWATCH_NOTIFY_POLL_MS: 'off',
    PUMPWATCH_AUDIT_ANCHOR_DIR: anchorDir,
  });
  const app = await createApp({ config, databaseUrl: DB_URL, logger: ['error', 'warn'] });
  const alarms = app.get(AlarmsService);
  const rows: (string | number)[][] = [];
  const runs: {
    ms: number;
    reads: number;
    batchReads: number;
    batches: number;
    aheadReads: number;
    aheads: number;
    writes: number;
    pumps: number;
    rss: number;
  }[] = [];
  let verified: string | undefined;
  const monitor = new Client({ connectionString: DB_URL });
  await monitor.connect();
  const measured: [
    string,
    () => Promise<{ pumps: number; raised: number; updated: number; resolved: number; escalated: number }>,
  ][] = [
    ['run 1: reconcile the seeded state', () => alarms.sweep()],
    ['run 2: nothing changed', () => alarms.sweep()],
    // not a target: every pump evaluated although nothing changed, to measure the loading reads per batch
    ['run 3: forced full evaluation, nothing changed', () => alarms.evaluatePumps()],
  ];
  try {
    resetPeakRss();
    for (const [label, run] of measured) {
      counts.read = counts.write = counts.control = 0;
      inTx.reads = inTx.transactions = inTx.aheadReads = inTx.aheads = 0;
      writeSamples.clear();
      const pg0 = await backendCpuSeconds(monitor);
      const cpu0 = process.cpuUsage();
      const load0 = os.loadavg()[0];
      const t0 = performance.now();
      const result = await run();
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const pgCpu = (await backendCpuSeconds(monitor)) - pg0;
      runs.push({
        ms,
        reads: counts.read,
        batchReads: inTx.reads,
        batches: inTx.transactions,
        aheadReads: inTx.aheadReads,
        aheads: inTx.aheads,
        writes: counts.write,
        pumps: result.pumps,
        rss: rssMb().now,
      });
      rows.push([
        label,
        result.pumps,
        inTx.transactions,
        (ms / 1000).toFixed(2),
        counts.read,
        inTx.transactions
          ? `${(inTx.aheadReads / Math.max(1, inTx.aheads)).toFixed(1)} ahead + ${(inTx.reads / inTx.transactions).toFixed(1)} under the lock`
          : '–',
        counts.write,
        `${result.raised}/${result.updated}/${result.resolved}/${result.escalated}`,
        `${((cpu.user + cpu.system) / 1e6).toFixed(2)} + ${pgCpu.toFixed(2)}`,
        load0.toFixed(1),
        runs.at(-1)!.rss.toFixed(0),
      ]);
      console.log(rows.at(-1)!.join(' | '));
      if (counts.write) console.log('writes by statement:', Object.fromEntries([...writeSamples].slice(0, 8)));
    }
    const verdict = (await app.get(AuditService).verify()) as { ok: boolean; entries: number; reason?: string };
    verified = verdict.ok ? `verified (${verdict.entries} entries)` : `BROKEN (${verdict.reason})`;
  } finally {
    await monitor.end().catch(() => undefined);
    await app.close();
  }
  const memory = rssMb();
  const after = await tableCounts();
  const [first, second, full] = runs;
  // Run 3 has no alarm writes, so no audit-chain read: each read-ahead transaction holds the batch's one loading
  // statement, and each batch under the lock one statement (the first batch's load, then the check of the
  // read-ahead); the pump selection and the settings read happen once per run, outside batches.
  const aheadPerBatch = full.aheadReads / Math.max(1, full.aheads);
  const lockedPerBatch = full.batchReads / Math.max(1, full.batches);
  const loadOk = full.batches > 0 && aheadPerBatch <= 1 + 1e-9 && lockedPerBatch <= 1 + 1e-9;
  const peakRss = Math.max(memory.peak, ...runs.map((r) => r.rss));
  const verdicts = [
    `run 1 (first-ever reconcile) < 5 s → ${first.ms < 5000 ? 'met' : 'NOT met'} (${(first.ms / 1000).toFixed(2)} s for ${first.pumps} pumps)`,
    `run 3 (forced full evaluation) < 5 s → ${full.ms < 5000 ? 'met' : 'NOT met'} (${(full.ms / 1000).toFixed(2)} s)`,
    `run 2 (nothing changed) < 0.5 s → ${second.ms < 500 ? 'met' : 'NOT met'} (${(second.ms / 1000).toFixed(2)} s, ${second.pumps} pumps evaluated)`,
    `run 2 writes nothing → ${second.writes === 0 ? 'met' : `NOT met (${second.writes} writes)`}`,
    `one loading statement per batch of ${BATCH} → ${loadOk ? 'met' : 'NOT met'} (run 3: ${aheadPerBatch.toFixed(1)} per read-ahead, ${lockedPerBatch.toFixed(1)} per batch under the lock; ${full.batches} batches)`,
    `resident memory < 400 MB → ${peakRss < 400 ? 'met' : 'NOT met'} (peak ${peakRss.toFixed(0)} MB of this process, the API's sweep with its Nest app; ${runs.map((r) => r.rss.toFixed(0)).join(' / ')} MB after runs 1 / 2 / 3)`,
    `audit chain after the runs: ${verified ?? 'not verified'}`,
  ];
  const text =
    table(
      [
        'sweep',
        'pumps evaluated',
        'batches',
        's',
        'read queries',
        'reads / batch',
        'write statements',
        'raised/updated/resolved/escalated',
        'CPU s: Node + PostgreSQL',
        'load avg before',
        'RSS MB after',
      ],
      rows,
    ) +
    `\nData (seed profile ${SEED_PROFILE}): ${after.patients.toLocaleString('en')} patients, ${after.activePumps.toLocaleString('en')} active pumps; ` +
    `unresolved alarms ${before.unresolvedAlarms} → ${after.unresolvedAlarms}, audit rows ${before.audit} → ${after.audit}, ` +
    `notification outbox rows ${before.outbox} → ${after.outbox}${WEBHOOK ? ' (a pager webhook channel: BENCH_SWEEP_WEBHOOK=1)' : ' (no channel, no SMTP: none to write)'}; ` +
    `a fresh copy of ${SEED_DB_URL.split('/').pop()}. ` +
    `1-minute load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores.\n` +
    `Targets: ${verdicts.join('; ')}.\n`;
  console.log(text);
  appendResults('Alarm sweep', `${machine()}\n\n${text}`);
}

/** A pager webhook channel on the copy, as a clinic would have one: run 1 then queues its outbox rows. */
async function addWebhookChannel(): Promise<void> {
  const db = new Client({ connectionString: DB_URL });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO notification_channels (name, kind, url, secret, events, min_priority, created_at)
       VALUES ('bench pager', 'webhook', 'http://127.0.0.1:9/pager', 'bench-secret-0123456789abcdef',
               ARRAY['alarm.raised', 'alarm.resolved'], 'high', now())`,
    );
  } finally {
    await db.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
