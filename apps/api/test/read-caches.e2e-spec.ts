import type { AlarmListItemDto, RefillWorklistItemDto } from '@pumpwatch/contracts';
import { DataSource } from 'typeorm';
import { FixedClock } from '../src/common/clock/clock';
import { AlarmsService } from '../src/modules/alarms/alarms.service';
import { createPumpFor, DAY_MS, insertDoseProgram, insertRefill } from './support/alarm-fixtures';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import { TEST_PASSWORD, type TestUsers } from './support/users';

/**
 * The read caches (projection contexts keyed by pump_eval_state.input_seq, due dates per settings version, active
 * users) must never serve a stale answer: every change below is made AFTER a read filled the cache, most of
 * them as raw rows that bypass the services (so only the database triggers can tell the cache).
 */
describe('read caches see every committed change', () => {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  let t: TestApp;
  let u: TestUsers;
  const db = () => t.app.get(DataSource);
  const worklist = async () =>
    (await t.http.get('/api/worklist/refills').set(u.auth('staff')).expect(200)).body as RefillWorklistItemDto[];
  const item = async (pumpId: string) => (await worklist()).find((i) => i.pumpId === pumpId);

  /** Filled 10 days ago with 20 mL at 1000 mcg/mL, 100 mcg/day: due months ahead. */
  async function quietPump(): Promise<{ pumpId: string; patientId: string }> {
    const ids = await createPumpFor(t, u);
    const at = new Date(clock.now().getTime() - 10 * DAY_MS);
    await insertDoseProgram(t, u, ids.pumpId, {
      effectiveAt: new Date(at.getTime() - DAY_MS),
      basalDoseMcgPerDay: 100,
    });
    await insertRefill(t, u, ids.pumpId, { at });
    return ids;
  }

  useTestApp({ clock }, (app) => ({ t, u } = app));

  it('worklist: a dose program written as a raw row makes a cached pump due at once', async () => {
    const { pumpId } = await quietPump();
    expect(await item(pumpId)).toBeUndefined(); // cached: not due
    await insertDoseProgram(t, u, pumpId, { effectiveAt: clock.now(), basalDoseMcgPerDay: 1900 });
    const due = await item(pumpId);
    expect(due).toBeDefined();
    const status = (await t.http.get(`/api/pumps/${pumpId}/status`).set(u.auth('staff')).expect(200)).body;
    expect(due).toMatchObject({ refillDueDate: status.refillDueDate, reservoirNowMl: status.reservoirNowMl });
  });

  it('worklist: a patient high-risk flag and name changed by raw SQL show on the cached pump', async () => {
    const { pumpId, patientId } = await quietPump();
    await insertDoseProgram(t, u, pumpId, { effectiveAt: clock.now(), basalDoseMcgPerDay: 1900 });
    expect(await item(pumpId)).toMatchObject({ highRisk: false });
    await db().query(`UPDATE patients SET high_risk = true, family_name = 'Renamed' WHERE id = $1`, [patientId]);
    expect(await item(pumpId)).toMatchObject({ highRisk: true, patient: { familyName: 'Renamed' } });
  });

  it('worklist: a settings change recomputes every cached due date', async () => {
    const { pumpId } = await quietPump();
    await insertDoseProgram(t, u, pumpId, { effectiveAt: clock.now(), basalDoseMcgPerDay: 1900 });
    const before = (await item(pumpId))!.refillDueDate;
    const settings = (await t.http.get('/api/clinic-settings').set(u.auth('admin')).expect(200)).body;
    await t.http
      .put('/api/clinic-settings')
      .set(u.auth('admin'))
      .send({ policy: { bufferDays: settings.policy.bufferDays + 3 }, version: settings.version })
      .expect(200);
    const after = (await item(pumpId))!.refillDueDate;
    expect(Date.parse(before) - Date.parse(after)).toBe(3 * DAY_MS); // 3 more buffer days: due 3 days earlier
  });

  it('worklist: two writers that commit in the other order than they took their input_seq are both seen', async () => {
    const early = await quietPump();
    const late = await quietPump();
    expect(await item(early.pumpId)).toBeUndefined(); // both cached as not due
    expect(await item(late.pumpId)).toBeUndefined();
    const first = db().createQueryRunner();
    const second = db().createQueryRunner();
    const makeDue = `UPDATE dose_programs SET basal_dose_mcg_per_day = 1900, programmed_dose_mcg_per_day = 1900
                      WHERE pump_id = $1`;
    try {
      await first.startTransaction();
      await second.startTransaction();
      await first.query(makeDue, [early.pumpId]); // takes the lower input_seq
      await second.query(makeDue, [late.pumpId]);
      await second.commitTransaction(); // the higher one commits first
      expect(await item(late.pumpId)).toBeDefined();
      expect(await item(early.pumpId)).toBeUndefined();
      await first.commitTransaction(); // the lower one last: a highest-sequence-seen watermark would miss it
      expect(await item(early.pumpId)).toBeDefined();
    } finally {
      await first.release();
      await second.release();
    }
  });

  it('worklist: an explanted or deleted pump leaves the cached list at once', async () => {
    const explanted = await quietPump();
    const deleted = await quietPump();
    for (const p of [explanted, deleted]) {
      await insertDoseProgram(t, u, p.pumpId, { effectiveAt: clock.now(), basalDoseMcgPerDay: 1900 });
      expect(await item(p.pumpId)).toBeDefined();
    }
    await db().query(`UPDATE pumps SET explanted_at = $2 WHERE id = $1`, [explanted.pumpId, clock.now()]);
    expect(await item(explanted.pumpId)).toBeUndefined();
    await db().query(`DELETE FROM pump_events WHERE pump_id = $1`, [deleted.pumpId]);
    await db().query(`DELETE FROM dose_programs WHERE pump_id = $1`, [deleted.pumpId]);
    await db().query(`DELETE FROM refills WHERE pump_id = $1`, [deleted.pumpId]);
    await db().query(`DELETE FROM alarms WHERE pump_id = $1`, [deleted.pumpId]);
    await db().query(`DELETE FROM appointments WHERE pump_id = $1`, [deleted.pumpId]);
    await db().query(`DELETE FROM pumps WHERE id = $1`, [deleted.pumpId]);
    expect(await item(deleted.pumpId)).toBeUndefined();
  });

  it('alarm board: a refill written as a raw row updates the cached reservoir numbers', async () => {
    const { pumpId } = await createPumpFor(t, u);
    const filledAt = new Date(clock.now().getTime() - 40 * DAY_MS);
    await insertDoseProgram(t, u, pumpId, {
      effectiveAt: new Date(filledAt.getTime() - DAY_MS),
      basalDoseMcgPerDay: 450,
    });
    await insertRefill(t, u, pumpId, { at: filledAt });
    await t.app.get(AlarmsService).evaluatePumps([pumpId]);
    const board = async () =>
      (
        (await t.http.get(`/api/alarms?pumpId=${pumpId}`).set(u.auth('staff')).expect(200)).body as AlarmListItemDto[]
      )[0];
    const low = await board();
    expect(low).toBeDefined();
    await insertRefill(t, u, pumpId, { at: clock.now() }); // no service call: only the triggers know
    const refilled = await board();
    expect(refilled.id).toBe(low.id); // still unresolved until the next evaluation
    expect(refilled.reservoirNowMl).toBeGreaterThan(low.reservoirNowMl!);
    const status = (await t.http.get(`/api/pumps/${pumpId}/status`).set(u.auth('staff')).expect(200)).body;
    expect(refilled).toMatchObject({ reservoirNowMl: status.reservoirNowMl, refillDueDate: status.refillDueDate });
  });

  it('auth: a role change ends the user’s sessions at their very next request; a new sign-in has the new role', async () => {
    const email = `role-${Date.now()}@test.local`;
    const created = await t.http
      .post('/api/users')
      .set(u.auth('admin'))
      .send({ email, name: 'Changing Role', role: 'staff', password: TEST_PASSWORD })
      .expect(201);
    const token = (await t.http.post('/api/auth/login').send({ email, password: TEST_PASSWORD }).expect(200)).body
      .accessToken as string;
    const asUser = { Authorization: `Bearer ${token}` };
    expect((await t.http.get(`/api/audit?entityId=${created.body.id}`).set(asUser)).status).toBe(403); // cached as staff
    await t.http
      .patch(`/api/users/${created.body.id}`)
      .set(u.auth('admin'))
      .send({ role: 'physician', version: created.body.version ?? 1 })
      .expect(200);
    expect((await t.http.get(`/api/audit?entityId=${created.body.id}`).set(asUser)).status).toBe(401);
    const again = (await t.http.post('/api/auth/login').send({ email, password: TEST_PASSWORD }).expect(200)).body
      .accessToken as string;
    const asPhysician = { Authorization: `Bearer ${again}` };
    expect((await t.http.get(`/api/audit?entityId=${created.body.id}`).set(asPhysician)).status).toBe(200);
  });
});
