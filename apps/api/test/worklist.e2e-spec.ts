import type { PumpStatusDto, RefillCalendarDto, RefillWorklistItemDto } from '@pumpwatch/contracts';
import { FixedClock } from '../src/common/clock/clock';
import { createPumpFor, DAY_MS, insertAppointment, insertDoseProgram, insertRefill } from './support/alarm-fixtures';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestUsers, type TestUsers } from './support/users';

describe('refill worklist and calendar', () => {
  // Monday 2 March 2026, Europe/London (UTC+0 until 29 March)
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  let t: TestApp;
  let u: TestUsers;
  const pumps: Record<string, { pumpId: string; status: PumpStatusDto }> = {};

  /** A pump filled `daysAgo` days ago with 20 mL at 1000 mcg/mL and `dose` mcg/day. */
  async function pump(name: string, daysAgo: number, dose: number, riskFactors: string[] = []) {
    const { pumpId } = await createPumpFor(t, u, { riskFactors });
    const at = new Date(clock.now().getTime() - daysAgo * DAY_MS);
    await insertDoseProgram(t, u, pumpId, { effectiveAt: new Date(at.getTime() - DAY_MS), basalDoseMcgPerDay: dose });
    await insertRefill(t, u, pumpId, { at });
    const status = (await t.http.get(`/api/pumps/${pumpId}/status`).set(u.auth('staff')).expect(200)).body;
    pumps[name] = { pumpId, status };
  }

  beforeAll(async () => {
    t = await startTestApp({ clock });
    u = await createTestUsers(t);
    await pump('overdue', 60, 400); // 0.4 mL/day: due long ago
    await pump('soon', 30, 400, ['SCI_T6_OR_ABOVE']);
    await pump('later', 0, 100); // 0.1 mL/day: due months ahead
  });
  afterAll(() => t.close());

  it('lists overdue and due-within-14-days pumps by due date, with a proposed working-day slot', async () => {
    const res = await t.http.get('/api/worklist/refills').set(u.auth('staff')).expect(200);
    const items = res.body as RefillWorklistItemDto[];
    const mine = items.map((i) => i.pumpId);
    expect(mine).toEqual([pumps.overdue.pumpId, pumps.soon.pumpId]);
    const [overdue, soon] = items;
    expect(overdue).toMatchObject({
      overdue: true,
      refillDueDate: pumps.overdue.status.refillDueDate,
      refillDueReason: pumps.overdue.status.refillDueReason,
      reservoirNowMl: pumps.overdue.status.reservoirNowMl,
      highRisk: false,
      nextAppointmentAt: null,
      proposedSlot: '2026-03-02T09:00:00.000Z', // overdue: today, a Monday, at opening time
    });
    expect(overdue.patient).toMatchObject({ mrn: expect.stringMatching(/^MRN-/) });
    expect(soon).toMatchObject({ highRisk: true, overdue: false });
    // on or before the due date, on a weekday, never before today
    const slot = new Date(soon.proposedSlot!);
    expect(slot.toISOString().slice(0, 10) <= soon.refillDueDate).toBe(true);
    expect([1, 2, 3, 4, 5]).toContain(slot.getUTCDay());
    expect(slot.toISOString().slice(11, 16)).toBe('09:00');
  });

  it('honours from/to (overdue always included) and rejects bad dates', async () => {
    const later = pumps.later.status.refillDueDate!;
    const res = await t.http.get(`/api/worklist/refills?from=${later}&to=${later}`).set(u.auth('nurse')).expect(200);
    expect(res.body.map((i: RefillWorklistItemDto) => i.pumpId)).toEqual([pumps.overdue.pumpId, pumps.later.pumpId]);
    expect((await t.http.get('/api/worklist/refills?to=tomorrow').set(u.auth('staff'))).status).toBe(400);
    expect((await t.http.get('/api/worklist/refills')).status).toBe(401);
  });

  it('calendar: booked appointments with patients and proposed slots of unbooked pumps per day', async () => {
    const appt = await insertAppointment(t, u, pumps.soon.pumpId, { at: new Date('2026-03-10T11:00:00Z') });
    const res = await t.http.get('/api/worklist/refills/calendar?month=2026-03').set(u.auth('staff')).expect(200);
    const cal = res.body as RefillCalendarDto;
    expect(cal).toMatchObject({ month: '2026-03', timeZone: 'Europe/London' });
    expect(cal.days).toHaveLength(31);
    const day10 = cal.days.find((d) => d.date === '2026-03-10')!;
    expect(day10.booked).toHaveLength(1);
    expect(day10.booked[0]).toMatchObject({ id: appt.id, pumpId: pumps.soon.pumpId, status: 'booked', highRisk: true });
    const proposed = cal.days.flatMap((d) => d.proposed.map((p) => p.pumpId));
    expect(proposed).toContain(pumps.overdue.pumpId);
    expect(proposed).not.toContain(pumps.soon.pumpId); // already booked
    expect(cal.days.find((d) => d.date === '2026-03-02')!.proposed.map((p) => p.pumpId)).toContain(
      pumps.overdue.pumpId,
    );
    expect((await t.http.get('/api/worklist/refills/calendar?month=2026-13').set(u.auth('staff'))).status).toBe(400);
  });
});
