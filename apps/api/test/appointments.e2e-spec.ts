import { FixedClock } from '../src/common/clock/clock';
import { createPatient, createPump, createPumpWithFill } from './support/clinic-fixtures';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

const DAY = 86_400_000;

describe('appointments', () => {
  let t: TestApp;
  let u: TestUsers;
  const clock = new FixedClock(new Date('2026-03-01T09:00:00Z'));
  useTestApp({ clock, drugLibrary: true }, (app) => ({ t, u } = app));

  const book = (pumpId: string, at: string, who: Parameters<TestUsers['auth']>[0] = 'staff', key?: string) => {
    const req = t.http.post('/api/appointments').set(u.auth(who));
    if (key) req.set('Idempotency-Key', key);
    return req.send({ pumpId, at, kind: 'refill' });
  };
  const patch = (id: string, body: object, who: Parameters<TestUsers['auth']>[0] = 'staff') =>
    t.http.patch(`/api/appointments/${id}`).set(u.auth(who)).send(body);

  // 20 mL of 1000 mcg/mL at 400 mcg/day from 2026-03-01T09:00Z (Europe/London):
  // worst-case low-reservoir alarm 18 mL / (0.4 × 1.145) days later = 2026-04-09T16:13Z, due date 2026-04-08.
  let pumpId: string;
  let first: { id: string; version: number };

  it('books a refill (staff) and returns the projection it was judged by', async () => {
    pumpId = (await createPumpWithFill(t, u)).pump.id;
    const res = await book(pumpId, '2026-04-01T10:00:00Z');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      pumpId,
      at: '2026-04-01T10:00:00.000Z',
      kind: 'refill',
      status: 'booked',
      refillId: null,
      createdBy: u.ids.staff,
      version: 1,
      alarms: [],
      projection: { refillDueDate: '2026-04-08', refillDueReason: 'LOW_RESERVOIR' },
    });
    expect(res.body.projection.worstCaseLowReservoirAlarmAt).toMatch(/^2026-04-09T16:1/);
    expect(res.body.projection.lowReservoirAlarmAt).toBe('2026-04-15T09:00:00Z');
    first = res.body;
    const status = await t.http.get(`/api/pumps/${pumpId}/status`).set(u.auth('staff')).expect(200);
    expect(status.body.nextAppointmentAt).toBe('2026-04-01T10:00:00.000Z');
  });

  it('one booked refill appointment per pump', async () => {
    const res = await book(pumpId, '2026-04-02T10:00:00Z', 'nurse');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'APPOINTMENT_ALREADY_BOOKED', details: { appointmentId: first.id } });
  });

  it('refuses admins, the past and malformed bodies', async () => {
    expect((await book(pumpId, '2026-04-02T10:00:00Z', 'admin')).status).toBe(403);
    const past = await book(pumpId, '2026-02-28T10:00:00Z', 'nurse');
    expect(past.status).toBe(422);
    expect(past.body.code).toBe('APPOINTMENT_IN_PAST');
    const bad = await t.http
      .post('/api/appointments')
      .set(u.auth('staff'))
      .send({ pumpId, at: '2026-04-02T10:00:00Z', kind: 'consult' });
    expect(bad.status).toBe(400);
    const missingPump = await book('00000000-0000-4000-8000-000000000000', '2026-04-02T10:00:00Z');
    expect(missingPump.status).toBe(404);
  });

  it('cancels with the version read: stale → 409, only a booked one changes', async () => {
    const stale = await patch(first.id, { status: 'cancelled', version: first.version + 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect((await patch(first.id, { status: 'cancelled' })).status).toBe(400);
    expect((await patch(first.id, { status: 'completed', version: first.version })).status).toBe(400);
    expect((await patch(first.id, { status: 'cancelled', version: first.version }, 'admin')).status).toBe(403);
    const ok = await t.http
      .patch(`/api/appointments/${first.id}`)
      .set(u.auth('nurse'))
      .set('If-Match', `"${first.version}"`)
      .send({ status: 'cancelled' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'cancelled', version: 2 });
    const again = await patch(first.id, { status: 'cancelled', version: 2 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('APPOINTMENT_NOT_BOOKED');
  });

  it('a booking after the due date raises APPOINTMENT_AFTER_DUE_DATE', async () => {
    const res = await book(pumpId, '2026-04-09T10:00:00Z');
    expect(res.status).toBe(201);
    expect(res.body.alarms).toEqual([{ code: 'APPOINTMENT_AFTER_DUE_DATE', priority: 'medium' }]);
    await patch(res.body.id, { status: 'cancelled', version: res.body.version }).expect(200);
  });

  it('a booking at or after the worst-case alarm raises APPOINTMENT_AFTER_ALARM', async () => {
    const res = await book(pumpId, '2026-04-10T10:00:00Z', 'physician');
    expect(res.status).toBe(201);
    expect(res.body.alarms).toEqual([{ code: 'APPOINTMENT_AFTER_ALARM', priority: 'high' }]);
    const status = await t.http.get(`/api/pumps/${pumpId}/status`).set(u.auth('staff')).expect(200);
    expect(status.body.alarms).toContainEqual({ code: 'APPOINTMENT_AFTER_ALARM', priority: 'high' });
    await patch(res.body.id, { status: 'cancelled', version: res.body.version }).expect(200);
  });

  it('a high-risk patient gets each booking alarm one level up', async () => {
    const { pump } = await createPumpWithFill(t, u, { patient: { riskFactors: ['LIVES_FAR'] } });
    const res = await book(pump.id, new Date(clock.now().getTime() + 60 * DAY).toISOString());
    expect(res.body.alarms).toEqual([{ code: 'APPOINTMENT_AFTER_ALARM', priority: 'critical' }]);
  });

  it('a pump without a fill books without a projection', async () => {
    const patient = await createPatient(t, u);
    const pump = await createPump(t, u, patient.id);
    const res = await book(pump.id, '2026-03-10T10:00:00Z');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ alarms: [], projection: null });
  });

  it('missed only once its time has passed', async () => {
    const res = await book(pumpId, '2026-03-20T10:00:00Z', 'nurse');
    expect(res.status).toBe(201);
    const early = await patch(res.body.id, { status: 'missed', version: 1 });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('APPOINTMENT_NOT_YET_DUE');
    clock.set('2026-03-20T11:00:00Z');
    const missed = await patch(res.body.id, { status: 'missed', version: 1, notes: 'no show' });
    expect(missed.status).toBe(200);
    expect(missed.body).toMatchObject({ status: 'missed', notes: 'no show', version: 2 });
  });

  it('Idempotency-Key: replay returns the same booking; another body is 409', async () => {
    const a = await book(pumpId, '2026-03-25T10:00:00Z', 'staff', 'appt-key');
    const b = await book(pumpId, '2026-03-25T10:00:00Z', 'staff', 'appt-key');
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    const other = await book(pumpId, '2026-03-26T10:00:00Z', 'staff', 'appt-key');
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('lists by pump, status and range (all roles)', async () => {
    const all = await t.http.get(`/api/appointments?pumpId=${pumpId}`).set(u.auth('admin')).expect(200);
    expect(all.body.map((a: { status: string }) => a.status)).toEqual([
      'missed',
      'booked',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    const cancelled = await t.http
      .get(`/api/appointments?pumpId=${pumpId}&status=cancelled&from=2026-04-05T00:00:00Z`)
      .set(u.auth('staff'))
      .expect(200);
    expect(cancelled.body.map((a: { at: string }) => a.at)).toEqual([
      '2026-04-09T10:00:00.000Z',
      '2026-04-10T10:00:00.000Z',
    ]);
    const localDay = await t.http
      .get(`/api/appointments?pumpId=${pumpId}&from=2026-03-25&to=2026-03-25`)
      .set(u.auth('nurse'))
      .expect(200);
    expect(localDay.body).toHaveLength(1);
    expect((await t.http.get('/api/appointments?status=done').set(u.auth('nurse'))).status).toBe(400);
  });

  it('audits every write; the chain verifies', async () => {
    const audit = await t.http.get(`/api/audit?entityId=${first.id}`).set(u.auth('admin')).expect(200);
    expect(audit.body.map((e: { action: string }) => e.action).sort()).toEqual([
      'appointment.cancel',
      'appointment.create',
    ]);
    const verify = await t.http.get('/api/audit/verify').set(u.auth('admin')).expect(200);
    expect(verify.body.ok).toBe(true);
  });
});
