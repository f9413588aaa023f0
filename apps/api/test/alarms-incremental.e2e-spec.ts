import type { PumpStatusDto } from '@pumpwatch/contracts';
import { DataSource } from 'typeorm';
import { FixedClock } from '../src/common/clock/clock';
import { activeCodes, alarmsOf, auditCount, engine, filledPump, sweep } from './support/alarm-fixtures';
import { recordPumpEvent } from './support/clinic-fixtures';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

const MIN_MS = 60_000;
const BASE = Date.parse('2026-03-02T09:00:00Z');

/**
 * The incremental sweep: only pumps whose inputs changed, whose clinic settings changed, or whose next
 * time-only breakpoint has come are evaluated. The clock only moves forward through this file, so every
 * count below is exact for the pumps created here.
 */
describe('alarm sweep: evaluates only what can have changed', () => {
  const clock = new FixedClock(new Date(BASE));
  let t: TestApp;
  let u: TestUsers;
  const db = () => t.app.get(DataSource);
  const evalState = async (pumpId: string) => {
    const [row] = (await db().query(
      `SELECT input_seq, evaluated_seq, evaluated_settings_version, evaluated_at, next_check_at
         FROM pump_eval_state WHERE pump_id = $1`,
      [pumpId],
    )) as {
      input_seq: string;
      evaluated_seq: string;
      evaluated_settings_version: number;
      evaluated_at: Date;
      next_check_at: Date;
    }[];
    return row;
  };
  const settingsVersion = async () =>
    ((await db().query('SELECT version FROM clinic_settings WHERE id = 1')) as { version: number }[])[0].version;
  const at = (ms: number) => {
    clock.set(new Date(ms));
  };

  useTestApp({ clock }, (app) => ({ t, u } = app));

  let a: string;
  let b: string;
  it('a second sweep with nothing changed evaluates no pump and writes nothing', async () => {
    ({ pumpId: a } = await filledPump(t, u));
    ({ pumpId: b } = await filledPump(t, u));
    const first = await sweep(t);
    expect(first).toMatchObject({ skipped: false, pumps: 2, raised: 2 }); // REFILL_NOT_BOOKED each
    const s = await evalState(a);
    expect(s.evaluated_seq).toBe(s.input_seq);
    expect(s.evaluated_settings_version).toBe(await settingsVersion());
    expect(s.evaluated_at.getTime()).toBe(BASE);
    // the safety cap (60 min, spread over its second half) bounds the next check
    expect(s.next_check_at.getTime()).toBeGreaterThan(BASE + 29 * MIN_MS);
    expect(s.next_check_at.getTime()).toBeLessThanOrEqual(BASE + 60 * MIN_MS);

    const audits = await auditCount(t);
    const stateBefore = await db().query('SELECT * FROM pump_eval_state ORDER BY pump_id');
    expect(await sweep(t)).toEqual({ skipped: false, pumps: 0, raised: 0, updated: 0, resolved: 0, escalated: 0 });
    expect(await auditCount(t)).toBe(audits);
    expect(await db().query('SELECT * FROM pump_eval_state ORDER BY pump_id')).toEqual(stateBefore);
  });

  it("the evaluator's own alarm writes do not mark the pump changed", async () => {
    // the sweep above raised alarms: their triggers saw pumpwatch.evaluating = on
    const s = await evalState(a);
    expect(s.evaluated_seq).toBe(s.input_seq);
    // a per-write evaluation also records its state (and its writes do not bump either)
    await engine(t).evaluatePumps([a]);
    const after = await evalState(a);
    expect(after.input_seq).toBe(s.input_seq);
    expect(after.evaluated_seq).toBe(s.input_seq);
  });

  it('a refill inserted by raw SQL (no post-commit re-evaluation) is picked up by the next sweep', async () => {
    at(BASE + MIN_MS);
    const [{ id: refillId }] = (await db().query(
      `INSERT INTO refills (pump_id, at, actual_residual_ml, volume_added_ml, concentration_mcg_per_ml,
                            programmed_concentration_mcg_per_ml, needle_position_confirmed, discrepancy,
                            discrepancy_ml, recorded_by, version)
       VALUES ($1, $2, 5, 20, 1000, 1000, true, 'HIGH_RESIDUAL', 4.5, $3, 1) RETURNING id`,
      [a, new Date(BASE + MIN_MS), u.ids.nurse],
    )) as { id: string }[];
    const s = await evalState(a);
    expect(BigInt(s.input_seq)).toBeGreaterThan(BigInt(s.evaluated_seq));
    const result = await sweep(t);
    expect(result).toMatchObject({ pumps: 1, raised: 1 });
    const discrepancy = (await alarmsOf(t, u, a)).find((x) => x.code === 'REFILL_DISCREPANCY');
    expect(discrepancy?.details).toMatchObject({ refillId });
    expect((await sweep(t)).pumps).toBe(0);
  });

  it('a patient made high-risk (raw SQL) is re-prioritised by the next sweep', async () => {
    expect(await activeCodes(t, u, b)).toEqual({ REFILL_NOT_BOOKED: 'low' });
    await db().query(`UPDATE patients SET high_risk = true WHERE id = (SELECT patient_id FROM pumps WHERE id = $1)`, [
      b,
    ]);
    expect(await sweep(t)).toMatchObject({ pumps: 1, updated: 1 });
    expect(await activeCodes(t, u, b)).toEqual({ REFILL_NOT_BOOKED: 'medium' });
  });

  it('a clinic settings change re-evaluates every pump', async () => {
    expect((await sweep(t)).pumps).toBe(0);
    const current = (await t.http.get('/api/clinic-settings').set(u.auth('admin')).expect(200)).body;
    await t.http
      .put('/api/clinic-settings')
      .set(u.auth('admin'))
      .send({ version: current.version, policy: { notBookedMediumDays: 22 } })
      .expect(200);
    expect((await sweep(t)).pumps).toBe(2);
    expect((await evalState(a)).evaluated_settings_version).toBe(await settingsVersion());
    expect((await sweep(t)).pumps).toBe(0);
  });

  it('escalation: next check at raised + 15 min; the sweep then escalates, not before', async () => {
    at(BASE + 2 * MIN_MS);
    const { pumpId } = await filledPump(t, u);
    // an MRI event through the API: the post-commit evaluation raises MRI_CHECK_DUE (critical) at once
    await recordPumpEvent(t, u, pumpId, 'MRI');
    const mri = (await alarmsOf(t, u, pumpId)).find((x) => x.code === 'MRI_CHECK_DUE')!;
    expect(mri).toMatchObject({ priority: 'critical', escalated: false });
    const raisedMs = Date.parse(mri.raisedAt);
    await sweep(t); // settles the pump (the fixture's rows were written without a re-evaluation)
    expect((await evalState(pumpId)).next_check_at.getTime()).toBe(raisedMs + 15 * MIN_MS);

    at(raisedMs + 15 * MIN_MS - 1);
    await sweep(t);
    expect((await alarmsOf(t, u, pumpId)).find((x) => x.code === 'MRI_CHECK_DUE')!.escalated).toBe(false);
    at(raisedMs + 15 * MIN_MS);
    const result = await sweep(t);
    expect(result.escalated).toBe(1);
    expect((await alarmsOf(t, u, pumpId)).find((x) => x.code === 'MRI_CHECK_DUE')!.escalated).toBe(true);
  });

  it('a snooze: the next check is its end, when the sweep reopens the alarm', async () => {
    const { pumpId } = await filledPump(t, u);
    await sweep(t);
    const low = (await alarmsOf(t, u, pumpId)).find((x) => x.code === 'REFILL_NOT_BOOKED')!;
    const until = clock.now().getTime() + 20 * MIN_MS;
    await t.http
      .post(`/api/alarms/${low.id}/snooze`)
      .set(u.auth('nurse'))
      .send({ until: new Date(until).toISOString(), reason: 'patient calls back' })
      .expect(200);
    // the user's alarm write is an input change: the next sweep evaluates the pump and records the snooze end
    expect(await sweep(t)).toMatchObject({ pumps: 1, raised: 0, updated: 0 });
    expect((await evalState(pumpId)).next_check_at.getTime()).toBe(until);
    at(until);
    expect((await sweep(t)).updated).toBeGreaterThanOrEqual(1);
    expect((await alarmsOf(t, u, pumpId)).find((x) => x.id === low.id)).toMatchObject({ status: 'open' });
  });

  it('time passing over lowReservoirAlarmAt: next check is that instant, the sweep then raises LOW_RESERVOIR', async () => {
    const status: PumpStatusDto = (await t.http.get(`/api/pumps/${a}/status`).set(u.auth('staff')).expect(200)).body;
    const lowMs = Date.parse(status.lowReservoirAlarmAt!);
    // evaluate shortly before the crossing (the output instant is truncated to the second)
    at(lowMs - 10 * MIN_MS);
    await sweep(t);
    expect(await activeCodes(t, u, a)).not.toHaveProperty('LOW_RESERVOIR');
    const next = (await evalState(a)).next_check_at.getTime();
    expect(next).toBeGreaterThanOrEqual(lowMs);
    expect(next).toBeLessThan(lowMs + 1000);
    at(next - 1);
    await sweep(t);
    expect(await activeCodes(t, u, a)).not.toHaveProperty('LOW_RESERVOIR');
    at(next);
    await sweep(t);
    expect(await activeCodes(t, u, a)).toMatchObject({ LOW_RESERVOIR: 'critical' });
  });
});
