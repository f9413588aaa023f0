// Dashboard API under load: 10,000 patients and ~1,000,000 history rows (bench/seed.ts), the built API
// (`node apps/api/dist/main.js`) and a bare http + pg baseline (bench/lib/baseline-server.ts) each in their own
// process, 20 autocannon connections for BENCH_DURATION s per route. Reports p50/p95/p99 and req/s, the
// throughput ratio to the baseline, the API's peak resident memory, and saves EXPLAIN ANALYZE of the main queries
// under bench/explain/. The dashboard's routes are the paged ones (first page, `limit=100`); the unpaged lists
// (CSV exports, explicit full reads) are measured too, without a target. Then, when the sweep bench's database
// (50,000 pumps) exists, the API's resident memory there after reading every list and a load on the pages.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { BASELINE_QUERIES } from './lib/baseline-server';
import { summariseCpuProfile } from './lib/cpu-profile';
import { appendResults, machine, table } from './lib/report';
import { seed, SEED_PROFILE, seedProfileOf } from './seed';

const ROOT = path.resolve(__dirname, '..');
const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pumpwatch_bench';
const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 10_000);
const HISTORY_ROWS = Number(process.env.BENCH_HISTORY_ROWS ?? 1_000_000);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
/** BENCH_PROFILE=1: the API runs under `node --cpu-prof`; a self-time summary per route goes to bench/profiles/. */
const PROFILE = process.env.BENCH_PROFILE === '1';
const CONNECTIONS = 20;
const PAGE = 100;
const SWEEP_DB_URL = process.env.BENCH_SWEEP_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pumpwatch_sweep';
const API_PORT = 3997;
const BASELINE_PORT = 3998;
const EMAIL = 'bench@bench.local';
const PASSWORD = 'bench-password-1';

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function start(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn('node', args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.on('exit', (code) => code && code !== 0 && console.error(`${args.join(' ')} exited with ${code}`));
  return child;
}

async function ensureSeeded(): Promise<void> {
  const db = new Client({ connectionString: DB_URL });
  let patients: number;
  try {
    await db.connect();
    patients = Number((await db.query('SELECT count(*) AS n FROM patients')).rows[0].n);
    if ((await seedProfileOf(db)) !== SEED_PROFILE) patients = 0; // seeded with another profile: reseed
  } catch {
    patients = 0; // no database or no schema yet
  } finally {
    await db.end().catch(() => undefined);
  }
  if (patients >= PATIENTS && process.env.BENCH_RESEED !== '1') return;
  console.log(`seeding ${PATIENTS} patients, ~${HISTORY_ROWS} history rows (${SEED_PROFILE}) into ${DB_URL} …`);
  const summary = await seed({
    databaseUrl: DB_URL,
    patients: PATIENTS,
    historyRows: HISTORY_ROWS,
    profile: SEED_PROFILE,
  });
  console.log(`seeded in ${summary.seconds.toFixed(0)} s`, summary.rows);
}

/** Resident memory of a process now and at its peak (VmRSS, VmHWM), in MB; null where /proc is not there. */
function rssMb(pid: number | undefined): { now: number; peak: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
    return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

interface RouteResult {
  requests: number;
  errors: number;
  non2xx: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;

/**
 * autocannon stops sending at the deadline, but a slow server still works through the requests in flight;
 * wait until one request is served alone so the next measurement does not inherit that backlog.
 */
async function drain(url: string, headers: Record<string, string>): Promise<void> {
  await fetch(url, { headers }).then((r) => r.arrayBuffer());
}

async function load(
  baseUrl: string,
  paths: () => string,
  headers: Record<string, string>,
  durationS = DURATION_S,
): Promise<RouteResult> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: durationS,
    headers,
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths() }) }],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
    latencies.push(responseTimeMs);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    reqPerSec: result.requests.total / durationS,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

