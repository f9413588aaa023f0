import { DEFAULT_ALARM_POLICY } from '../src/modules/alarms/alarm-policy';
import { AlarmEntity } from '../src/modules/alarms/alarm.entity';
import { capMs, nextCheckMs, NO_BREAKPOINTS, type NextCheckParts } from '../src/modules/alarms/next-check';

const NOW = Date.parse('2026-03-02T09:00:00Z');
const MIN = 60_000;
const alarm = (fields: Partial<AlarmEntity>) =>
  Object.assign(new AlarmEntity(), { status: 'open', escalated: false, priority: 'low', ...fields });
const parts = (p: Partial<NextCheckParts>): NextCheckParts => ({
  nowMs: NOW,
  capMs: NOW + 60 * MIN,
  ...NO_BREAKPOINTS,
  alarms: [],
  policy: { ...DEFAULT_ALARM_POLICY },
  ...p,
});

describe('nextCheckMs (when the sweep must look at a pump again)', () => {
  it('is the earliest breakpoint after now, never later than the cap', () => {
    expect(nextCheckMs(parts({}))).toBe(NOW + 60 * MIN);
    expect(nextCheckMs(parts({ statusNextMs: NOW + 5 * MIN, deviceNextMs: NOW + 3 * MIN }))).toBe(NOW + 3 * MIN);
    expect(nextCheckMs(parts({ nextMissedAtMs: NOW + 2 * MIN, unverifiedExpiryMs: [NOW + MIN, NOW - MIN] }))).toBe(
      NOW + MIN,
    );
    expect(nextCheckMs(parts({ nextProgramAtMs: NOW + 90 * MIN }))).toBe(NOW + 60 * MIN);
    // instants before now are already reflected in the evaluation; one equal to now may not be (µs truncated)
    expect(nextCheckMs(parts({ nextProgramAtMs: NOW - 1, unverifiedExpiryMs: [NOW - 5] }))).toBe(NOW + 60 * MIN);
    expect(nextCheckMs(parts({ nextProgramAtMs: NOW }))).toBe(NOW);
    // the end of a post-restart watch is a breakpoint like any other
    expect(nextCheckMs(parts({ therapyNextMs: NOW + 7 * MIN }))).toBe(NOW + 7 * MIN);
  });

  it('a breakpoint that could not be computed makes the pump due now', () => {
    expect(nextCheckMs(parts({ statusNextMs: undefined }))).toBe(NOW);
    expect(nextCheckMs(parts({ deviceNextMs: undefined }))).toBe(NOW);
  });

  it('escalation of open critical/high alarms and the end of a snooze', () => {
    const raisedAt = new Date(NOW - 5 * MIN);
    expect(nextCheckMs(parts({ alarms: [alarm({ priority: 'critical', raisedAt })] }))).toBe(NOW + 10 * MIN);
    // raised_at with microseconds, truncated: the escalation instant can equal now before it is due
    const atNow = new Date(NOW - 15 * MIN);
    expect(nextCheckMs(parts({ alarms: [alarm({ priority: 'critical', raisedAt: atNow })] }))).toBe(NOW);
    expect(nextCheckMs(parts({ capMs: NOW + 600 * MIN, alarms: [alarm({ priority: 'high', raisedAt })] }))).toBe(
      NOW + 235 * MIN,
    );
    // acknowledged, already escalated or routine alarms do not escalate
    for (const a of [
      alarm({ priority: 'critical', raisedAt, status: 'acknowledged' }),
      alarm({ priority: 'critical', raisedAt, escalated: true }),
      alarm({ priority: 'medium', raisedAt }),
    ]) {
      expect(nextCheckMs(parts({ alarms: [a] }))).toBe(NOW + 60 * MIN);
    }
    const snoozedUntil = new Date(NOW + 20 * MIN);
    expect(nextCheckMs(parts({ alarms: [alarm({ status: 'snoozed', snoozedUntil, raisedAt })] }))).toBe(
      snoozedUntil.getTime(),
    );
  });

  it('the cap is spread over the second half of the window, by pump id', () => {
    const caps = ['00000000-0000-4000-8000-000000000000', 'ffffffff-ffff-4fff-bfff-ffffffffffff'].map((id) =>
      capMs(id, NOW, 60),
    );
    expect(caps[0]).toBe(NOW + 60 * MIN);
    expect(caps[1]).toBeGreaterThanOrEqual(NOW + 30 * MIN);
    expect(caps[1]).toBeLessThan(NOW + 31 * MIN);
  });
});
