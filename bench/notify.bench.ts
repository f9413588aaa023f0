// Alarm to pager latency: a critical alarm raised by a write (POST /api/pumps/:id/events MRI) on the built API
// (`node apps/api/dist/main.js`, its own delivery worker at the default poll), measured until the real SMTP server
// (smtp-server) has accepted the on-call nurse's e-mail and the HTTP receiver has answered the signed webhook.
// Target: p95 < 10 s. A fresh database per run (BENCH_NOTIFY_DATABASE_URL, dropped and recreated).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { createRequire } from 'node:module';
import type net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { appendResults, machine, table } from './lib/report';

const ROOT = path.resolve(__dirname, '..');
const DB_URL = process.env.BENCH_NOTIFY_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pumpwatch_notify';
const RUNS = Number(process.env.BENCH_NOTIFY_RUNS ?? 30);
const PORT = Number(process.env.BENCH_NOTIFY_PORT ?? 3187);
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = 'bench-notify-password';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const apiRequire = createRequire(path.join(ROOT, 'apps/api/package.json'));
/** The part of smtp-server (a dev dependency of the API, loaded from there) this bench uses. */
type SmtpServerCtor = new (opts: {
  authOptional: boolean;
  disabledCommands: string[];
  logger: boolean;
  onData(stream: NodeJS.ReadableStream, session: unknown, callback: (err?: Error) => void): void;
}) => { listen(port: number, host: string, cb: () => void): void; close(): void; server: net.Server };
const { SMTPServer } = apiRequire('smtp-server') as { SMTPServer: SmtpServerCtor };

async function recreateDatabase(): Promise<void> {
  const url = new URL(DB_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
}

async function api<T>(method: string, p: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${BASE}${p}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}
const login = async (email: string) =>
  (await api<{ accessToken: string }>('POST', '/api/auth/login', null, { email, password: PASSWORD })).accessToken;

async function main(): Promise<void> {
  await recreateDatabase();
  const arrived = new Map<string, { mail?: number; hook?: number }>();
  const mark = (alarmId: string, what: 'mail' | 'hook') =>
    arrived.set(alarmId, { ...arrived.get(alarmId), [what]: performance.now() });
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        const id = /alarms\?id=3D([0-9a-f-]{36})|alarms\?id=([0-9a-f-]{36})/.exec(raw.replace(/=\r?\n/g, ''));
        if (id) mark(id[1] ?? id[2], 'mail');
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const receiver = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      res.end();
      mark((JSON.parse(raw) as { alarm: { id: string } }).alarm.id, 'hook');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));

  const env = {
    ...process.env,
    DATABASE_URL: DB_URL,
    PORT: String(PORT),
    PUMPWATCH_SEED: 'none',
    PUMPWATCH_WEB_DIST: '/nonexistent',
    JWT_SECRET: 'bench-notify-secret-0123456789abcdef',
    PUMPWATCH_SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
  };
  const cli = path.join(ROOT, 'apps/api/dist/cli/pumpwatch.js');
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`pumpwatch ${args[0]}: ${r.stderr}`);
  };
  run(['create-admin', '--email', 'admin@bench.local', '--password', PASSWORD, '--name', 'Bench Admin']);
  const server: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'apps/api/dist/main.js')], {
    env,
    stdio: 'ignore',
  });
  try {
    for (let i = 0; i < 120; i++) {
      if (
        await fetch(`${BASE}/api/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await sleep(250);
    }
    const admin = await login('admin@bench.local');
    const make = (email: string, role: string) =>
      api<{ id: string }>('POST', '/api/users', admin, { email, name: email, role, password: PASSWORD });
    const nurse = await make('nurse@bench.local', 'nurse');
    await make('physician@bench.local', 'physician');
    const now = Date.now();
    await api('POST', '/api/on-call', admin, {
      userId: nurse.id,
      level: 1,
      startsAt: new Date(now - 3_600_000).toISOString(),
      endsAt: new Date(now + 86_400_000).toISOString(),
    });
    const port = (receiver.address() as AddressInfo).port;
    await api('POST', '/api/notification-channels', admin, {
      name: 'Pager',
      kind: 'webhook',
      url: `http://127.0.0.1:${port}/page`,
      secret: 'bench-pager-secret-0123',
      events: ['alarm.raised'],
      minPriority: 'critical',
    });
    const nurseToken = await login('nurse@bench.local');
    const physicianToken = await login('physician@bench.local');
    const latencies: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const patient = await api<{ id: string }>('POST', '/api/patients', nurseToken, {
        mrn: `BENCH-${now}-${i}`,
        givenName: 'Bench',
        familyName: 'Patient',
        birthDate: '1970-01-01',
        spasticityOrigin: 'spinal',
        riskFactors: [],
      });
      const pump = await api<{ id: string }>('POST', `/api/patients/${patient.id}/pumps`, physicianToken, {
        model: 'SynchroMed II',
        serialNumber: `SN-BENCH-${now}-${i}`,
        reservoirCapacityMl: 20,
        implantedAt: new Date(now - 365 * 86_400_000).toISOString(),
      });
      const started = performance.now();
      await api('POST', `/api/pumps/${pump.id}/events`, nurseToken, { type: 'MRI', at: new Date().toISOString() });
      const [alarm] = await api<{ id: string }[]>('GET', `/api/alarms?pumpId=${pump.id}`, nurseToken);
      for (let waited = 0; ; waited += 10) {
        const a = arrived.get(alarm.id);
        if (a?.mail && a.hook) {
          latencies.push(Math.max(a.mail, a.hook) - started);
          break;
        }
        if (waited > 30_000) throw new Error(`alarm ${alarm.id} not delivered within 30 s`);
        await sleep(10);
      }
    }
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
    const body =
      `${machine()}\n\nCritical alarm raised by a write (MRI event) → e-mail accepted by the SMTP server and ` +
      `webhook answered, ${RUNS} alarms one after another, delivery worker at its default poll (1 s). ` +
      `Target p95 < 10 s.\n\n` +
      table(
        ['runs', 'p50 ms', 'p95 ms', 'max ms', 'p95 < 10 s'],
        [
          [
            RUNS,
            pct(50).toFixed(0),
            pct(95).toFixed(0),
            latencies[latencies.length - 1].toFixed(0),
            pct(95) < 10_000 ? 'yes' : 'NO',
          ],
        ],
      );
    console.log(body);
    appendResults('Notifications: alarm to inbox and pager', body);
  } finally {
    server.kill('SIGTERM');
    receiver.close();
    smtp.close();
  }
}

main().catch((e: Error) => {
  console.error(e);
  process.exit(1);
});
