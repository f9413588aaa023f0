import type { NotificationDeliveryDto } from '@pumpwatch/contracts';
import { DataSource } from 'typeorm';
import { FixedClock } from '../src/common/clock/clock';
import { AlarmsService } from '../src/modules/alarms/alarms.service';
import { AlarmNotifier } from '../src/modules/notifications/alarm-notifier.service';
import { DeliveryWorker } from '../src/modules/notifications/delivery-worker.service';
import { NotificationScheduler } from '../src/modules/notifications/notification-scheduler';
import { alarmsOf, createPumpFor } from './support/alarm-fixtures';
import { expectedSignature, startReceiver, startSmtp } from './support/notify-receivers';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestUsers, type TestUsers } from './support/users';

const SECRET = 'pager-shared-secret-0123';
const MINUTE_MS = 60_000;

/**
 * From the write to the inbox and the pager: a real SMTP server and a real HTTP receiver on loopback, the
 * running app over HTTP on real PostgreSQL; the worker and the schedules are driven by the test (clock moved).
 */
describe('notifications: routing, signatures, escalation, digest', () => {
  const clock = new FixedClock(new Date('2026-07-01T10:00:00Z')); // 11:00 in London (BST)
  let t: TestApp;
  let u: TestUsers;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let pager: Awaited<ReturnType<typeof startReceiver>>;
  let channelId: string;
  const drain = () => t.app.get(DeliveryWorker).drain();
  const tick = () => t.app.get(NotificationScheduler).tick();
  const log = async (q = '') =>
    (await t.http.get(`/api/notifications${q}`).set(u.auth('admin')).expect(200)).body as NotificationDeliveryDto[];
  const mri = (pumpId: string) =>
    t.http
      .post(`/api/pumps/${pumpId}/events`)
      .set(u.auth('nurse'))
      .send({ type: 'MRI', at: clock.now().toISOString() });

  beforeAll(async () => {
    smtp = await startSmtp();
    pager = await startReceiver();
    process.env.PUMPWATCH_SMTP_URL = smtp.url;
    process.env.PUMPWATCH_MAIL_FROM = 'PumpWatch <alarms@clinic.test>';
    process.env.PUMPWATCH_PUBLIC_URL = 'https://pumpwatch.clinic.test';
    process.env.PUMPWATCH_NOTIFY_POLL_MS = 'off';
    t = await startTestApp({ clock });
    u = await createTestUsers(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await pager.close();
  });

  it('channels: admin only, checked values (422), listed without the secret', async () => {
    const good = { name: 'Pager', kind: 'webhook', url: pager.url, secret: SECRET, events: ['alarm.raised'] };
    await t.http.post('/api/notification-channels').set(u.auth('physician')).send(good).expect(403);
    for (const bad of [
      { url: 'ftp://127.0.0.1/x' },
      { url: 'http://user:pw@127.0.0.1/x' },
      { secret: 'short' },
      { secret: undefined },
      { events: [] },
    ]) {
      const res = await t.http
        .post('/api/notification-channels')
        .set(u.auth('admin'))
        .send({ ...good, ...bad });
      expect([res.status, res.body.code]).toEqual([422, 'CHANNEL_INVALID']);
    }
    const created = await t.http
      .post('/api/notification-channels')
      .set(u.auth('admin'))
      .send({
        ...good,
        events: ['alarm.raised', 'alarm.escalated', 'alarm.resolved', 'digest.daily'],
        minPriority: 'critical',
      })
      .expect(201);
    channelId = created.body.id as string;
    const list = await t.http.get('/api/notification-channels').set(u.auth('admin')).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: channelId, minPriority: 'critical' })]);
    expect(JSON.stringify(list.body)).not.toContain(SECRET);
  });

  it('on call: active nurse or physician, end after start (422), one person per level at a time (409)', async () => {
    const at = (min: number) => new Date(clock.now().getTime() + min * MINUTE_MS).toISOString();
    const shift = (body: Record<string, unknown>, who: 'admin' | 'physician' | 'nurse' = 'admin') =>
      t.http.post('/api/on-call').set(u.auth(who)).send(body);
    await shift({ userId: u.ids.nurse, level: 1, startsAt: at(-60), endsAt: at(600) }, 'nurse').expect(403);
    expect((await shift({ userId: u.ids.staff, level: 1, startsAt: at(-60), endsAt: at(600) })).status).toBe(422);
    expect((await shift({ userId: u.ids.nurse, level: 1, startsAt: at(60), endsAt: at(60) })).status).toBe(422);
    await shift({ userId: u.ids.nurse, level: 1, startsAt: at(-60), endsAt: at(600) }).expect(201);
    const clash = await shift({ userId: u.ids.nurse2, level: 1, startsAt: at(599), endsAt: at(900) }, 'physician');
    expect([clash.status, clash.body.code]).toEqual([409, 'ON_CALL_OVERLAP']);
    // [start, end): back-to-back is not an overlap; level 2 is a separate rota
    await shift({ userId: u.ids.nurse2, level: 1, startsAt: at(600), endsAt: at(900) }, 'physician').expect(201);
    const now = await t.http.get('/api/on-call').set(u.auth('staff')).expect(200);
    expect(now.body).toEqual([expect.objectContaining({ userId: u.ids.nurse, level: 1 })]);
    const later = await t.http
      .get(`/api/on-call?at=${encodeURIComponent(at(600))}`)
      .set(u.auth('staff'))
      .expect(200);
    expect(later.body).toEqual([expect.objectContaining({ userId: u.ids.nurse2, level: 1 })]);
  });

  it('a critical alarm raised by a write → one e-mail to the level-1 on-call nurse and one signed webhook', async () => {
    const { pumpId } = await createPumpFor(t, u);
    const [{ serial_number: serialNumber }] = (await t.app
      .get(DataSource)
      .query(`SELECT serial_number FROM pumps WHERE id = $1`, [pumpId])) as { serial_number: string }[];
    expect((await mri(pumpId)).status).toBe(201);
    const [alarm] = (await alarmsOf(t, u, pumpId)).filter((a) => a.code === 'MRI_CHECK_DUE');
    expect(alarm.priority).toBe('critical');
    await drain();

    const mails = smtp.mails.filter((m) => m.raw.includes(alarm.id));
    expect(mails.map((m) => m.to)).toEqual([['nurse@test.local']]); // on call: not every physician
    const mail = mails[0];
    expect(mail.subject).toBe('[PumpWatch] CRITICAL alarm: Pump check due after MRI');
    expect(mail.raw).toContain(`MRN ${alarm.patient!.mrn}`);
    expect(mail.raw).toContain('initials AP');
    expect(mail.raw).toContain(`https://pumpwatch.clinic.test/alarms?id=${alarm.id}`);
    expect(mail.raw).not.toContain(alarm.patient!.familyName);
    expect(mail.raw).not.toContain('1975');

    const hooks = pager.hooks.filter((h) => (h.body.alarm as { id?: string } | undefined)?.id === alarm.id);
    expect(hooks).toHaveLength(1);
    const hook = hooks[0];
    expect(hook.headers['x-pumpwatch-signature']).toBe(expectedSignature(SECRET, hook.raw));
    expect(hook.headers['x-pumpwatch-event']).toBe('alarm.raised');
    expect(hook.headers['x-pumpwatch-delivery']).toBe(hook.body.deliveryId);
    expect(hook.body).toEqual({
      deliveryId: expect.any(String),
      event: 'alarm.raised',
      occurredAt: alarm.raisedAt,
      alarm: { id: alarm.id, code: 'MRI_CHECK_DUE', priority: 'critical', status: 'open' },
      patient: { mrn: alarm.patient!.mrn, initials: 'AP' },
      pump: { id: pumpId, serialNumber },
      link: `https://pumpwatch.clinic.test/alarms?id=${alarm.id}`,
    });
    expect(hook.raw).not.toMatch(/Patient\d|birth|1975/);

    const rows = await log(`?alarmId=${alarm.id}`);
    expect(rows.map((r) => [r.channel, r.recipient, r.event, r.status, r.attempts]).sort()).toEqual(
      [
        ['email', 'nurse@test.local', 'alarm.raised', 'sent', 1],
        [channelId, 'Pager', 'alarm.raised', 'sent', 1],
      ].sort(),
    );
    // nobody paged twice: re-evaluating and re-draining queue and send nothing more
    await t.app.get(AlarmsService).evaluatePumps([pumpId]);
    await t.app.get(AlarmsService).sweep();
    await drain();
    expect(smtp.mails.filter((m) => m.raw.includes(alarm.id))).toHaveLength(1);
    expect((await log(`?alarmId=${alarm.id}`)).length).toBe(2);
    await t.http.get(`/api/notifications?alarmId=${alarm.id}`).set(u.auth('nurse')).expect(403);
    // acknowledged: it will not escalate in the tests below
    await t.http.post(`/api/alarms/${alarm.id}/acknowledge`).set(u.auth('nurse')).send({}).expect(200);
  });

  it('escalates an unacknowledged critical alarm every escalateCriticalMinutes to level 2 (admins when nobody)', async () => {
    const { pumpId } = await createPumpFor(t, u);
    await mri(pumpId);
    const [alarm] = await alarmsOf(t, u, pumpId);
    await drain();
    const escalations = () => smtp.mails.filter((m) => m.raw.includes(alarm.id) && m.subject.includes('ESCALATED'));

    clock.advance(14 * MINUTE_MS);
    expect((await tick()).escalated).toBe(0);
    clock.advance(MINUTE_MS);
    expect((await tick()).escalated).toBe(1);
    expect((await tick()).escalated).toBe(0); // once per step
    await drain();
    expect(escalations().map((m) => m.to)).toEqual([['admin@test.local']]);
    const hook = pager.hooks.find((h) => h.body.event === 'alarm.escalated' && h.raw.includes(alarm.id));
    expect(hook?.headers['x-pumpwatch-signature']).toBe(expectedSignature(SECRET, hook!.raw));

    clock.advance(15 * MINUTE_MS);
    expect((await tick()).escalated).toBe(1);
    await drain();
    expect(escalations()).toHaveLength(2);

    await t.http.post(`/api/alarms/${alarm.id}/acknowledge`).set(u.auth('nurse')).send({}).expect(200);
    clock.advance(15 * MINUTE_MS);
    expect((await tick()).escalated).toBe(0);
  });

  it('a rolled-back alarm change queues nothing', async () => {
    const { pumpId } = await createPumpFor(t, u);
    await mri(pumpId);
    const [alarm] = await alarmsOf(t, u, pumpId);
    const ds = t.app.get(DataSource);
    const before = (await log()).length;
    clock.advance(MINUTE_MS); // a rise one minute later: a new event, not the raise already queued
    await expect(
      ds.transaction(async (m) => {
        await t.app
          .get(AlarmNotifier)
          .onAlarmChanges(m, [{ alarm: { ...alarm, raisedAt: clock.now() }, kind: 'rose' }], clock.now());
        const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM notification_outbox`)) as { n: number }[];
        expect(n).toBeGreaterThan(before); // written inside the transaction…
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await log()).length).toBe(before); // …and gone with it
  });

  it('daily digest at 07:00 clinic time (BST here), once, to nurses and physicians who keep it on', async () => {
    await t.http.put('/api/users/me/notifications').set(u.auth('nurse2')).send({ digest: false }).expect(200, {
      email: true,
      digest: false,
    });
    expect((await t.http.get('/api/users/me/notifications').set(u.auth('nurse')).expect(200)).body).toEqual({
      email: true,
      digest: true,
    });
    clock.set('2026-07-02T05:59:00Z'); // 06:59 in London
    expect((await tick()).digest).toBe(false);
    clock.set('2026-07-02T06:00:00Z'); // 07:00 in London
    expect((await tick()).digest).toBe(true);
    expect((await tick()).digest).toBe(false);
    await drain();
    const digests = smtp.mails.filter((m) => m.subject === '[PumpWatch] Daily digest 2026-07-02');
    expect(digests.map((m) => m.to[0]).sort()).toEqual([
      'nurse@test.local',
      'physician2@test.local',
      'physician@test.local',
    ]);
    expect(digests[0].raw).toContain('Open alarms, high and critical');
    const hook = pager.hooks.find((h) => h.body.event === 'digest.daily');
    expect(hook?.headers['x-pumpwatch-signature']).toBe(expectedSignature(SECRET, hook!.raw));

    await t.http.post('/api/notifications/digest').set(u.auth('physician')).expect(403);
    const again = await t.http.post('/api/notifications/digest').set(u.auth('admin')).expect(202);
    expect(again.body.queued).toBe(4); // three e-mails and the channel
  });

  it('patient reminders: 09:00 clinic time, reminderDaysBefore ahead, only bookings made by then, no other text', async () => {
    const gateway = await t.http
      .post('/api/notification-channels')
      .set(u.auth('admin'))
      .send({ name: 'SMS', kind: 'webhook', url: pager.url, secret: SECRET, events: ['reminder.patient'] })
      .expect(201);
    const settings = await t.http.get('/api/clinic-settings').set(u.auth('admin')).expect(200);
    await t.http
      .put('/api/clinic-settings')
      .set(u.auth('admin'))
      .send({ reminderDaysBefore: 2, version: settings.body.version })
      .expect(200);
    clock.set('2026-07-03T07:00:00Z'); // 08:00 in London
    const book = async (phone: string | null, at: string) => {
      const { pumpId, patientId } = await createPumpFor(t, u);
      const p = await t.http.get(`/api/patients/${patientId}`).set(u.auth('nurse')).expect(200);
      await t.http
        .patch(`/api/patients/${patientId}`)
        .set(u.auth('nurse'))
        .send({ contactPhone: phone, version: p.body.version })
        .expect(200);
      const res = await t.http.post('/api/appointments').set(u.auth('staff')).send({ pumpId, at, kind: 'refill' });
      expect(res.status).toBe(201);
      return res.body as { id: string; version: number };
    };
    await book('+44 7700 900123', '2026-07-05T09:30:00Z'); // two clinic days ahead: reminded
    await book(null, '2026-07-05T10:00:00Z'); // no contact phone: nothing
    await book('+44 7700 900124', '2026-07-06T09:30:00Z'); // three days ahead: not today
    const cancelled = await book('+44 7700 900125', '2026-07-05T11:00:00Z');
    await t.http
      .patch(`/api/appointments/${cancelled.id}`)
      .set(u.auth('staff'))
      .send({ status: 'cancelled', version: cancelled.version })
      .expect(200);
    expect((await tick()).reminders).toBe(0); // 08:00: too early
    clock.set('2026-07-03T08:30:00Z'); // 09:30 in London
    await book('+44 7700 900126', '2026-07-05T12:00:00Z'); // booked after 09:00: nothing
    expect((await tick()).reminders).toBe(1);
    expect((await tick()).reminders).toBe(0);
    await drain();
    const sent = pager.hooks.filter((h) => h.body.event === 'reminder.patient');
    expect(sent).toHaveLength(1);
    expect(sent[0].headers['x-pumpwatch-signature']).toBe(expectedSignature(SECRET, sent[0].raw));
    expect(sent[0].body).toEqual({
      deliveryId: sent[0].headers['x-pumpwatch-delivery'],
      event: 'reminder.patient',
      occurredAt: '2026-07-03T08:30:00.000Z',
      patient: { mrn: expect.any(String), initials: 'AP', contactPhone: '+44 7700 900123' },
      appointment: { at: '2026-07-05T09:30:00.000Z' },
    });
    await t.http.delete(`/api/notification-channels/${gateway.body.id}`).set(u.auth('admin')).expect(204);
  });

  it('deleting a channel cancels its deliveries not yet made', async () => {
    pager.answer = () => 500;
    const { pumpId } = await createPumpFor(t, u);
    await mri(pumpId);
    const [alarm] = await alarmsOf(t, u, pumpId);
    await drain();
    expect((await log(`?alarmId=${alarm.id}&status=failed`)).map((r) => r.channel)).toEqual([channelId]);
    await t.http.delete(`/api/notification-channels/${channelId}`).set(u.auth('admin')).expect(204);
    expect((await log(`?alarmId=${alarm.id}&status=cancelled`)).map((r) => r.channel)).toEqual([channelId]);
    pager.answer = () => 200;
  });
});
