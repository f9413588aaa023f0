import { FixedClock } from '../src/common/clock/clock';
import { alarmsOf, auditCount, filledPump, HOUR_MS, insertAppointment, sweep } from './support/alarm-fixtures';
import { recordPumpEvent } from './support/clinic-fixtures';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

const MIN_MS = 60_000;

describe('alarm lifecycle: acknowledge, snooze, resolve, escalation', () => {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  let t: TestApp;
  let u: TestUsers;
  useTestApp({ clock }, (app) => ({ t, u } = app));
  beforeEach(() => clock.set('2026-03-02T09:00:00Z'));

  async function pumpWithMri() {
    const { pumpId } = await filledPump(t, u);
    await recordPumpEvent(t, u, pumpId, 'MRI');
    const alarms = await alarmsOf(t, u, pumpId);
    return {
      pumpId,
      critical: alarms.find((a) => a.code === 'MRI_CHECK_DUE')!,
      low: alarms.find((a) => a.code === 'REFILL_NOT_BOOKED')!,
    };
  }

  it('lists critical first, filters by status/priority/code, refuses unknown filters', async () => {
    const { pumpId } = await pumpWithMri();
    const all = (await t.http.get(`/api/alarms?status=open&pumpId=${pumpId}`).set(u.auth('staff')).expect(200)).body;
    expect(all.map((a: { priority: string }) => a.priority)).toEqual(['critical', 'low']);
    const crit = await t.http.get(`/api/alarms?priority=critical&pumpId=${pumpId}`).set(u.auth('nurse')).expect(200);
    expect(crit.body).toHaveLength(1);
    const byCode = await t.http.get(`/api/alarms?code=REFILL_NOT_BOOKED&pumpId=${pumpId}`).set(u.auth('admin'));
    expect(byCode.body.map((a: { code: string }) => a.code)).toEqual(['REFILL_NOT_BOOKED']);
    expect((await t.http.get('/api/alarms?status=bogus').set(u.auth('staff'))).status).toBe(400);
    expect((await t.http.get('/api/alarms')).status).toBe(401);
  });

  it('staff acknowledge only non-critical alarms; nurses acknowledge critical; stale version → 409', async () => {
    const { critical, low } = await pumpWithMri();
    const denied = await t.http.post(`/api/alarms/${critical.id}/acknowledge`).set(u.auth('staff')).send({});
    expect(denied.status).toBe(403);
    expect(denied.body.message).toMatch(/nurse or physician/);
    expect((await t.http.post(`/api/alarms/${critical.id}/acknowledge`).set(u.auth('admin')).send({})).status).toBe(
      403,
    );
    const ack = await t.http
      .post(`/api/alarms/${low.id}/acknowledge`)
      .set(u.auth('staff'))
      .send({ note: 'calling to book', version: low.version })
      .expect(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: u.ids.staff, version: low.version + 1 });
    const stale = await t.http
      .post(`/api/alarms/${critical.id}/acknowledge`)
      .set(u.auth('nurse'))
      .set('If-Match', `"${critical.version + 5}"`)
      .send({});
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    await t.http.post(`/api/alarms/${critical.id}/acknowledge`).set(u.auth('nurse')).send({}).expect(200);
    const audit = await t.http.get(`/api/audit?entityId=${critical.id}`).set(u.auth('physician')).expect(200);
    expect(audit.body[0]).toMatchObject({ action: 'alarm.acknowledge', userId: u.ids.nurse });
  });

  it('snooze is bounded (24 h, critical 4 h), needs a future time and a reason; staff cannot snooze', async () => {
    const { critical, low } = await pumpWithMri();
    const at = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
    const tooLong = await t.http
      .post(`/api/alarms/${critical.id}/snooze`)
      .set(u.auth('nurse'))
      .send({ until: at(4 * HOUR_MS + MIN_MS), reason: 'in theatre' });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.code).toBe('SNOOZE_TOO_LONG');
    const lowTooLong = await t.http
      .post(`/api/alarms/${low.id}/snooze`)
      .set(u.auth('nurse'))
      .send({ until: at(25 * HOUR_MS), reason: 'x' });
    expect(lowTooLong.body.code).toBe('SNOOZE_TOO_LONG');
    const past = await t.http
      .post(`/api/alarms/${low.id}/snooze`)
      .set(u.auth('nurse'))
      .send({ until: at(-MIN_MS), reason: 'x' });
    expect(past.status).toBe(422);
    const noReason = await t.http
      .post(`/api/alarms/${low.id}/snooze`)
      .set(u.auth('nurse'))
      .send({ until: at(HOUR_MS) });
    expect(noReason.status).toBe(400);
    const staff = await t.http
      .post(`/api/alarms/${low.id}/snooze`)
      .set(u.auth('staff'))
      .send({ until: at(HOUR_MS), reason: 'x' });
    expect(staff.status).toBe(403);
    await t.http
      .post(`/api/alarms/${critical.id}/snooze`)
      .set(u.auth('physician'))
      .send({ until: at(4 * HOUR_MS), reason: 'scanner team interrogating after list' })
      .expect(200);
  });

  it('an expired snooze reopens the alarm when the condition still holds', async () => {
    const { pumpId, low } = await pumpWithMri();
    await t.http
      .post(`/api/alarms/${low.id}/snooze`)
      .set(u.auth('nurse'))
      .send({ until: new Date(clock.now().getTime() + 2 * HOUR_MS).toISOString(), reason: 'patient to call back' })
      .expect(200);
    clock.advance(HOUR_MS);
    await sweep(t);
    expect((await alarmsOf(t, u, pumpId)).find((a) => a.id === low.id)?.status).toBe('snoozed');
    clock.advance(2 * HOUR_MS);
    const before = await auditCount(t, 'alarm.reopen');
    await sweep(t);
    expect((await alarmsOf(t, u, pumpId)).find((a) => a.id === low.id)?.status).toBe('open');
    expect(await auditCount(t, 'alarm.reopen')).toBe(before + 1);
  });

  it('escalates an unacknowledged critical alarm after 15 min, a high one after 4 h, once', async () => {
    const { pumpId, critical } = await pumpWithMri();
    clock.set('2026-03-02T09:14:00Z');
    await sweep(t);
    expect((await t.http.get(`/api/alarms/${critical.id}`).set(u.auth('staff'))).body.escalated).toBe(false);
    clock.set('2026-03-02T09:15:00Z');
    await sweep(t);
    const esc = (await t.http.get(`/api/alarms/${critical.id}`).set(u.auth('staff'))).body;
    expect(esc).toMatchObject({ escalated: true, escalatedAt: '2026-03-02T09:15:00.000Z' });
    const audit = await t.http.get(`/api/audit?entityId=${critical.id}`).set(u.auth('physician')).expect(200);
    expect(audit.body[0]).toMatchObject({ action: 'alarm.escalate', userId: null });
    const count = await auditCount(t, 'alarm.escalate');
    clock.set('2026-03-02T10:15:00Z');
    await sweep(t);
    expect(await auditCount(t, 'alarm.escalate')).toBe(count);

    // a missed appointment (high) on the same pump: 4 h after it is raised
    clock.set('2026-03-09T08:00:00Z');
    await insertAppointment(t, u, pumpId, { at: new Date('2026-03-09T10:00:00Z') });
    clock.set('2026-03-09T17:00:00Z');
    await sweep(t);
    const missed = (await alarmsOf(t, u, pumpId)).find((a) => a.code === 'APPOINTMENT_MISSED')!;
    expect(missed).toMatchObject({ priority: 'high', escalated: false });
    clock.set('2026-03-09T20:59:00Z');
    await sweep(t);
    expect((await t.http.get(`/api/alarms/${missed.id}`).set(u.auth('staff'))).body.escalated).toBe(false);
    clock.set('2026-03-09T21:00:00Z');
    await sweep(t);
    expect((await t.http.get(`/api/alarms/${missed.id}`).set(u.auth('staff'))).body.escalated).toBe(true);
  });

  it('acknowledged alarms are not escalated; a priority rise reopens an acknowledged alarm', async () => {
    const { pumpId, critical, low } = await pumpWithMri();
    await t.http.post(`/api/alarms/${critical.id}/acknowledge`).set(u.auth('nurse')).send({}).expect(200);
    await t.http.post(`/api/alarms/${low.id}/acknowledge`).set(u.auth('nurse')).send({}).expect(200);
    clock.set('2026-03-02T10:00:00Z');
    await sweep(t);
    expect((await t.http.get(`/api/alarms/${critical.id}`).set(u.auth('staff'))).body).toMatchObject({
      status: 'acknowledged',
      escalated: false,
    });
    const status = (await t.http.get(`/api/pumps/${pumpId}/status`).set(u.auth('staff'))).body;
    clock.set(new Date(Date.parse(`${status.refillDueDate}T10:00:00Z`) - 21 * 86_400_000));
    await sweep(t);
    expect((await t.http.get(`/api/alarms/${low.id}`).set(u.auth('staff'))).body).toMatchObject({
      priority: 'medium',
      status: 'open',
    });
  });
});
