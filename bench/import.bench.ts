// Go-live import: a 5,000-row clinic spreadsheet (CSV) checked with a dry run, then committed, through HTTP
// against the built API (a Nest app from apps/api/dist/create-app.js listening on a free port) on a fresh
// database. Each step is timed end to end (upload, parse, row checks, one transaction, preview read back; the
// commit also the audit entries and the alarm evaluation of every imported pump). Target: both < 30 s together.
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { appendResults, machine, table } from './lib/report';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'apps/api/dist');
const SERVER_URL = process.env.BENCH_IMPORT_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'pumpwatch_import_bench';
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 5000);
const TARGET_S = 30;

const withDb = (url: string, db: string) => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
};

async function freshDatabase(): Promise<string> {
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB_NAME}`);
  } finally {
    await admin.end();
  }
  return withDb(SERVER_URL, DB_NAME);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const isoDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** ROWS pumps of ROWS/1.25 patients (every fifth patient has two pumps), a realistic mix of states. */
function spreadsheet(now: Date): Buffer {
  const header =
    'mrn;family_name;given_name;birth_date;spasticity_origin;risk_factors;pump_model;pump_serial;' +
    'reservoir_capacity_ml;implanted_on;last_refill_at;volume_after_refill_ml;concentration_mcg_per_ml;' +
    'daily_dose_mcg;next_appointment_at';
  const lines = [header];
  let patient = 0;
  for (let i = 0; i < ROWS; i++) {
    if (i % 5 !== 1) patient++;
    const day = 86_400_000;
    const refill = new Date(now.getTime() - (5 + (i % 80)) * day);
    const booked = i % 3 === 0 ? `${isoDay(new Date(now.getTime() + (3 + (i % 40)) * day))} 09:30` : '';
    lines.push(
      [
        `B-${pad(patient, 6)}`,
        `Family${patient}`,
        `Given${patient}`,
        `19${pad(40 + (patient % 60))}-0${1 + (patient % 9)}-1${patient % 9}`,
        patient % 4 === 0 ? 'cerebral' : 'spinal',
        patient % 7 === 0 ? 'LIVES_FAR' : '',
        i % 10 === 0 ? 'Prometra II' : 'SynchroMed II',
        `SN-${pad(i, 7)}`,
        i % 2 ? '40' : '20',
        isoDay(new Date(refill.getTime() - 400 * day)),
        `${isoDay(refill)} 10:15`,
        i % 2 ? '38,5' : '19,5',
        '1000',
        String(100 + (i % 30) * 10),
        booked,
      ].join(';'),
    );
  }
  return Buffer.from(lines.join('\r\n') + '\r\n');
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(DIST, 'create-app.js'))) throw new Error('run `pnpm -s build` first');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApp } = require(path.join(DIST, 'create-app.js'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig } = require(path.join(DIST, 'config/config.js'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { UsersService } = require(path.join(DIST, 'modules/users/users.service.js'));

  const url = await freshDatabase();
  const config = loadConfig({ ...process.env, PUMPWATCH_SEED: 'none', PUMPWATCH_ALARM_CRON: 'off' });
  const app = await createApp({ config, databaseUrl: url, logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  try {
    const users = app.get(UsersService);
    const email = 'import-bench@bench.local';
    const password = 'bench-password-1';
    await users.create(null, { email, name: 'Bench Admin', role: 'admin', password });
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const auth = { Authorization: `Bearer ${accessToken}` };
    const admin = await fetch(`${base}/api/drug-library`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Baclofen 1000 mcg/mL', concentrationMcgPerMl: 1000, maxRefillIntervalDays: 90 }),
    });
    if (admin.status !== 201) throw new Error(`drug library: ${admin.status}`);

    const file = spreadsheet(new Date());
    const post = async (query: string) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)]), 'clinic.csv');
      const t0 = performance.now();
      const res = await fetch(`${base}/api/imports?${query}`, { method: 'POST', headers: auth, body: form });
      const body = (await res.json()) as Record<string, unknown>;
      return { status: res.status, seconds: (performance.now() - t0) / 1000, body };
    };
    const dry = await post('dryRun=true');
    const commit = await post('dryRun=false');
    const again = await post('dryRun=true');
    const summary = (r: { body: Record<string, unknown> }) => {
      const preview = (r.body.preview as { alarms: string[] }[] | undefined) ?? [];
      return {
        valid: r.body.valid ?? r.body.code,
        invalid: r.body.invalid,
        overdue: preview.filter((p) => p.alarms.includes('REFILL_OVERDUE')).length,
      };
    };
    const rows = [
      ['dry run (nothing stored)', dry.status, dry.seconds.toFixed(2), JSON.stringify(summary(dry))],
      ['commit (one transaction + alarms)', commit.status, commit.seconds.toFixed(2), JSON.stringify(summary(commit))],
      ['dry run of the same file again', again.status, again.seconds.toFixed(2), `unchanged ${again.body.unchanged}`],
    ];
    const total = dry.seconds + commit.seconds;
    const body =
      `${machine()}\n\n` +
      table(['5,000-row CSV import', 'HTTP', 'seconds', 'report'], rows) +
      `\nTarget: dry run + commit of ${ROWS.toLocaleString('en')} rows < ${TARGET_S} s → ` +
      `${total < TARGET_S ? 'met' : 'NOT met'} (${total.toFixed(1)} s). Built API in-process, fresh database on the ` +
      `shared PostgreSQL; the commit's time includes the audit entries and the alarm evaluation of every pump.\n`;
    console.log(body);
    if (dry.status !== 200 || commit.status !== 201) throw new Error(`unexpected status: ${JSON.stringify(rows)}`);
    appendResults('Go-live import', body);
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
