import type { AlarmListItemDto, NotificationDeliveryDto } from '@pumpwatch/contracts';
import { FixedClock } from '../src/common/clock/clock';
import { DeliveryWorker } from '../src/modules/notifications/delivery-worker.service';
import { retryDelayMs } from '../src/modules/notifications/notification-rules';
import { alarmsOf, createPumpFor } from './support/alarm-fixtures';
import { recordPumpEvent } from './support/clinic-fixtures';
import { expectedSignature, startReceiver, startSmtp } from './support/notify-receivers';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestUsers, type TestUsers } from './support/users';

const SECRET = 'gateway-secret-abcdef-987';

/** Delivery guarantees: retries with the same id and bytes, back-off, give-up, the failing alarm, two workers. */
describe('notifications: retries, dead deliveries, two workers', () => {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  let t: TestApp;
  let u: TestUsers;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let pager: Awaited<ReturnType<typeof startReceiver>>;
  const drain = (app = t) => app.app.get(DeliveryWorker).drain();
  const log = async (q = '') =>
    (await t.http.get(`/api/notifications${q}`).set(u.auth('physician')).expect(200)).body as NotificationDeliveryDto[];
  const failingAlarm = async () =>
    (
      (await t.http.get('/api/alarms?code=NOTIFICATIONS_FAILING&status=active').set(u.auth('staff')).expect(200))
        .body as AlarmListItemDto[]
    )[0];
  const raiseCritical = async () => {
    const { pumpId } = await createPumpFor(t, u);
    await recordPumpEvent(t, u, pumpId, 'MRI');
    return (await alarmsOf(t, u, pumpId))[0];
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    pager = await startReceiver();
    process.env.PUMPWATCH_SMTP_URL = smtp.url;
    process.env.PUMPWATCH_NOTIFY_POLL_MS = 'off';
    t = await startTestApp({ clock });
    u = await createTestUsers(t);
    await t.http
      .post('/api/notification-channels')
      .set(u.auth('admin'))
      .send({ name: 'SMS gateway', kind: 'webhook', url: pager.url, secret: SECRET, events: ['alarm.raised'] })
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await pager.close();
  });

  it('a receiver answering 500 then 200 gets the same delivery id and the same signed bytes again', async () => {
    pager.answer = (n) => (n === 1 ? 500 : 200);
    const alarm = await raiseCritical();
    await drain();
    const [failed] = await log(`?alarmId=${alarm.id}&status=failed`);
    expect(failed).toMatchObject({ attempts: 1, lastError: 'webhook answered HTTP 500' });
    expect(failed.nextAttemptAt).toBe(new Date(clock.now().getTime() + 30_000).toISOString());

    await drain(); // not due yet: nothing is sent
    expect(pager.hooks).toHaveLength(1);
    clock.advance(30_000);
    await drain();
    expect(pager.hooks).toHaveLength(2);
    const [first, second] = pager.hooks;
    expect(second.headers['x-pumpwatch-delivery']).toBe(first.headers['x-pumpwatch-delivery']);
    expect(second.raw).toBe(first.raw);
    expect(second.headers['x-pumpwatch-signature']).toBe(expectedSignature(SECRET, second.raw));
    // the webhook and the pages (nobody on call: both physicians)
    expect(await log(`?alarmId=${alarm.id}&status=sent`)).toHaveLength(3);
  });

  it('back-off 30 s doubling, dead after 8 tries → NOTIFICATIONS_FAILING (high, no pump) once; a success closes it', async () => {
    pager.answer = () => 503;
    const start = pager.hooks.length;
    const a = await raiseCritical();
    const b = await raiseCritical();
    for (let attempt = 1; attempt <= 8; attempt++) {
      await drain();
      expect(pager.hooks.length - start).toBe(2 * attempt);
      const rows = await log(`?alarmId=${a.id}`);
      const hook = rows.find((r) => r.channel !== 'email')!;
      expect(hook).toMatchObject({ attempts: attempt, status: attempt < 8 ? 'failed' : 'dead' });
      if (attempt < 8) clock.advance(retryDelayMs(attempt));
    }
    const ids = new Set(pager.hooks.slice(start).map((h) => h.headers['x-pumpwatch-delivery']));
    expect(ids.size).toBe(2); // every retry reused its delivery id
    const open = await failingAlarm();
    expect(open).toMatchObject({ code: 'NOTIFICATIONS_FAILING', priority: 'high', pumpId: null, patient: null });
    expect((await t.http.get('/api/notifications/status').set(u.auth('staff')).expect(200)).body).toMatchObject({
      emailConfigured: true,
      alarmOpen: true,
      deadLast24h: 2,
    });
    // nothing more is tried for a dead delivery; the failing alarm pages nobody itself
    const mailsBefore = smtp.mails.length;
    clock.advance(24 * 3_600_000);
    await drain();
    expect(pager.hooks.length - start).toBe(16);
    expect(smtp.mails.length).toBe(mailsBefore);
    expect((await log(`?alarmId=${open.id}`)).length).toBe(0);

    pager.answer = () => 200;
    await raiseCritical();
    await drain();
    expect(await failingAlarm()).toBeUndefined();
    const [closed] = (await t.http.get(`/api/alarms?code=NOTIFICATIONS_FAILING&status=resolved`).set(u.auth('staff')))
      .body as AlarmListItemDto[];
    expect(closed).toMatchObject({ id: open.id, resolution: 'auto: a notification was delivered again' });
    expect(b.priority).toBe('critical');
  });

  it('an SMTP 4xx answer is a failure, retried with the same delivery id', async () => {
    smtp.reject = true;
    const alarm = await raiseCritical();
    await drain();
    // nobody on call at level 1: every active physician is paged
    const mails = (await log(`?alarmId=${alarm.id}&status=failed`)).filter((r) => r.channel === 'email');
    expect(mails.map((m) => m.recipient).sort()).toEqual(['physician2@test.local', 'physician@test.local']);
    for (const m of mails) expect(m.lastError).toMatch(/SMTP answered 451/);
    smtp.reject = false;
    clock.advance(30_000);
    await drain();
    const received = smtp.mails.filter((m) => m.raw.includes(alarm.id));
    expect(received.map((m) => m.deliveryId).sort()).toEqual(mails.map((m) => m.deliveryId).sort());
  });

  it('two API instances draining at once never send the same delivery twice', async () => {
    const second = await startTestApp({ clock, databaseUrl: t.databaseUrl });
    try {
      pager.delayMs = 30; // slow answers: both workers are sending at the same time
      const start = pager.hooks.length;
      const mailStart = smtp.mails.length;
      for (let i = 0; i < 12; i++) await raiseCritical();
      const pending = await log('?status=pending');
      expect(pending.length).toBe(36); // per alarm: the webhook and an e-mail to each of the two physicians
      const [r1, r2] = await Promise.all([drain(), drain(second)]);
      expect(r1.sent + r2.sent).toBe(36);
      expect(r1.sent).toBeGreaterThan(0);
      expect(r2.sent).toBeGreaterThan(0);
      const hookIds = pager.hooks.slice(start).map((h) => h.headers['x-pumpwatch-delivery']);
      const mailIds = smtp.mails.slice(mailStart).map((m) => m.deliveryId);
      expect(hookIds).toHaveLength(12);
      expect(new Set(hookIds).size).toBe(12);
      expect(mailIds).toHaveLength(24);
      expect(new Set(mailIds).size).toBe(24);
    } finally {
      pager.delayMs = 0;
      await second.close();
    }
  });
});
