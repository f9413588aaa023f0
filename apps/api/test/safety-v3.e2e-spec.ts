import type { PumpEventType } from '@pumpwatch/contracts';
import { FixedClock } from '../src/common/clock/clock';
import { activeCodes, sweep } from './support/alarm-fixtures';
import {
  createPatient,
  createPump,
  createPumpWithFill,
  recordPumpEvent,
  recordRefill,
} from './support/clinic-fixtures';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The clinician's afternoon (issue 14): each finding over HTTP, refused or flagged, and nothing stored. */
describe('clinical safety v3: the findings of the clinical review', () => {
  let t: TestApp;
  let u: TestUsers;
  const clock = new FixedClock(new Date('2026-03-01T09:00:00Z'));
  useTestApp({ clock, drugLibrary: true }, (app) => ({ t, u } = app));

  const dose = (pumpId: string, body: object) =>
    t.http.post(`/api/pumps/${pumpId}/dose-programs`).set(u.auth('physician')).send(body);
  const event = (pumpId: string, type: PumpEventType, at: Date) =>
    recordPumpEvent(t, u, pumpId, type, { at, who: 'physician' });
  const programs = async (pumpId: string) =>
    (await t.http.get(`/api/pumps/${pumpId}/dose-programs`).set(u.auth('staff')).expect(200)).body as unknown[];
  const status = async (pumpId: string) =>
    (await t.http.get(`/api/pumps/${pumpId}/status`).set(u.auth('staff')).expect(200)).body;

  it('1. a restart from 0 mcg/day meets the restart rules: recorded decision first, then at most half the old dose', async () => {
    const { pump } = await createPumpWithFill(t, u);
    clock.advance(2 * DAY);
    await event(pump.id, 'PUMP_STOPPED', clock.now());
    const stop = await dose(pump.id, { basalDoseMcgPerDay: 0, override: { reason: 'pump stopped for revision' } });
    expect(stop.status).toBe(201);
    clock.advance(3 * DAY);
    const context = (await t.http.get(`/api/pumps/${pump.id}/dose-change-context`).set(u.auth('physician')).expect(200))
      .body;
    expect(context).toMatchObject({
      current: { doseMcgPerDay: 0 },
      lastNonZero: { doseMcgPerDay: 400 },
      interruption: { restartRecorded: false },
    });
    // 0 → 400 while the interruption is open: no override can lift it
    const early = await dose(pump.id, { basalDoseMcgPerDay: 400, override: { reason: 'patient asks for it' } });
    expect(early.status).toBe(422);
    expect(early.body.details.nonOverridable).toContain('RESTART_NOT_RECORDED');
    await event(pump.id, 'RESTARTED', clock.now());
    const huge = await dose(pump.id, { basalDoseMcgPerDay: 1500 });
    expect(huge.status).toBe(422);
    expect(huge.body.details.errors).toEqual(expect.arrayContaining(['RESTART_DOSE_NEEDS_REVIEW']));
    const full = await dose(pump.id, { basalDoseMcgPerDay: 400 });
    expect(full.status).toBe(422);
    expect(full.body.code).toBe('RESTART_DOSE_NEEDS_REVIEW');
    expect(await programs(pump.id)).toHaveLength(2);
    const half = await dose(pump.id, { basalDoseMcgPerDay: 200 });
    expect(half.status).toBe(201);
  });

  it('2. patient boluses count: 150 + 10 × 500 mcg is refused', async () => {
    const { pump } = await createPumpWithFill(t, u, { program: { basalDoseMcgPerDay: 150 } });
    clock.advance(2 * DAY);
    const res = await dose(pump.id, { basalDoseMcgPerDay: 150, bolusDoseMcg: 500, maxBolusesPerDay: 10 });
    expect(res.status).toBe(422);
    expect(res.body.details.errors).toEqual(expect.arrayContaining(['BOLUS_TOO_LARGE', 'DOSE_ABOVE_MAXIMUM']));
    expect(res.body.details.proposedPlanningDoseMcgPerDay).toBe(5150);
    expect(await programs(pump.id)).toHaveLength(1);
  });

  it('3. a 10× first programming is refused; the correction of a wrong high dose is possible with a reason', async () => {
    const patient = await createPatient(t, u, { screeningDoseMcg: 100 });
    const pump = await createPump(t, u, patient.id);
    const tenfold = await dose(pump.id, { basalDoseMcgPerDay: 1500 });
    expect(tenfold.status).toBe(422);
    expect(tenfold.body.code).toBe('FIRST_DOSE_ABOVE_START_LIMIT');
    const transfer = await dose(pump.id, {
      basalDoseMcgPerDay: 1500,
      override: { reason: 'transfer: 1,500 mcg/day documented by the referring clinic' },
    });
    expect(transfer.status).toBe(201);
    clock.advance(2 * DAY);
    const bare = await dose(pump.id, { basalDoseMcgPerDay: 150 });
    expect(bare.status).toBe(422);
    expect(bare.body.details.overridable).toContain('DOSE_UNIT_SUSPECT');
    const corrected = await dose(pump.id, {
      basalDoseMcgPerDay: 150,
      override: { reason: 'referral letter misread: dose is 150' },
    });
    expect(corrected.status).toBe(201);
    expect(corrected.body.overridden).toContain('DOSE_UNIT_SUSPECT');
  });

  it('4. a measured over-infusion moves the worst case and the due date earlier', async () => {
    const fast = await createPumpWithFill(t, u);
    const normal = await createPumpWithFill(t, u);
    clock.advance(30 * DAY);
    // 8 mL expected; 4 mL found on the fast pump: it delivered 16 mL where 12 were programmed
    await recordRefill(t, u, fast.pump.id, { actualResidualMl: 4, discrepancyAcknowledged: true });
    await recordRefill(t, u, normal.pump.id, { actualResidualMl: 8 });
    const [f, n] = [await status(fast.pump.id), await status(normal.pump.id)];
    expect(n.worstCaseFactor).toBe(1.145);
    expect(f.worstCaseFactor).toBe(1.3333);
    expect(f.refillDueDate < n.refillDueDate).toBe(true);
    expect(Date.parse(f.worstCaseLowReservoirAlarmAt)).toBeLessThan(Date.parse(n.worstCaseLowReservoirAlarmAt));
  });

  it('6. stacked increases are caught over 30 days; a back-dated program is checked where it takes effect', async () => {
    const { pump } = await createPumpWithFill(t, u, { program: { basalDoseMcgPerDay: 200 } });
    let current = 200;
    const codes: string[][] = [];
    for (let day = 0; day < 4; day++) {
      clock.advance(25 * HOUR);
      const next = Math.round(current * 1.4);
      const res = await dose(pump.id, { basalDoseMcgPerDay: next });
      codes.push(res.status === 201 ? [] : res.body.details.errors);
      if (res.status === 201) current = next;
    }
    expect(codes.flat()).toContain('CUMULATIVE_INCREASE_TOO_LARGE');
    // a program back-dated to 2 h after the last one is an increase within 24 h of it
    const last = (await programs(pump.id))[0] as { effectiveAt: string };
    const backDated = await dose(pump.id, {
      basalDoseMcgPerDay: current + 10,
      effectiveAt: new Date(Date.parse(last.effectiveAt) + 2 * HOUR).toISOString(),
      override: { reason: 'documented late, given at the visit' },
    });
    expect(backDated.status === 201 ? backDated.body.overridden : backDated.body.details.errors).toContain(
      'DOSE_CHANGE_TOO_SOON',
    );
  });

  it('7. refills that must stop: residual above capacity, nothing added', async () => {
    const { pump } = await createPumpWithFill(t, u);
    clock.advance(30 * DAY);
    const post = (body: Record<string, unknown>) =>
      t.http
        .post(`/api/pumps/${pump.id}/refills`)
        .set(u.auth('nurse'))
        .send({
          actualResidualMl: 8,
          volumeAddedMl: 20,
          concentrationMcgPerMl: 1000,
          programmedConcentrationMcgPerMl: 1000,
          needlePositionConfirmed: true,
          secondCheckerId: u.ids.nurse2,
          discrepancyAcknowledged: true,
          ...body,
        });
    const over = await post({ actualResidualMl: 25 });
    expect(over.status).toBe(422);
    expect(over.body.details.errors).toContain('RESIDUAL_EXCEEDS_CAPACITY');
    const none = await post({ volumeAddedMl: 0 });
    expect(none.status).toBe(422);
    expect(none.body.details.errors).toContain('NO_VOLUME_ADDED');
  });

  it('8. stopped therapy raises THERAPY_STOPPED; a restart is watched for 72 h (POST_RESTART_WATCH)', async () => {
    const { pump } = await createPumpWithFill(t, u);
    clock.advance(2 * DAY);
    await event(pump.id, 'PUMP_STOPPED', clock.now());
    await dose(pump.id, { basalDoseMcgPerDay: 0, override: { reason: 'stopped: infection at the site' } }).expect(201);
    await sweep(t);
    expect(await activeCodes(t, u, pump.id)).toMatchObject({ THERAPY_STOPPED: 'high' });
    clock.advance(HOUR);
    await event(pump.id, 'RESTARTED', clock.now());
    await dose(pump.id, { basalDoseMcgPerDay: 200 }).expect(201);
    await sweep(t);
    const after = await activeCodes(t, u, pump.id);
    expect(after.THERAPY_STOPPED).toBeUndefined();
    expect(after.POST_RESTART_WATCH).toBe('medium');
    clock.advance(73 * HOUR);
    await sweep(t);
    expect((await activeCodes(t, u, pump.id)).POST_RESTART_WATCH).toBeUndefined();
  });

  it('9. clinic settings refuse unsafe policies (POLICY_INVALID) and keep every lifecycle field', async () => {
    const put = async (policy: Record<string, unknown>) => {
      const current = (await t.http.get('/api/clinic-settings').set(u.auth('admin')).expect(200)).body;
      return t.http.put('/api/clinic-settings').set(u.auth('admin')).send({ version: current.version, policy });
    };
    for (const unsafe of [
      { highRiskBufferDays: 3 },
      { unitErrorFactor: 100 },
      { worstCaseMarginDays: 0 },
      { maxSnoozeHours: -1 },
      { noSuchSetting: 1 },
    ]) {
      const res = await put(unsafe);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('POLICY_INVALID');
    }
    const ok = await put({ escalateCriticalMinutes: 10, maxSnoozeHours: 12, bufferDays: 10, highRiskBufferDays: 14 });
    expect(ok.status).toBe(200);
    const saved = (await t.http.get('/api/clinic-settings').set(u.auth('staff')).expect(200)).body;
    expect(saved.policy).toMatchObject({ escalateCriticalMinutes: 10, maxSnoozeHours: 12, bufferDays: 10 });
  });
});