async function explain(db: Client, name: string, sql: string, params: unknown[] = []): Promise<void> {
  const rows = (await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows as { 'QUERY PLAN': string }[];
  const text = `-- ${name}\n${sql}\n\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n`;
  fs.writeFileSync(path.join(__dirname, 'explain', `${name}.txt`), text);
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'apps/api/dist/main.js'))) throw new Error('run `pnpm -s build` first');
  await ensureSeeded();
  const loadBefore = os.loadavg()[0].toFixed(1);
  const cli = spawnSync(
    'node',
    ['apps/api/dist/cli/pumpwatch.js', 'create-user', '--email', EMAIL, '--password', PASSWORD, '--role', 'nurse'],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: DB_URL }, encoding: 'utf8' },
  );
  if (cli.status !== 0 && !/exist|taken|already|unique/i.test(cli.stderr + cli.stdout))
    throw new Error(`create-user failed: ${cli.stderr}`);

  const db = new Client({ connectionString: DB_URL });
  await db.connect();
  const pumpIds = (await db.query('SELECT id FROM pumps WHERE explanted_at IS NULL')).rows.map((r) => r.id as string);
  const randomPump = () => pumpIds[Math.floor(Math.random() * pumpIds.length)];

  const env = { DATABASE_URL: DB_URL, PUMPWATCH_SEED: 'none', PUMPWATCH_ALARM_CRON: 'off', NODE_ENV: 'production' };
  const baseline = start(['--import', 'tsx', 'bench/lib/baseline-server.ts'], { ...env, PORT: String(BASELINE_PORT) });
  const results: (string | number)[][] = [];
  let met = true;
  let api: ChildProcess | null = null;
  try {
    const apiUrl = `http://127.0.0.1:${API_PORT}`;
    const baseUrl = `http://127.0.0.1:${BASELINE_PORT}`;
    await waitFor(`${baseUrl}/alarms`);
    /** A fresh API process per route, so each route's numbers (and profile) are its own. */
    const startApi = async (profileDir: string | null): Promise<Record<string, string>> => {
      const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
      api = start([...flags, 'apps/api/dist/main.js'], { ...env, PORT: String(API_PORT) });
      await waitFor(`${apiUrl}/api/health`);
      const login = await fetch(`${apiUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
      });
      if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
      const { accessToken } = (await login.json()) as { accessToken: string };
      return { authorization: `Bearer ${accessToken}` };
    };
    const stopApi = async () => {
      const child = api;
      api = null;
      if (!child || child.exitCode !== null) return;
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGINT'); // graceful: --cpu-prof writes its profile on exit
      });
    };

    // [label, API path, baseline path, held to the targets]
    const routes: [string, () => string, () => string, boolean][] = [
      [
        `GET /api/alarms?status=open&limit=${PAGE}`,
        () => `/api/alarms?status=open&limit=${PAGE}`,
        () => `/alarms?limit=${PAGE}`,
        true,
      ],
      [
        `GET /api/worklist/refills?limit=${PAGE}`,
        () => `/api/worklist/refills?limit=${PAGE}`,
        () => `/worklist?limit=${PAGE}`,
        true,
      ],
      [
        'GET /api/pumps/:id/status (random ids)',
        () => `/api/pumps/${randomPump()}/status`,
        () => `/pumps/${randomPump()}`,
        true,
      ],
      [
        `GET /api/alarms?status=open&limit=${PAGE} against the earlier 13-column baseline`,
        () => `/api/alarms?status=open&limit=${PAGE}`,
        () => `/alarms-narrow?limit=${PAGE}`,
        false,
      ],
      ['GET /api/alarms?status=open (unpaged)', () => '/api/alarms?status=open', () => '/alarms', false],
      ['GET /api/worklist/refills (unpaged)', () => '/api/worklist/refills', () => '/worklist', false],
    ];
    for (const [label, apiPath, basePath, targeted] of routes) {
      const profileDir = PROFILE ? fs.mkdtempSync(path.join(os.tmpdir(), 'pumpwatch-prof-')) : null;
      const auth = await startApi(profileDir);
      const t0 = performance.now();
      const probe = await fetch(apiUrl + apiPath(), { headers: auth });
      const body = await probe.text();
      console.log(`${label}: ${probe.status}, ${body.length} bytes, ${(performance.now() - t0).toFixed(0)} ms alone`);
      await load(apiUrl, apiPath, auth, 2); // warm-up (JIT, connection pool, caches)
      await drain(apiUrl + apiPath(), auth);
      const a = await load(apiUrl, apiPath, auth);
      await drain(apiUrl + apiPath(), auth);
      const rss = rssMb((api as ChildProcess | null)?.pid);
      await stopApi();
      if (profileDir) {
        const slug = label
          .replace(/[^a-z]+/gi, '-')
          .replace(/^-|-$/g, '')
          .toLowerCase();
        summariseCpuProfile(profileDir, path.join(__dirname, 'profiles', `${slug}.txt`), label);
        fs.rmSync(profileDir, { recursive: true, force: true });
      }
      const b = await load(baseUrl, basePath, {});
      await drain(baseUrl + basePath(), {});
      const ratio = a.reqPerSec / b.reqPerSec;
      const ok = a.p95 < 50 && ratio >= 0.7 && a.errors === 0 && a.non2xx === 0;
      if (targeted) met &&= ok;
      for (const [who, r] of [
        ['API', a],
        ['baseline', b],
      ] as const) {
        results.push([
          `${label} — ${who}`,
          r.requests,
          r.reqPerSec.toFixed(0),
          r.p50.toFixed(1),
          r.p95.toFixed(1),
          r.p99.toFixed(1),
          r.errors + r.non2xx,
          who === 'API'
            ? `${ratio.toFixed(2)}${!targeted ? ' (no target)' : ok ? ' (met)' : ' (target missed)'}`
            : '1.00',
          who === 'API' && rss ? `${rss.peak.toFixed(0)}` : '–',
        ]);
      }
      console.log(
        results
          .slice(-2)
          .map((r) => r.join(' | '))
          .join('\n'),
      );
    }

    await explain(db, 'alarms-open', BASELINE_QUERIES.alarms);
    await explain(db, 'alarms-open-page', BASELINE_QUERIES.alarmsPage, [PAGE]);
    await explain(db, 'worklist-latest-refills', BASELINE_QUERIES.worklist);
    await explain(db, 'pump-status', BASELINE_QUERIES.pumpStatus, [randomPump()]);
  } finally {
    (api as ChildProcess | null)?.kill('SIGTERM');
    baseline.kill('SIGTERM');
    await db.end();
  }

  const counts = (await (async () => {
    const c = new Client({ connectionString: DB_URL });
    await c.connect();
    const q = async (t: string) => Number((await c.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
    const r = {
      patients: await q('patients'),
      pumps: await q('pumps'),
      history: (await q('refills')) + (await q('dose_programs')) + (await q('appointments')) + (await q('alarms')),
      open: Number((await c.query(`SELECT count(*) AS n FROM alarms WHERE status = 'open'`)).rows[0].n),
    };
    await c.end();
    return r;
  })()) as { patients: number; pumps: number; history: number; open: number };
  const memory = await memoryAtScale();
  const text =
    table(
      ['route', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'API / baseline req/s', 'API peak RSS MB'],
      results,
    ) +
    `\nData (seed profile ${SEED_PROFILE}): ${counts.patients.toLocaleString('en')} patients, ${counts.pumps.toLocaleString('en')} pumps, ` +
    `${counts.history.toLocaleString('en')} history rows (refills, dose programs, appointments, alarms), ` +
    `${counts.open} open alarms. ${CONNECTIONS} connections × ${DURATION_S} s per route; API and baseline are ` +
    `separate Node processes on the same machine as PostgreSQL and the load generator; 1-minute load average ` +
    `${loadBefore} before and ${os.loadavg()[0].toFixed(1)} after (other work on the machine shares its cores).\n` +
    `Targets on the status route and the first pages (limit=${PAGE}): p95 < 50 ms and ≥ 0.7 × the baseline's req/s → ` +
    `${met ? 'met' : 'NOT met'} (the baseline runs the equivalent indexed query without auth, validation or the ` +
    `engine; for the worklist page it cannot rank by due date, see bench/lib/baseline-server.ts). ` +
    `EXPLAIN ANALYZE: bench/explain/*.txt.\n` +
    memory;
  console.log(text);
  appendResults('Dashboard API under load', `${machine()}\n\n${text}`);
}

/**
 * The API's resident memory on the sweep bench's database (50,000 pumps) once it has read every list (the full
 * worklist loads every pump's context into its cache), then under 20 clients on the first pages for 10 s.
 */
async function memoryAtScale(): Promise<string> {
  const db = new Client({ connectionString: SWEEP_DB_URL });
  let pumps: number;
  try {
    await db.connect();
    pumps = Number((await db.query('SELECT count(*) AS n FROM pumps WHERE explanted_at IS NULL')).rows[0].n);
  } catch {
    return '\nAPI memory at 50,000 pumps: not measured (no sweep bench database; run bench/sweep.bench.ts first).\n';
  } finally {
    await db.end().catch(() => undefined);
  }
  const cli = spawnSync(
    'node',
    ['apps/api/dist/cli/pumpwatch.js', 'create-user', '--email', EMAIL, '--password', PASSWORD, '--role', 'nurse'],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: SWEEP_DB_URL }, encoding: 'utf8' },
  );
  if (cli.status !== 0 && !/exist|taken|already|unique/i.test(cli.stderr + cli.stdout))
    throw new Error(`create-user failed: ${cli.stderr}`);
  const env = {
    DATABASE_URL: SWEEP_DB_URL,
    PUMPWATCH_SEED: 'none',
    PUMPWATCH_ALARM_CRON: 'off',
    NODE_ENV: 'production',
  };
  const api = start(['apps/api/dist/main.js'], { ...env, PORT: String(API_PORT) });
  const apiUrl = `http://127.0.0.1:${API_PORT}`;
  try {
    await waitFor(`${apiUrl}/api/health`, 120_000);
    const login = await fetch(`${apiUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
    const timed: string[] = [];
    for (const route of [
      '/api/worklist/refills',
      '/api/alarms?status=open',
      '/api/alarms',
      `/api/worklist/refills?limit=${PAGE}`,
      `/api/alarms?status=open&limit=${PAGE}`,
    ]) {
      const t0 = performance.now();
      const res = await fetch(apiUrl + route, { headers: auth });
      const bytes = (await res.arrayBuffer()).byteLength;
      timed.push(`${route} ${res.status} ${(bytes / 1e6).toFixed(2)} MB in ${(performance.now() - t0).toFixed(0)} ms`);
    }
    const afterLists = rssMb(api.pid);
    const w = await load(apiUrl, () => `/api/worklist/refills?limit=${PAGE}`, auth);
    const b = await load(apiUrl, () => `/api/alarms?status=open&limit=${PAGE}`, auth);
    const peak = rssMb(api.pid);
    const mb = (x: { now: number; peak: number } | null) => (x ? `${x.now.toFixed(0)} MB` : 'n/a');
    return (
      `\nAPI memory at ${pumps.toLocaleString('en')} active pumps (${SWEEP_DB_URL.split('/').pop()}): resident ` +
      `${mb(afterLists)} after one read of each list (${timed.join('; ')}); peak ${peak ? peak.peak.toFixed(0) : 'n/a'} MB ` +
      `after ${CONNECTIONS} clients × ${DURATION_S} s on each first page (worklist page p95 ${w.p95.toFixed(1)} ms, ` +
      `${w.reqPerSec.toFixed(0)} req/s; board page p95 ${b.p95.toFixed(1)} ms, ${b.reqPerSec.toFixed(0)} req/s). ` +
      `Target < 400 MB → ${peak && peak.peak < 400 ? 'met' : 'NOT met'}.\n`
    );
  } finally {
    await new Promise((resolve) => {
      api.once('exit', resolve);
      api.kill('SIGTERM');
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
