import type { ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import path from 'node:path';
import { Client } from 'pg';
import { createPumpFor } from '../support/alarm-fixtures';
import { startSmtp } from '../support/notify-receivers';
import { createTestDatabase, startTestApp } from '../support/test-app';
import { createTestUsers, TEST_PASSWORD } from '../support/users';
import { freePort, startServerProcess } from './support/app-process';
import { API_DIR, ensureBuilt } from './support/build';

const MAIN = path.join(API_DIR, 'dist/main.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startServer(databaseUrl: string, port: number, env: Record<string, string>): Promise<ChildProcess> {
  return startServerProcess(MAIN, databaseUrl, port, {
    JWT_SECRET: 'reliability-notify-secret-0123456789abcdef',
    ...env,
  });
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * A process killed after the alarm's transaction committed — before the send, or in the middle of it — loses
 * nothing: after a restart each delivery arrives, under the delivery id it was given at commit.
 */
describe('reliability: SIGKILL between commit and send', () => {
  it('every notification is delivered after restart, never under a new delivery id', async () => {
    ensureBuilt();
    const db = await createTestDatabase();
    const smtp = await startSmtp();
    // the pager: once armed, holds the first request about a new alarm open (the sender dies mid-send)
    const received: { deliveryId: string; alarmId: string }[] = [];
    let holdOtherThan: string | null = null;
    const pager = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { alarm: { id: string } };
        received.push({ deliveryId: String(req.headers['x-pumpwatch-delivery']), alarmId: body.alarm.id });
        if (holdOtherThan && body.alarm.id !== holdOtherThan) {
          holdOtherThan = null; // this one hangs; the next try is answered
          return;
        }
        res.end();
      });
    });
    await new Promise<void>((r) => pager.listen(0, '127.0.0.1', r));
    const pagerUrl = `http://127.0.0.1:${(pager.address() as AddressInfo).port}/page`;

    const setup = await startTestApp({ databaseUrl: db.url });
    const u = await createTestUsers(setup);
    await setup.http
      .post('/api/notification-channels')
      .set(u.auth('admin'))
      .send({
        name: 'Pager',
        kind: 'webhook',
        url: pagerUrl,
        secret: 'reliability-pager-secret',
        events: ['alarm.raised'],
      })
      .expect(201);
    const before = await createPumpFor(setup, u);
    const during = await createPumpFor(setup, u);
    await setup.app.close();

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = { PUMPWATCH_SMTP_URL: smtp.url };
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const mri = async (pumpId: string) => {
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'nurse@test.local', password: TEST_PASSWORD }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const res = await fetch(`${base}/api/pumps/${pumpId}/events`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ type: 'MRI', at: new Date().toISOString() }),
      });
      expect(res.status).toBe(201);
      const [alarm] = (await pg.query(`SELECT id FROM alarms WHERE pump_id = $1`, [pumpId])).rows as { id: string }[];
      return alarm.id;
    };
    let server: ChildProcess | null = null;
    try {
      // 1. committed, then killed before any send (this instance's worker is off)
      server = await startServer(db.url, port, { ...env, PUMPWATCH_NOTIFY_POLL_MS: 'off' });
      const alarmBefore = await mri(before.pumpId);
      server.kill('SIGKILL');
      expect(received).toHaveLength(0);

      // 2. killed in the middle of a send: the pager got the request, its answer never came back
      server = await startServer(db.url, port, { ...env, PUMPWATCH_NOTIFY_POLL_MS: '100' });
      await until('the first alarm delivered', () => received.some((r) => r.alarmId === alarmBefore));
      holdOtherThan = alarmBefore;
      const alarmDuring = await mri(during.pumpId);
      await until('the send in flight', () => received.some((r) => r.alarmId === alarmDuring));
      server.kill('SIGKILL');

      // 3. restarted: everything still owed is sent
      server = await startServer(db.url, port, { ...env, PUMPWATCH_NOTIFY_POLL_MS: '100' });
      await until('every delivery sent', async () => {
        const { rows } = await pg.query(`SELECT count(*)::int AS n FROM notification_outbox WHERE status <> 'sent'`);
        return (rows[0] as { n: number }).n === 0;
      });
      const outbox = (await pg.query(`SELECT delivery_id, channel_kind, alarm_id, attempts FROM notification_outbox`))
        .rows as { delivery_id: string; channel_kind: string; alarm_id: string }[];
      // per alarm: the webhook and an e-mail to each of the two physicians (nobody on call)
      expect(outbox).toHaveLength(6);
      const known = new Set(outbox.map((o) => o.delivery_id));
      const mailIds = smtp.mails.map((m) => m.deliveryId!);
      for (const id of [...received.map((r) => r.deliveryId), ...mailIds]) expect(known.has(id)).toBe(true);
      for (const o of outbox) {
        const copies = [...received.map((r) => r.deliveryId), ...mailIds].filter((id) => id === o.delivery_id);
        if (o.alarm_id === alarmBefore)
          expect(copies).toHaveLength(1); // killed before sending: exactly once
        else expect(copies.length).toBeGreaterThanOrEqual(1); // killed mid-send: again, same id
      }
      const hookDuring = received.filter((r) => r.alarmId === alarmDuring);
      expect(hookDuring).toHaveLength(2);
      expect(hookDuring[1].deliveryId).toBe(hookDuring[0].deliveryId);
    } finally {
      server?.kill('SIGKILL');
      await pg.end();
      pager.closeAllConnections();
      await new Promise<void>((r) => pager.close(() => r()));
      await smtp.close();
      await db.drop();
    }
  });
});
