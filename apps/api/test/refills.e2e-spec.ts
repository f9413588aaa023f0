import { addCalendarDays, localDate } from '@pumpwatch/domain';
import { FixedClock } from '../src/common/clock/clock';
import {
  createPatient,
  createPump,
  createPumpWithFill,
  programDose,
  recordPumpEvent,
  refillBody,
} from './support/clinic-fixtures';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

const DAY = 86_400_000;

describe('refills', () => {
  let t: TestApp;
  let u: TestUsers;
  const clock = new FixedClock(new Date('2026-03-01T09:00:00Z'));
  useTestApp({ clock, drugLibrary: true }, (app) => ({ t, u } = app));

  const post = (pumpId: string, overrides: Record<string, unknown>, who: Parameters<TestUsers['auth']>[0] = 'nurse') =>
    t.http.post(`/api/pumps/${pumpId}/refills`).set(u.auth(who)).send(refillBody(overrides));
  const list = async (pumpId: string) =>
    (await t.http.get(`/api/pumps/${pumpId}/refills`).set(u.auth('staff')).expect(200)).body as {
      id: string;
      discrepancy: string;
    }[];

  /** A pump filled now with 20 mL of 1000 mcg/mL at 400 mcg/day, then the clock moved 30 days: 8.0 mL expected. */
  async function pumpDueForRefill() {
    const made = await createPumpWithFill(t, u);
    clock.advance(30 * DAY);
    return made;
  }

  it('the first refill is the initial fill: no discrepancy, beyond-use days from the drug library', async () => {
    const patient = await createPatient(t, u);
    const pump = await createPump(t, u, patient.id);
    await programDose(t, u, pump.id, { basalDoseMcgPerDay: 400 });
    const res = await post(pump.id, { actualResidualMl: 3, lotNumber: 'L1', lotExpiry: '2027-01-31' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      pumpId: pump.id,
      at: clock.now().toISOString(),
      initialFill: true,
      discrepancy: 'NONE',
      expectedResidualMl: null,
      expectedDeliveredMl: null,
      discrepancyMl: null,
      warnings: [],
      beyondUseDays: 90,
      needlePositionConfirmed: true,
      recordedBy: u.ids.nurse,
      lotExpiry: '2027-01-31',
    });
    const status = await t.http.get(`/api/pumps/${pump.id}/status`).set(u.auth('staff')).expect(200);
    expect(status.body).toMatchObject({ reservoirNowMl: 20, concentrationMcgPerMl: 1000 });
  });

  it('the initial fill still runs the fill, concentration and needle checks; needs a dose program', async () => {
    const patient = await createPatient(t, u);
    const pump = await createPump(t, u, patient.id);
    const noProgram = await post(pump.id, {});
    expect(noProgram.status).toBe(422);
    expect(noProgram.body.code).toBe('NO_DOSE_PROGRAM');
    await programDose(t, u, pump.id, { basalDoseMcgPerDay: 400 });
    const over = await post(pump.id, { volumeAddedMl: 25 });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('FILL_EXCEEDS_RESERVOIR');
    const needle = await post(pump.id, { needlePositionConfirmed: false });
    expect(needle.body.code).toBe('NEEDLE_POSITION_NOT_CONFIRMED');
    expect(await list(pump.id)).toEqual([]);
  });

  it('records a refill against the projection (nurse or physician)', async () => {
    const { pump } = await pumpDueForRefill();
    const res = await post(pump.id, { actualResidualMl: 8.1, secondCheckerId: u.ids.nurse2 }, 'physician');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      initialFill: false,
      expectedResidualMl: 8,
      expectedDeliveredMl: 12,
      discrepancyMl: 0.1,
      discrepancyThresholdMl: 1.74,
      discrepancy: 'NONE',
      warnings: [],
      secondCheckerId: u.ids.nurse2,
      recordedBy: u.ids.physician,
    });
    const rows = await list(pump.id);
    expect(rows.map((r) => r.id)[0]).toBe(res.body.id);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      expectedResidualMl: 8,
      discrepancyMl: 0.1,
      discrepancy: 'NONE',
      recordedBy: u.ids.physician,
    });
  });

  it('refuses staff and admins', async () => {
    const { pump } = await createPumpWithFill(t, u);
    expect((await post(pump.id, {}, 'staff')).status).toBe(403);
    expect((await post(pump.id, {}, 'admin')).status).toBe(403);
  });

  it('stores SUSPECTED_OVER_INFUSION and SUSPECTED_UNDER_DELIVERY once the nurse acknowledged the re-check', async () => {
    const over = await pumpDueForRefill();
    // a discrepancy stops the refill until the nurse confirms aspiration and needle position
    const stopped = await post(over.pump.id, { actualResidualMl: 4 });
    expect(stopped.status).toBe(422);
    expect(stopped.body).toMatchObject({
      code: 'DISCREPANCY_NOT_ACKNOWLEDGED',
      details: { discrepancy: 'SUSPECTED_OVER_INFUSION', expectedResidualMl: 8, discrepancyMl: -4 },
    });
    expect(stopped.body.message).toMatch(/needle/);
    expect(await list(over.pump.id)).toHaveLength(1);
    const less = await post(over.pump.id, { actualResidualMl: 4, discrepancyAcknowledged: true });
    expect(less.status).toBe(201);
    expect(less.body).toMatchObject({
      discrepancy: 'SUSPECTED_OVER_INFUSION',
      discrepancyMl: -4,
      discrepancyPct: -33.3,
      // 16 mL left the reservoir where 12 mL were expected
      measuredRateFactor: 1.3333,
      discrepancyAcknowledged: true,
    });
    const under = await pumpDueForRefill();
    const more = await post(under.pump.id, { actualResidualMl: 12, discrepancyAcknowledged: true });
    expect(more.body).toMatchObject({ discrepancy: 'SUSPECTED_UNDER_DELIVERY', discrepancyMl: 4 });
    expect((await list(under.pump.id))[0].discrepancy).toBe('SUSPECTED_UNDER_DELIVERY');
  });

  it('clinical rejections are 422 with the engine codes, and nothing is stored', async () => {
    const { pump } = await pumpDueForRefill();
    const cases: [Record<string, unknown>, string][] = [
      [{ volumeAddedMl: 20.5 }, 'FILL_EXCEEDS_RESERVOIR'],
      [{ programmedConcentrationMcgPerMl: 2000 }, 'PROGRAMMED_CONCENTRATION_MISMATCH'],
      [{ needlePositionConfirmed: false }, 'NEEDLE_POSITION_NOT_CONFIRMED'],
      [{ actualResidualMl: -1 }, 'VOLUME_INVALID'],
      [{ concentrationMcgPerMl: 1500 }, 'CONCENTRATION_NOT_IN_LIBRARY'],
      [{ concentrationMcgPerMl: 50 }, 'CONCENTRATION_SCREENING_ONLY'],
    ];
    for (const [body, code] of cases) {
      const res = await post(pump.id, { actualResidualMl: 8, ...body });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe(code);
      expect(res.body.details.errors).toContain(code);
    }
    const several = await post(pump.id, { volumeAddedMl: 30, needlePositionConfirmed: false });
    expect(several.body.code).toBe('FILL_EXCEEDS_RESERVOIR');
    expect(several.body.details.errors).toEqual(['FILL_EXCEEDS_RESERVOIR', 'NEEDLE_POSITION_NOT_CONFIRMED']);
    expect(await list(pump.id)).toHaveLength(1);
  });

  it('malformed bodies are 400', async () => {
    const { pump } = await createPumpWithFill(t, u);
    const res = await post(pump.id, { needlePositionConfirmed: 'yes', volumeAddedMl: '20', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('a concentration change needs a bridge bolus > 0 and confirmation', async () => {
    const { pump } = await pumpDueForRefill();
    const body = { actualResidualMl: 8, concentrationMcgPerMl: 2000, volumeAddedMl: 20 };
    const bare = await post(pump.id, body);
    expect(bare.status).toBe(422);
    expect(bare.body).toMatchObject({
      code: 'BRIDGE_BOLUS_MISSING',
      details: { warnings: ['CONCENTRATION_CHANGED'] },
    });
    const zero = await post(pump.id, { ...body, concentrationChangeConfirmed: true, bridgeBolusMcg: 0 });
    expect(zero.body.code).toBe('BRIDGE_BOLUS_MISSING');
    const unconfirmed = await post(pump.id, { ...body, bridgeBolusMcg: 50 });
    expect(unconfirmed.body.code).toBe('CONCENTRATION_CHANGE_UNCONFIRMED');
    expect(await list(pump.id)).toHaveLength(1);
    const ok = await post(pump.id, { ...body, concentrationChangeConfirmed: true, bridgeBolusMcg: 50 });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      warnings: ['CONCENTRATION_CHANGED'],
      bridgeBolusMcg: 50,
      concentrationMcgPerMl: 2000,
      beyondUseDays: 180,
    });
  });

  it('second checker: required, an active nurse or physician other than the recorder', async () => {
    const { pump } = await pumpDueForRefill();
    const missing = await post(pump.id, { actualResidualMl: 8, secondCheckerId: undefined });
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('SECOND_CHECKER_REQUIRED');
    for (const id of [u.ids.nurse, u.ids.staff, u.ids.admin, '00000000-0000-4000-8000-000000000000']) {
      const res = await post(pump.id, { actualResidualMl: 8, secondCheckerId: id });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('SECOND_CHECKER_INVALID');
    }
    expect((await post(pump.id, { actualResidualMl: 8, secondCheckerId: u.ids.physician2 })).status).toBe(201);
  });

  it('refuses an expired lot, a future time and a time before the previous refill', async () => {
    const { pump, fill } = await pumpDueForRefill();
    const today = localDate(clock.now().getTime(), 'Europe/London');
    const expired = await post(pump.id, { actualResidualMl: 8, lotExpiry: addCalendarDays(today, -1) });
    expect(expired.status).toBe(422);
    expect(expired.body.code).toBe('LOT_EXPIRED');
    const future = await post(pump.id, {
      actualResidualMl: 8,
      at: new Date(clock.now().getTime() + 10 * 60_000).toISOString(),
    });
    expect(future.body.code).toBe('REFILL_IN_FUTURE');
    const early = await post(pump.id, {
      actualResidualMl: 8,
      at: new Date(new Date(fill!.at).getTime() - 60_000).toISOString(),
    });
    expect(early.body.code).toBe('REFILL_BEFORE_PREVIOUS');
    // within the 5-minute tolerance and on the expiry day itself
    const ok = await post(pump.id, {
      actualResidualMl: 8,
      lotExpiry: today,
      at: new Date(clock.now().getTime() + 2 * 60_000).toISOString(),
    });
    expect(ok.status).toBe(201);
  });

  it('refuses an explanted pump', async () => {
    const { pump } = await createPumpWithFill(t, u);
    await recordPumpEvent(t, u, pump.id, 'EXPLANT', { who: 'physician' });
    const res = await post(pump.id, {});
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('PUMP_EXPLANTED');
  });

  it('Idempotency-Key: same body replays, a different body is 409', async () => {
    const { pump } = await pumpDueForRefill();
    const send = (body: Record<string, unknown>) =>
      t.http
        .post(`/api/pumps/${pump.id}/refills`)
        .set(u.auth('nurse'))
        .set('Idempotency-Key', 'refill-1')
        .send(refillBody(body));
    const a = await send({ actualResidualMl: 8 });
    const b = await send({ actualResidualMl: 8 });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    const reused = await send({ actualResidualMl: 7 });
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await list(pump.id)).toHaveLength(2);
  });

  it('20 concurrent identical POSTs with one key store exactly one refill', async () => {
    const { pump } = await pumpDueForRefill();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http
          .post(`/api/pumps/${pump.id}/refills`)
          .set(u.auth('nurse'))
          .set('Idempotency-Key', 'burst-key')
          .send(refillBody({ actualResidualMl: 8 })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await list(pump.id)).toHaveLength(2);
  });

  it('a refill completes the next booked appointment', async () => {
    const { pump } = await createPumpWithFill(t, u);
    const appt = await t.http
      .post('/api/appointments')
      .set(u.auth('staff'))
      .send({ pumpId: pump.id, at: new Date(clock.now().getTime() + 28 * DAY).toISOString(), kind: 'refill' })
      .expect(201);
    clock.advance(28 * DAY);
    const refill = await post(pump.id, { actualResidualMl: 8.8 });
    expect(refill.status).toBe(201);
    const got = await t.http.get(`/api/appointments/${appt.body.id}`).set(u.auth('staff')).expect(200);
    expect(got.body).toMatchObject({ status: 'completed', refillId: refill.body.id, version: 2 });
    const status = await t.http.get(`/api/pumps/${pump.id}/status`).set(u.auth('staff')).expect(200);
    expect(status.body).toMatchObject({ nextAppointmentAt: null, lastRefillAt: refill.body.at });
  });

  it('audits every write; the chain verifies', async () => {
    const { fill } = await createPumpWithFill(t, u);
    const audit = await t.http.get(`/api/audit?entityId=${fill!.id}`).set(u.auth('physician')).expect(200);
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual(['refill.create']);
    const verify = await t.http.get('/api/audit/verify').set(u.auth('admin')).expect(200);
    expect(verify.body.ok).toBe(true);
  });
});
