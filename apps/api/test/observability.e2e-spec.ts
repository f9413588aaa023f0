import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { FixedClock } from '../src/common/clock/clock';
import type { AppConfig } from '../src/config/config';
import { AlarmSweepScheduler } from '../src/modules/alarms/alarm-sweep.scheduler';
import { AlarmSweepMonitor } from '../src/modules/observability/alarm-sweep-monitor';
import { createPatient, createPump } from './support/clinic-fixtures';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestUsers, type TestUsers } from './support/users';

const MINUTE_MS = 60_000;

/** The value of one sample line of a Prometheus text exposition, e.g. `pumpwatch_alarms_open{priority="high"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('observability: /metrics, alarm sweep health, request log', () => {
  let t: TestApp;
  let u: TestUsers;
  const clock = new FixedClock(new Date('2026-03-01T09:00:00Z'));
  const logLines: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ clock, logStream: { write: (line) => void logLines.push(line) } });
    u = await createTestUsers(t);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('GET /metrics', () => {
    it('answers a loopback client in the Prometheus text format, per route template, method and status', async () => {
      const pump = await createPump(t, u, (await createPatient(t, u)).id);
      await t.http.get(`/api/pumps/${pump.id}`).set(u.auth('nurse')).expect(200);
      await t.http.get('/api/health').expect(200);
      const res = await t.http.get('/metrics').set('Accept', '*/*').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = res.text;
      expect(
        sample(text, 'http_request_duration_seconds_count{route="/api/pumps/:id",method="GET",status="200"}'),
      ).toBe(1);
      expect(text).toContain(
        'http_request_duration_seconds_bucket{le="0.005",route="/api/health",method="GET",status="200"}',
      );
      expect(text).not.toContain(pump.id); // templates, never concrete paths
      for (const name of [
        'pumpwatch_alarm_sweep_duration_seconds',
        'pumpwatch_alarm_sweep_last_success_timestamp_seconds',
        'pumpwatch_db_pool_connections',
        'pumpwatch_db_pool_idle_connections',
        'pumpwatch_db_pool_waiting_requests',
        'pumpwatch_db_pool_max_connections',
      ]) {
        expect(text).toContain(`# TYPE ${name} `);
      }
      expect(sample(text, 'pumpwatch_db_pool_max_connections')).toBe(20);
      expect(sample(text, 'pumpwatch_db_pool_connections')).toBeGreaterThan(0);
    });

    it('counts unresolved alarms per priority, as the database has them', async () => {
      // the demo clinic has alarms of every priority once swept
      const demo = await startTestApp({ seed: 'demo' });
      try {
        await demo.app.get(AlarmSweepScheduler).run();
        await expectOpenAlarmsCounted(demo);
      } finally {
        await demo.close();
      }
    });

    async function expectOpenAlarmsCounted(demo: TestApp): Promise<void> {
      const rows = (await demo.app
        .get(DataSource)
        .query(`SELECT priority, count(*)::int AS n FROM alarms WHERE status <> 'resolved' GROUP BY priority`)) as {
        priority: string;
        n: number;
      }[];
      expect(rows.length).toBeGreaterThan(1);
      const text = (await demo.http.get('/metrics').expect(200)).text;
      for (const priority of ['critical', 'high', 'medium', 'low']) {
        const expected = rows.find((r) => r.priority === priority)?.n ?? 0;
        expect(sample(text, `pumpwatch_alarms_open{priority="${priority}"}`)).toBe(expected);
      }
      expect(sample(text, 'pumpwatch_alarm_sweep_duration_seconds_count')).toBe(1);
      expect(sample(text, 'pumpwatch_alarm_sweep_last_success_timestamp_seconds')).toBe(
        demo.clock.now().getTime() / 1000,
      );
    }

    it('refuses a request relayed by a proxy, even from loopback, when no scrape token is set', async () => {
      const res = await t.http.get('/metrics').set('X-Forwarded-For', '203.0.113.9').expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      await t.http.get('/metrics').set('Forwarded', 'for=203.0.113.9').expect(403);
    });

    it('is not swallowed by the dashboard fallback (Prometheus and curl accept */*)', async () => {
      const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-web-'));
      fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>dashboard</title>');
      const withWeb = await startTestApp({ databaseUrl: t.databaseUrl, env: { PUMPWATCH_WEB_DIST: webDist } });
      try {
        const res = await withWeb.http.get('/metrics').set('Accept', 'text/html,*/*;q=0.1').expect(200);
        expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
        expect((await withWeb.http.get('/alarms').set('Accept', 'text/html').expect(200)).text).toContain('dashboard');
      } finally {
        await withWeb.app.close();
        fs.rmSync(webDist, { recursive: true, force: true });
      }
    });

    it('leaves GET /api/metrics/quality where it was', async () => {
      await t.http.get('/api/metrics/quality').expect(401);
      const res = await t.http.get('/api/metrics/quality').set(u.auth('physician'));
      expect(res.status).toBe(200);
    });

    it('with PUMPWATCH_METRICS_TOKEN, wants that Bearer token from every client, loopback included', async () => {
      const token = 'scrape-token-0123456789';
      const other = await startTestApp({ databaseUrl: t.databaseUrl, env: { PUMPWATCH_METRICS_TOKEN: token } });
      try {
        const none = await other.http.get('/metrics').expect(401);
        expect(none.body.code).toBe('UNAUTHORIZED');
        expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
        await other.http.get('/metrics').set('Authorization', `Bearer ${token}x`).expect(401);
        await other.http.get('/metrics').set('Authorization', 'Bearer short').expect(401);
        await other.http.get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
        await other.http
          .get('/metrics')
          .set('Authorization', `Bearer ${token}`)
          .set('X-Forwarded-For', '203.0.113.9')
          .expect(200);
      } finally {
        await other.app.close();
      }
    });
  });

  describe('alarm sweep health', () => {
    it('reports the last sweep; after three missed runs /api/health/ready is 503 while /api/health stays 200', async () => {
      clock.advance(MINUTE_MS);
      await t.app.get(AlarmSweepScheduler).run();
      const sweptAt = clock.now().toISOString();
      clock.advance(90_000);
      let health = await t.http.get('/api/health').expect(200);
      expect(health.body).toEqual({
        status: 'ok',
        database: 'up',
        alarmSweep: { lastSuccessAt: sweptAt, ageSeconds: 90, ok: true },
      });
      await t.http.get('/api/health/ready').expect(200, {
        status: 'ready',
        database: 'up',
        alarmSweep: { lastSuccessAt: sweptAt, ageSeconds: 90, ok: true },
      });

      // the default schedule is every 5 minutes: three runs pass within 15 minutes of the last success
      clock.advance(15 * MINUTE_MS);
      health = await t.http.get('/api/health').expect(200);
      expect(health.body.alarmSweep).toEqual({ lastSuccessAt: sweptAt, ageSeconds: 990, ok: false });
      const ready = await t.http.get('/api/health/ready').expect(503);
      expect(ready.body).toMatchObject({ status: 'not-ready', database: 'up', alarmSweep: { ok: false } });

      // the next sweep that finishes makes the instance ready again
      await t.app.get(AlarmSweepScheduler).run();
      const after = await t.http.get('/api/health/ready').expect(200);
      expect(after.body.alarmSweep).toEqual({ lastSuccessAt: clock.now().toISOString(), ageSeconds: 0, ok: true });
    });

    it('counts missed runs on the configured schedule (PUMPWATCH_ALARM_CRON), e.g. hourly', async () => {
      const sweepClock = new FixedClock(new Date('2026-03-02T12:00:00Z'));
      const hourly = new AlarmSweepMonitor(
        t.app.get(DataSource),
        sweepClock,
        { alarmSweepCron: '0 * * * *' } as AppConfig,
        t.app.get(SchedulerRegistry),
      );
      await hourly.recordSuccess(1200, 3);
      sweepClock.advance(2 * 60 * MINUTE_MS + 59 * MINUTE_MS); // 14:59: the 13:00 and 14:00 runs missed
      expect((await hourly.health()).ok).toBe(true);
      sweepClock.advance(MINUTE_MS); // 15:00: the third
      expect((await hourly.health()).ok).toBe(false);
    });
  });

  describe('request log', () => {
    it('is one JSON line per request with id, method, route, status, duration and user id; no names, no URL', async () => {
      logLines.length = 0;
      const patient = await createPatient(t, u, { givenName: 'Zebulon', familyName: 'Quixotic' });
      await t.http.get('/api/patients').query({ search: 'Quixotic' }).set(u.auth('nurse')).expect(200);
      const traced = await t.http
        .get(`/api/patients/${patient.id}`)
        .set(u.auth('nurse'))
        .set('X-Request-Id', 'trace-abc.123')
        .expect(200);
      expect(traced.headers['x-request-id']).toBe('trace-abc.123');
      const anonymous = await t.http.get('/api/patients').set('X-Request-Id', 'not ok: spaces').expect(401);
      expect(anonymous.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

      const entries = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const all = logLines.join('\n');
      for (const secret of ['Zebulon', 'Quixotic', 'search=', patient.mrn, patient.id, 'Bearer', 'Test nurse']) {
        expect(all).not.toContain(secret);
      }
      const byId = entries.find((e) => e.reqId === 'trace-abc.123');
      expect(byId).toMatchObject({
        level: 30,
        method: 'GET',
        route: '/api/patients/:id',
        res: { statusCode: 200 },
        userId: u.ids.nurse,
        msg: 'GET /api/patients/:id 200',
      });
      expect(typeof byId!.responseTime).toBe('number');
      expect(Object.keys(byId!).sort()).toEqual(
        ['level', 'time', 'reqId', 'method', 'route', 'userId', 'res', 'responseTime', 'msg'].sort(),
      );
      const created = entries.find((e) => e.method === 'POST' && e.route === '/api/patients');
      expect(created).toMatchObject({ res: { statusCode: 201 }, userId: u.ids.nurse });
      expect(created).not.toHaveProperty('req');
      const refused = entries.find((e) => e.reqId === anonymous.headers['x-request-id']);
      expect(refused).toMatchObject({ route: '/api/patients', res: { statusCode: 401 }, userId: null });
    });
  });
});
