import type { PumpEventType } from '@pumpwatch/contracts';
import { DataSource } from 'typeorm';
import { FixedClock } from '../src/common/clock/clock';
import { DoseProgramEntity } from '../src/modules/dose-programs/dose-program.entity';
import {
  activeCodes,
  alarmsOf,
  createPumpFor,
  DAY_MS,
  filledPump,
  HOUR_MS,
  insertAppointment,
  insertDoseProgram,
  insertRefill,
  sweep,
} from './support/alarm-fixtures';
import { recordPumpEvent } from './support/clinic-fixtures';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

/** Stored-fact alarms (docs/clinical/PROJECTION-AND-ALARMS.md §6; Europe/London clinic, 09:00–16:00). */
describe('alarm engine: stored-fact alarms', () => {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  let t: TestApp;
  let u: TestUsers;
  useTestApp({ clock }, (app) => ({ t, u } = app));
  beforeEach(() => clock.set('2026-03-02T09:00:00Z'));

  const event = (pumpId: string, type: PumpEventType, who: 'nurse' | 'physician' = 'nurse') =>
    recordPumpEvent(t, u, pumpId, type, { who });

  it('MRI raises MRI_CHECK_DUE at once (PumpChanges trigger); an interrogation resolves it', async () => {
    const { pumpId } = await filledPump(t, u);
    await event(pumpId, 'MRI');
    expect(await activeCodes(t, u, pumpId)).toMatchObject({ MRI_CHECK_DUE: 'critical' });
    clock.advance(HOUR_MS);
    await event(pumpId, 'INTERROGATION');
    expect(await activeCodes(t, u, pumpId)).not.toHaveProperty('MRI_CHECK_DUE');
    const [resolved] = await alarmsOf(t, u, pumpId, 'resolved');
    expect(resolved).toMatchObject({ code: 'MRI_CHECK_DUE', resolution: 'auto: condition cleared' });
  });

  it('ERI reported → BATTERY_ERI_REACHED critical; an expected battery end within 180 days → BATTERY_ERI_SOON', async () => {
    const { pumpId } = await filledPump(t, u, { pump: { eriDate: '2026-06-30' } });
    await sweep(t);
    expect(await activeCodes(t, u, pumpId)).toMatchObject({ BATTERY_ERI_SOON: 'medium' });
    await event(pumpId, 'ERI_REPORTED');
    const alarms = await alarmsOf(t, u, pumpId);
    expect(alarms.find((a) => a.code === 'BATTERY_ERI_REACHED')).toMatchObject({
      priority: 'critical',
      details: { stopByDate: '2026-05-31' },
    });
  });

  it('a discrepancy stays open across the next refill until a physician resolves it, and is not re-raised', async () => {
    const { pumpId } = await filledPump(t, u);
    clock.advance(30 * DAY_MS);
    const flagged = await insertRefill(t, u, pumpId, {
      at: clock.now(),
      discrepancy: 'SUSPECTED_UNDER_DELIVERY',
      discrepancyMl: 4,
    });
    await sweep(t);
    let rd = (await alarmsOf(t, u, pumpId)).find((a) => a.code === 'REFILL_DISCREPANCY')!;
    expect(rd).toMatchObject({ priority: 'high', details: { refillId: flagged.id, refillIds: [flagged.id] } });

    clock.advance(30 * DAY_MS);
    await insertRefill(t, u, pumpId, { at: clock.now() });
    await sweep(t);
    rd = (await alarmsOf(t, u, pumpId)).find((a) => a.code === 'REFILL_DISCREPANCY')!;
    expect(rd.status).toBe('open');

    // nurses cannot close it; a blank note is not a documented review
    expect((await t.http.post(`/api/alarms/${rd.id}/resolve`).set(u.auth('nurse')).send({ note: 'ok' })).status).toBe(
      403,
    );
    const blank = await t.http.post(`/api/alarms/${rd.id}/resolve`).set(u.auth('physician')).send({ note: '   ' });
    expect(blank.status).toBe(400);
    const ok = await t.http
      .post(`/api/alarms/${rd.id}/resolve`)
      .set(u.auth('physician'))
      .send({ note: 'pump interrogated, catheter patent', version: rd.version })
      .expect(200);
    expect(ok.body).toMatchObject({ status: 'resolved', resolvedBy: u.ids.physician });

    await sweep(t);
    expect(await activeCodes(t, u, pumpId)).not.toHaveProperty('REFILL_DISCREPANCY');
    const again = await t.http.post(`/api/alarms/${rd.id}/acknowledge`).set(u.auth('nurse')).send({});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALARM_RESOLVED');
  });

  it('a second flagged refill while the first is open joins the same alarm; one review covers both', async () => {
    const { pumpId } = await filledPump(t, u);
    clock.advance(20 * DAY_MS);
    const a = await insertRefill(t, u, pumpId, { at: clock.now(), discrepancy: 'SUSPECTED_OVER_INFUSION' });
    await sweep(t);
    clock.advance(20 * DAY_MS);
    const b = await insertRefill(t, u, pumpId, { at: clock.now(), discrepancy: 'SUSPECTED_UNDER_DELIVERY' });
    await sweep(t);
    const rd = (await alarmsOf(t, u, pumpId)).filter((x) => x.code === 'REFILL_DISCREPANCY');
    expect(rd).toHaveLength(1);
    expect(rd[0].details).toMatchObject({ refillId: b.id, refillIds: [a.id, b.id] });
    await t.http
      .post(`/api/alarms/${rd[0].id}/resolve`)
      .set(u.auth('physician'))
      .send({ note: 'reviewed' })
      .expect(200);
    await sweep(t);
    expect(await activeCodes(t, u, pumpId)).not.toHaveProperty('REFILL_DISCREPANCY');
  });

  it('THERAPY_INTERRUPTED stays until a physician records RESTARTED (documented restart decision)', async () => {
    const { pumpId } = await filledPump(t, u);
    await event(pumpId, 'MOTOR_STALL');
    expect(await activeCodes(t, u, pumpId)).toMatchObject({ THERAPY_INTERRUPTED: 'critical' });
    clock.advance(2 * HOUR_MS);
    await sweep(t);
    expect(await activeCodes(t, u, pumpId)).toHaveProperty('THERAPY_INTERRUPTED');
    await event(pumpId, 'RESTARTED', 'physician');
    expect(await activeCodes(t, u, pumpId)).not.toHaveProperty('THERAPY_INTERRUPTED');
    const [resolved] = (await alarmsOf(t, u, pumpId, 'resolved')).filter((a) => a.code === 'THERAPY_INTERRUPTED');
    expect(resolved.resolvedBy).toBe(u.ids.physician);
    expect(resolved.resolution).toMatch(/^restarted: physician recorded RESTARTED/);
  });

  it('a physician may resolve THERAPY_INTERRUPTED directly; the same interruption is not re-raised', async () => {
    const { pumpId } = await filledPump(t, u);
    await event(pumpId, 'PUMP_STOPPED');
    const ti = (await alarmsOf(t, u, pumpId)).find((a) => a.code === 'THERAPY_INTERRUPTED')!;
    await t.http
      .post(`/api/alarms/${ti.id}/resolve`)
      .set(u.auth('physician'))
      .send({ note: 'pump replaced by oral bridge; restart planned' })
      .expect(200);
    await sweep(t);
    expect(await activeCodes(t, u, pumpId)).not.toHaveProperty('THERAPY_INTERRUPTED');
    clock.advance(HOUR_MS);
    await event(pumpId, 'EMPTY_RESERVOIR'); // a new interruption is a new alarm
    expect(await activeCodes(t, u, pumpId)).toHaveProperty('THERAPY_INTERRUPTED');
  });

  it('APPOINTMENT_MISSED once the booked day is over with no refill; a refill resolves it', async () => {
    const { pumpId } = await filledPump(t, u);
    clock.set('2026-03-20T08:00:00Z');
    await insertAppointment(t, u, pumpId, { at: new Date('2026-03-20T10:00:00Z') });
    clock.set('2026-03-20T15:30:00Z'); // clinic closes 16:00
    await sweep(t);
    expect(await activeCodes(t, u, pumpId)).not.toHaveProperty('APPOINTMENT_MISSED');
    clock.set('2026-03-20T16:30:00Z');
    await sweep(t);
    expect(await activeCodes(t, u, pumpId)).toMatchObject({ APPOINTMENT_MISSED: 'high' });
    await insertRefill(t, u, pumpId, { at: new Date('2026-03-21T09:00:00Z') });
    clock.set('2026-03-21T09:05:00Z');
    await sweep(t);
    expect(await activeCodes(t, u, pumpId)).not.toHaveProperty('APPOINTMENT_MISSED');
  });

  it('DOSE_UNVERIFIED while an unverified program is in force; one level up for a high-risk patient', async () => {
    const ids = await createPumpFor(t, u, { riskFactors: ['SCI_T6_OR_ABOVE'] });
    const program = await insertDoseProgram(t, u, ids.pumpId, {
      effectiveAt: new Date(clock.now().getTime() - DAY_MS),
      verified: false,
    });
    await insertRefill(t, u, ids.pumpId, { at: clock.now() });
    await sweep(t);
    expect(await activeCodes(t, u, ids.pumpId)).toMatchObject({ DOSE_UNVERIFIED: 'high', REFILL_NOT_BOOKED: 'medium' });
    await t.app
      .get(DataSource)
      .getRepository(DoseProgramEntity)
      .update(program.id, { verifiedBy: u.ids.physician2, verifiedAt: clock.now() });
    await sweep(t);
    expect(await activeCodes(t, u, ids.pumpId)).not.toHaveProperty('DOSE_UNVERIFIED');
  });

  it('an explanted pump has its alarms resolved', async () => {
    const { pumpId } = await filledPump(t, u);
    await sweep(t);
    expect(Object.keys(await activeCodes(t, u, pumpId)).length).toBeGreaterThan(0);
    await event(pumpId, 'EXPLANT');
    expect(await activeCodes(t, u, pumpId)).toEqual({});
    const resolved = await alarmsOf(t, u, pumpId, 'resolved');
    expect(resolved.every((a) => a.resolution === 'auto: pump explanted')).toBe(true);
  });
});
