import type { PumpStatusDto } from '@pumpwatch/contracts';
import { FixedClock } from '../src/common/clock/clock';
import {
  activeCodes,
  alarmsOf,
  auditCount,
  DAY_MS,
  filledPump,
  HOUR_MS,
  insertRefill,
  sweep,
} from './support/alarm-fixtures';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

const START = '2026-03-02T09:00:00Z';

describe('alarm engine: a pump walked through one refill interval', () => {
  const clock = new FixedClock(new Date(START));
  let t: TestApp;
  let u: TestUsers;
  let pumpId: string;
  let status: PumpStatusDto;
  useTestApp({ clock }, async (app) => {
    ({ t, u } = app);
    ({ pumpId } = await filledPump(t, u));
    status = (await t.http.get(`/api/pumps/${pumpId}/status`).set(u.auth('staff')).expect(200)).body;
  });

  /** Sweeps at `at`, then checks a second sweep writes nothing (no audit rows, no version bumps). */
  async function sweepAt(at: Date | string): Promise<Record<string, string>> {
    clock.set(at);
    const first = await sweep(t);
    expect(first.skipped).toBe(false);
    const audits = await auditCount(t);
    const versions = (await alarmsOf(t, u, pumpId)).map((a) => `${a.id}:${a.version}`);
    const second = await sweep(t);
    expect(second).toMatchObject({ raised: 0, updated: 0, resolved: 0, escalated: 0 });
    expect(await auditCount(t)).toBe(audits);
    expect((await alarmsOf(t, u, pumpId)).map((a) => `${a.id}:${a.version}`)).toEqual(versions);
    return activeCodes(t, u, pumpId);
  }
  const dayBefore = (date: string, days: number) =>
    new Date(Date.parse(`${date}T10:00:00Z`) - days * DAY_MS).toISOString();

  let notBookedId: string;
  it('right after the refill: REFILL_NOT_BOOKED low, audited as the system', async () => {
    expect(status.refillDueDate).toBeTruthy();
    expect(await sweepAt(START)).toEqual({ REFILL_NOT_BOOKED: 'low' });
    const [alarm] = await alarmsOf(t, u, pumpId);
    notBookedId = alarm.id;
    expect(alarm).toMatchObject({ status: 'open', raisedAt: new Date(START).toISOString(), escalated: false });
    expect(alarm.patient!.mrn).toMatch(/^MRN-/);
    expect(alarm.reservoirNowMl).toBe(20);
    expect(alarm.refillDueDate).toBe(status.refillDueDate);
    const audit = await t.http.get(`/api/audit?entityId=${alarm.id}`).set(u.auth('admin')).expect(200);
    expect(audit.body).toHaveLength(1);
    expect(audit.body[0]).toMatchObject({ action: 'alarm.raise', userId: null });
  });

  it('medium 21 days before due, high 7 days before (same alarm, priority updated)', async () => {
    expect(await sweepAt(dayBefore(status.refillDueDate!, 22))).toEqual({ REFILL_NOT_BOOKED: 'low' });
    expect(await sweepAt(dayBefore(status.refillDueDate!, 21))).toEqual({ REFILL_NOT_BOOKED: 'medium' });
    expect(await sweepAt(dayBefore(status.refillDueDate!, 7))).toEqual({ REFILL_NOT_BOOKED: 'high' });
    const [alarm] = await alarmsOf(t, u, pumpId);
    expect(alarm.id).toBe(notBookedId);
  });

  it('the day after the due date: REFILL_OVERDUE high, REFILL_NOT_BOOKED auto-resolved', async () => {
    expect(await sweepAt(dayBefore(status.refillDueDate!, -1))).toEqual({ REFILL_OVERDUE: 'high' });
    const resolved = await alarmsOf(t, u, pumpId, 'resolved');
    expect(resolved.find((a) => a.id === notBookedId)).toMatchObject({
      status: 'resolved',
      resolution: 'auto: condition cleared',
      resolvedBy: null,
    });
  });

  it('critical past the worst-case alarm, then LOW_RESERVOIR, then RESERVOIR_EMPTY', async () => {
    const after = (iso: string | null) => new Date(Date.parse(iso!) + HOUR_MS);
    expect(await sweepAt(after(status.worstCaseLowReservoirAlarmAt))).toEqual({ REFILL_OVERDUE: 'critical' });
    expect(await sweepAt(after(status.lowReservoirAlarmAt))).toEqual({
      REFILL_OVERDUE: 'critical',
      LOW_RESERVOIR: 'critical',
    });
    expect(await sweepAt(after(status.projectedEmptyAt))).toEqual({
      REFILL_OVERDUE: 'critical',
      LOW_RESERVOIR: 'critical',
      RESERVOIR_EMPTY: 'critical',
    });
  });

  it('a new refill resolves them all; a fresh REFILL_NOT_BOOKED is raised', async () => {
    await insertRefill(t, u, pumpId, { at: clock.now() });
    expect(await sweepAt(clock.now())).toEqual({ REFILL_NOT_BOOKED: 'low' });
    const resolved = await alarmsOf(t, u, pumpId, 'resolved');
    expect(resolved.map((a) => a.code).sort()).toEqual([
      'LOW_RESERVOIR',
      'REFILL_NOT_BOOKED',
      'REFILL_OVERDUE',
      'RESERVOIR_EMPTY',
    ]);
    const [fresh] = await alarmsOf(t, u, pumpId);
    expect(fresh.id).not.toBe(notBookedId);
  });
});
