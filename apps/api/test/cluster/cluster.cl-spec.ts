import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FixedClock } from '../../src/common/clock/clock';
import { spawnApp, removeTree, waitHealthy, freePort, type AppProcess } from '../reliability/support/app-process';
import { API_DIR, ensureBuilt } from '../reliability/support/build';
import { reportFigures } from '../reliability/support/figures';
import {
  createPatient,
  createPump,
  ensureDrugLibrary,
  programDose,
  recordRefill,
  refillBody,
} from '../support/clinic-fixtures';
import { startTestApp } from '../support/test-app';
import { createTestUsers, TEST_PASSWORD } from '../support/users';
import {
  changesReplayedAfterReconnect,
  duplicatedWrites,
  duplicateOpenAlarms,
  missingAcknowledgedWrites,
  sweepsInLog,
  tableCounts,
  unseenAlarmChanges,
} from './support/checks';
import { percentile, startLoad, type LoadReport, type WriteItem } from './support/load';
import { startNginx, type Nginx } from './support/nginx';
import { startPgCluster, type PgCluster } from './support/pg-cluster';
import { SseClient } from './support/sse-client';

const MAIN = path.join(API_DIR, 'dist/main.js');
const DAY_MS = 86_400_000;
const SWEEP_EVERY_S = 5;
const INSTANCES = 3;
const SSE_CLIENTS = 6;
/** Fixture pumps (filled 30 days ago): each gets one appointment and one refill under load. */
const PUMPS = { kill: 24, rolling: 48 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Instance {
  index: number;
  port: number;
  app: AppProcess;
  /** Every process this instance has been (restarts), for the logs. */
  generations: AppProcess[];
}

describe('cluster: nginx, 3 API instances, PostgreSQL primary + streaming standby', () => {
  let pg: PgCluster;
  let nginx: Nginx;
  let dataDir: string;
  const instances: Instance[] = [];
  const streams: SseClient[] = [];
  const jwtSecret = randomBytes(32).toString('hex');
  let token = '';
  let physicianToken = '';
  const pumpIds: string[] = [];
  let secondCheckerId = '';
  const reports: Record<string, LoadReport> = {};

  const instanceEnv = (port: number, seed: 'demo' | 'none'): NodeJS.ProcessEnv => {
    const env = { ...process.env };
    for (const k of Object.keys(env)) {
      if (k.startsWith('PUMPWATCH_') || ['DATABASE_URL', 'TEST_DATABASE_URL', 'JWT_SECRET', 'PORT'].includes(k)) {
        delete env[k];
      }
    }
    return {
      ...env,
      DATABASE_URL: pg.appUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_SECRET: jwtSecret,
      PUMPWATCH_SEED: seed,
      PUMPWATCH_ALARM_CRON: `*/${SWEEP_EVERY_S} * * * * *`,
      PUMPWATCH_WEB_DIST: '/nonexistent',
      PUMPWATCH_DATA_DIR: dataDir,
      PUMPWATCH_TRUST_PROXY: 'loopback',
    };
  };
  const start = async (inst: Instance, seed: 'demo' | 'none' = 'none'): Promise<void> => {
    inst.app = spawnApp(MAIN, instanceEnv(inst.port, seed));
    inst.generations.push(inst.app);
    await waitHealthy(inst.app, inst.port, 90_000);
  };
  const api = async <T>(route: string, init: RequestInit & { token?: string } = {}): Promise<T> => {
    const res = await fetch(`${nginx.base}${route}`, {
      ...init,
      headers: {
        'Content-Type': 'application/json',
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      },
    });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${route} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const login = async (who: string) =>
    (
      await api<{ accessToken: string }>('/api/auth/login', {
        method: 'POST',
        body: JSON.stringify({ email: `${who}@test.local`, password: TEST_PASSWORD }),
      })
    ).accessToken;
  const openAlarms = async () =>
    (await api<{ id: string; status: string; version: number }[]>('/api/alarms', { token })).filter(
      (a) => a.status === 'open',
    );

  /** Per pump an appointment then a refill (each with its Idempotency-Key), and an acknowledgement between. */
  const writesFor = (pumps: string[], alarms: { id: string; version: number }[], tag: string): WriteItem[] =>
    pumps.flatMap((pumpId, i) => {
      const items: WriteItem[] = [
        {
          kind: 'appointment',
          path: '/api/appointments',
          key: `${tag}-appointment-${pumpId}`,
          pumpId,
          body: { pumpId, at: new Date(Date.now() + 20 * DAY_MS).toISOString(), kind: 'refill' },
        },
        {
          kind: 'refill',
          path: `/api/pumps/${pumpId}/refills`,
          key: `${tag}-refill-${pumpId}`,
          pumpId,
          body: refillBody({ actualResidualMl: 8, secondCheckerId }),
        },
      ];
      const alarm = alarms[i];
      if (alarm) {
        items.splice(1, 0, {
          kind: 'ack',
          path: `/api/alarms/${alarm.id}/acknowledge`,
          alarmId: alarm.id,
          body: { version: alarm.version, note: 'seen (cluster test)' },
        });
      }
      return items;
    });
  const reads = (pumps: string[]) => [
    '/api/alarms',
    '/api/worklist/refills',
    `/api/pumps/${pumps[0]}/status`,
    '/api/patients?search=Patient',
    '/api/alarms',
    `/api/pumps/${pumps[1]}/status`,
  ];

  beforeAll(async () => {
    ensureBuilt();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-cluster-data-'));
    pg = await startPgCluster();
    for (let index = 0; index < INSTANCES; index++) {
      instances.push({ index, port: await freePort(), app: undefined as unknown as AppProcess, generations: [] });
    }
    // the first instance creates the schema and the demo clinic; then the audit log is sealed as DEPLOYMENT.md says
    await start(instances[0], 'demo');
    await pg.sealAuditLog();
    // fixture pumps through the app's own HTTP API, on a clock 30 days back: each is due a refill now
    // (in the instances' data folder: a key the app keeps there, e.g. for sealed secrets, must be the cluster's)
    const setup = await startTestApp({
      clock: new FixedClock(new Date(Date.now() - 30 * DAY_MS)),
      databaseUrl: pg.appUrl,
      env: { PUMPWATCH_DATA_DIR: dataDir },
    });
    try {
      const u = await createTestUsers(setup);
      secondCheckerId = u.ids.nurse2;
      await ensureDrugLibrary(setup, u);
      for (let i = 0; i < PUMPS.kill + PUMPS.rolling; i += 6) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(6, PUMPS.kill + PUMPS.rolling - i) }, async () => {
            const pump = await createPump(setup, u, (await createPatient(setup, u)).id);
            await programDose(setup, u, pump.id, { basalDoseMcgPerDay: 400 });
            await recordRefill(setup, u, pump.id);
            return pump.id;
          }),
        );
        pumpIds.push(...batch);
      }
    } finally {
      await setup.app.close();
    }
    await Promise.all(instances.slice(1).map((inst) => start(inst)));
    nginx = await startNginx(instances.map((i) => i.port));
    token = await login('nurse');
    physicianToken = await login('physician');
    for (let i = 0; i < SSE_CLIENTS; i++) {
      const client = new SseClient(nginx.port, token);
      await client.open();
      streams.push(client);
    }
  }, 240_000);

  afterAll(async () => {
    for (const s of streams) s.close();
    await Promise.all(instances.map((i) => i.app?.stop()));
    await nginx?.stop();
    await pg?.destroy();
    if (dataDir) removeTree(dataDir);
  });

  it('SIGKILL of one instance under load: no acknowledged write lost, no duplicate, streams replay', async () => {
    const phaseStart = new Date();
    const pumps = pumpIds.slice(0, PUMPS.kill);
    const load = startLoad({
      base: nginx.base,
      token,
      reads: reads(pumps),
      writes: writesFor(pumps, await openAlarms(), 'kill'),
      writeEveryMs: 150,
      connections: 8,
    });
    await sleep(4000);
    // the victim: the instance holding the most alarm streams
    const holders = (inst: Instance) => streams.filter((s) => s.upstream === `127.0.0.1:${inst.port}`).length;
    const victim = [...instances].sort((a, b) => holders(b) - holders(a))[0];
    const streamsOnVictim = holders(victim);
    const killedAtMs = Date.now();
    victim.app.child.kill('SIGKILL');
    await victim.app.exited;
    await sleep(8000);
    const report = await load.stop();
    reports.kill = report;
    await start(victim);

    // reads and keyed writes in flight on the killed instance were resent by nginx to another one; only an
    // acknowledgement (no key: not safely repeatable) may have failed, and the client knows it did
    expect(report.failed.reads).toBe(0);
    expect(report.failed.keyedWrites).toBe(0);
    expect(report.writes.filter((w) => w.kind !== 'ack').every((w) => w.status === 201)).toBe(true);
    const missing = await missingAcknowledgedWrites(pg.adminUrl, report.writes);
    expect(missing).toEqual([]);
    expect(await duplicatedWrites(pg.adminUrl, pumps, phaseStart)).toBe(0);
    expect(await duplicateOpenAlarms(pg.adminUrl)).toBe(0);
    const moved = streams.flatMap((s) => s.reconnects.filter((r) => r.lostAtMs >= killedAtMs));
    expect(moved.length).toBeGreaterThanOrEqual(streamsOnVictim);
    // nginx sent each reconnect to a live instance at the first attempt
    expect(moved.filter((r) => r.failedAttempts > 0)).toEqual([]);

    reportFigures('cluster.sigkill', {
      instances: INSTANCES,
      durationMs: report.durationMs,
      requests: report.answered + report.unanswered,
      byStatus: report.byStatus,
      failed: report.failed,
      p50Ms: Math.round(percentile(report.latenciesMs, 50)),
      p95Ms: Math.round(percentile(report.latenciesMs, 95)),
      p99Ms: Math.round(percentile(report.latenciesMs, 99)),
      writesAcknowledged: report.writes.filter((w) => w.status < 300).length,
      acknowledgedWritesMissing: missing.length,
      duplicateOpenAlarms: 0,
      streamsOnKilledInstance: streamsOnVictim,
      streamReconnectMs: moved.map((r) => r.backAtMs - r.lostAtMs),
    });
  }, 120_000);

  it('rolling restart (SIGTERM, start, healthy; each instance in turn) under load fails no request', async () => {
    const phaseStart = new Date();
    const pumps = pumpIds.slice(PUMPS.kill);
    const load = startLoad({
      base: nginx.base,
      token,
      reads: reads(pumps),
      writes: writesFor(pumps, await openAlarms(), 'rolling'),
      writeEveryMs: 200,
      connections: 8,
    });
    await sleep(2000);
    const restarts: { instance: number; drainMs: number; exit: number | string; startMs: number }[] = [];
    for (const inst of instances) {
      const stoppedAtMs = Date.now();
      inst.app.child.kill('SIGTERM');
      const exit = await inst.app.exited;
      const drainMs = Date.now() - stoppedAtMs;
      const startedAtMs = Date.now();
      await start(inst);
      restarts.push({ instance: inst.index, drainMs, exit, startMs: Date.now() - startedAtMs });
      await sleep(1500);
    }
    await sleep(2000);
    const report = await load.stop();
    reports.rolling = report;

    expect(restarts.map((r) => r.exit)).toEqual(instances.map(() => 0));
    expect(report.unanswered).toBe(0);
    expect(report.failed).toEqual({ reads: 0, keyedWrites: 0, acks: 0 });
    expect(Object.keys(report.byStatus).filter((s) => Number(s) >= 500)).toEqual([]);
    expect(report.writes.filter((w) => w.kind !== 'ack').every((w) => w.status === 201)).toBe(true);
    // an acknowledgement answers 200, or 409 when the sweep changed the alarm after the board was read
    expect(report.writes.filter((w) => w.kind === 'ack').every((w) => w.status === 200 || w.status === 409)).toBe(true);
    expect(await missingAcknowledgedWrites(pg.adminUrl, report.writes)).toEqual([]);
    expect(await duplicatedWrites(pg.adminUrl, pumps, phaseStart)).toBe(0);
    expect(await duplicateOpenAlarms(pg.adminUrl)).toBe(0);
    // every stream was on some instance that restarted: each ended with a retry hint and came back elsewhere
    const moved = streams.flatMap((s) => s.reconnects.filter((r) => r.lostAtMs >= phaseStart.getTime()));
    expect(moved.length).toBeGreaterThanOrEqual(streams.length);
    expect(moved.filter((r) => r.failedAttempts > 0)).toEqual([]);

    reportFigures('cluster.rolling-restart', {
      instances: INSTANCES,
      durationMs: report.durationMs,
      requests: report.answered + report.unanswered,
      byStatus: report.byStatus,
      failed: report.failed,
      p50Ms: Math.round(percentile(report.latenciesMs, 50)),
      p95Ms: Math.round(percentile(report.latenciesMs, 95)),
      p99Ms: Math.round(percentile(report.latenciesMs, 99)),
      writesAcknowledged: report.writes.filter((w) => w.status < 300).length,
      drainMs: restarts.map((r) => r.drainMs),
      restartToHealthyMs: restarts.map((r) => r.startMs),
      streamReconnects: moved.length,
      streamReconnectMs: moved.map((r) => r.backAtMs - r.lostAtMs),
    });
  }, 180_000);

  it('every stream saw every alarm change; one sweep per scheduled run; the standby has every write', async () => {
    // streams: the latest version of every alarm changed since they opened, across kills and restarts
    const deadlineMs = Date.now() + 15_000;
    const unseenNow = () => Promise.all(streams.map((s) => unseenAlarmChanges(pg.adminUrl, s)));
    let unseen = await unseenNow();
    while (unseen.some((n) => n > 0) && Date.now() < deadlineMs) {
      await sleep(500);
      unseen = await unseenNow();
    }
    expect(unseen).toEqual(streams.map(() => 0));
    // some of them arrived only because the reconnect sent Last-Event-ID (made while the client was away)
    const replayed = streams.reduce((n, s) => n + changesReplayedAfterReconnect(s), 0);
    expect(replayed).toBeGreaterThan(0);

    // sweeps: never two at once, never two for one scheduled run, and they went on through kills and restarts
    const runs = instances
      .flatMap((inst) => inst.generations.flatMap((g) => sweepsInLog(inst.index, g.stdout())))
      .sort((a, b) => a.startedMs - b.startedMs);
    const scheduled = runs.filter((r) => r.trigger === 'scheduled');
    const perTick = new Map<number, number>();
    for (const r of scheduled) {
      const tick = Math.floor(r.startedMs / (SWEEP_EVERY_S * 1000));
      perTick.set(tick, (perTick.get(tick) ?? 0) + 1);
    }
    const overlapping = runs.filter((r, i) => i > 0 && r.startedMs < runs[i - 1].startedMs + runs[i - 1].durationMs);
    expect([...perTick.values()].filter((n) => n > 1)).toEqual([]);
    expect(overlapping).toEqual([]);
    const elapsedTicks = Math.floor((Date.now() - runs[0].startedMs) / (SWEEP_EVERY_S * 1000));
    expect(scheduled.length).toBeGreaterThanOrEqual(Math.floor(elapsedTicks * 0.6));

    // the standby: replayed everything, so every acknowledged write is there as well
    const catchUpMs = await pg.standbyCaughtUp();
    const allWrites = [...(reports.kill?.writes ?? []), ...(reports.rolling?.writes ?? [])];
    expect(await missingAcknowledgedWrites(pg.standbyUrl, allWrites)).toEqual([]);
    expect(await tableCounts(pg.standbyUrl)).toEqual(await tableCounts(pg.adminUrl));
    const verify = await api<{ ok: boolean; entries: number }>('/api/audit/verify', { token: physicianToken });
    expect(verify.ok).toBe(true);

    reportFigures('cluster.streams-sweeps-standby', {
      streams: streams.length,
      alarmEvents: streams.map((s) => s.events.length),
      reconnects: streams.reduce((n, s) => n + s.reconnects.length, 0),
      changesReplayedAfterReconnect: replayed,
      unseenAlarmChanges: unseen.reduce((a, b) => a + b, 0),
      sweepRuns: runs.length,
      scheduledTicks: elapsedTicks,
      sweepsByInstance: instances.map((inst) => runs.filter((r) => r.instance === inst.index).length),
      ticksSweptTwice: 0,
      overlappingSweeps: 0,
      standbyCatchUpMs: catchUpMs,
      auditChainOk: verify.ok,
      auditEntries: verify.entries,
    });
  }, 60_000);
});
