import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { FixedClock } from '../src/common/clock/clock';
import { alarmsOf, auditCount, engine, filledPump, sweep } from './support/alarm-fixtures';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestUsers, type TestUsers } from './support/users';

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

/** Opens the SSE stream with a raw HTTP request and collects parsed events until closed. */
function openStream(port: number, path: string, headers: Record<string, string> = {}) {
  const events: SseEvent[] = [];
  let status = 0;
  let buffer = '';
  const waiters: (() => void)[] = [];
  const req = http.get({ host: '127.0.0.1', port, path, headers }, (res) => {
    status = res.statusCode ?? 0;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let idx: number;
      while ((idx = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, idx);
        buffer = buffer.slice(idx + 2);
        const ev: SseEvent = {};
        for (const line of block.split('\n')) {
          const m = /^(id|event|data): ?(.*)$/.exec(line);
          if (m) ev[m[1] as keyof SseEvent] = m[2];
        }
        if (ev.data) events.push(ev);
      }
      waiters.splice(0).forEach((w) => w());
    });
    waiters.splice(0).forEach((w) => w());
  });
  req.on('error', () => undefined);
  const waitFor = async (pred: () => boolean, ms = 5000) => {
    const deadline = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`timed out; events: ${JSON.stringify(events)}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 100);
      });
    }
  };
  return { events, status: () => status, waitFor, close: () => req.destroy() };
}

describe('two API instances on one database; live alarm stream', () => {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  let a: TestApp;
  let b: TestApp;
  let u: TestUsers;
  let port: number;
  beforeAll(async () => {
    a = await startTestApp({ clock });
    b = await startTestApp({ clock, databaseUrl: a.databaseUrl });
    u = await createTestUsers(a);
    await b.app.listen(0, '127.0.0.1');
    port = (b.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('concurrent sweeps and evaluations on both instances never duplicate an alarm', async () => {
    const pumps = [];
    for (let i = 0; i < 12; i++) pumps.push((await filledPump(a, u)).pumpId);
    const [sa, sb, ea, eb] = await Promise.all([
      sweep(a),
      sweep(b),
      engine(a).evaluatePumps(),
      engine(b).evaluatePumps(pumps),
    ]);
    expect(sa.skipped && sb.skipped).toBe(false);
    const raised = [sa, sb, ea, eb].reduce((n, r) => n + r.raised, 0);
    const active = [];
    for (const p of pumps) active.push(...(await alarmsOf(a, u, p)));
    expect(active).toHaveLength(pumps.length); // one REFILL_NOT_BOOKED each
    expect(raised).toBe(pumps.length);
    expect(await auditCount(a, 'alarm.raise')).toBe(pumps.length);
  });

  it('a sweep is skipped while another instance holds the sweep lock', async () => {
    const other = new Client({ connectionString: a.databaseUrl });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock(734301)');
      expect(await sweep(b)).toMatchObject({ skipped: true, pumps: 0 });
    } finally {
      await other.end();
    }
    expect((await sweep(b)).skipped).toBe(false);
  });

  it('streams a change made on the other instance (LISTEN/NOTIFY) and replays after Last-Event-ID', async () => {
    const { pumpId } = await filledPump(a, u);
    expect(
      await new Promise<number>((resolve) => {
        const s = openStream(port, '/api/alarms/stream');
        void s
          .waitFor(() => s.status() > 0)
          .then(() => {
            s.close();
            resolve(s.status());
          });
      }),
    ).toBe(401);

    const stream = openStream(port, `/api/alarms/stream?access_token=${u.tokens.staff}`);
    await stream.waitFor(() => stream.status() === 200);
    await engine(a).evaluatePumps([pumpId]); // raised by instance A
    await stream.waitFor(() => stream.events.some((e) => e.data!.includes(pumpId)));
    const raised = JSON.parse(stream.events.find((e) => e.data!.includes(pumpId))!.data!);
    expect(raised).toMatchObject({ pumpId, code: 'REFILL_NOT_BOOKED', status: 'open' });
    expect(raised.patient.mrn).toMatch(/^MRN-/);
    const firstId = stream.events[stream.events.length - 1].id!;

    await a.http.post(`/api/alarms/${raised.id}/acknowledge`).set(u.auth('nurse')).send({}).expect(200);
    await stream.waitFor(() => stream.events.some((e) => e.data!.includes('"acknowledged"')));
    const ids = stream.events.map((e) => BigInt(e.id!));
    expect(ids.every((id, i) => i === 0 || id >= ids[i - 1])).toBe(true);
    stream.close();

    // reconnect with the first cursor: the acknowledgement is replayed
    const again = openStream(port, '/api/alarms/stream', {
      Authorization: `Bearer ${u.tokens.nurse}`,
      'Last-Event-ID': firstId,
    });
    await again.waitFor(() =>
      again.events.some((e) => JSON.parse(e.data!).id === raised.id && JSON.parse(e.data!).status === 'acknowledged'),
    );
    again.close();
  });
});
