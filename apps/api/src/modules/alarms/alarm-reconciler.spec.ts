import { DEFAULT_ALARM_POLICY } from '@pumpwatch/domain';
import { reconcileAlarms, type ReconcileInput, type StoredAlarmState } from './alarm-reconciler';
import type { DesiredAlarm } from './desired-alarms';

const NOW = new Date('2026-03-10T09:00:00.000Z');
const MIN = 60_000;
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * MIN);

interface Stored extends StoredAlarmState {
  id: string;
}
const stored = (id: string, fields: Partial<StoredAlarmState>): Stored => ({
  id,
  code: 'REFILL_NOT_BOOKED',
  priority: 'medium',
  status: 'open',
  details: null,
  snoozedUntil: null,
  raisedAt: ago(5),
  escalated: false,
  ...fields,
});
const want = (
  code: DesiredAlarm['code'],
  priority: DesiredAlarm['priority'],
  details: DesiredAlarm['details'] = null,
) => ({ code, priority, details }) satisfies DesiredAlarm;
const input = (p: Partial<ReconcileInput<Stored>>): ReconcileInput<Stored> => ({
  desired: [],
  stored: [],
  now: NOW,
  policy: { ...DEFAULT_ALARM_POLICY },
  facts: { explanted: false, therapyInterrupted: false, restart: null },
  ...p,
});
const ids = (alarms: Stored[]) => alarms.map((a) => a.id);

describe('reconcileAlarms (desired alarms against stored ones, no I/O)', () => {
  it('nothing to do when the stored alarms already match (details compared whatever their key order)', () => {
    const a = stored('a1', { code: 'LOW_RESERVOIR', priority: 'high', details: { b: 2, a: 1 } });
    const r = reconcileAlarms(input({ desired: [want('LOW_RESERVOIR', 'high', { a: 1, b: 2 })], stored: [a] }));
    expect(r).toEqual({ raise: [], refresh: [], resolve: [], escalate: [] });
  });

  it('raises each wanted alarm the pump does not have, in the order wanted', () => {
    const kept = stored('a1', { code: 'REFILL_NOT_BOOKED', priority: 'medium' });
    const r = reconcileAlarms(
      input({
        desired: [
          want('LOW_RESERVOIR', 'critical', { at: 'x' }),
          want('REFILL_NOT_BOOKED', 'medium'),
          want('MRI_CHECK_DUE', 'high'),
        ],
        stored: [kept],
      }),
    );
    expect(r.raise).toEqual([want('LOW_RESERVOIR', 'critical', { at: 'x' }), want('MRI_CHECK_DUE', 'high')]);
    expect(r.refresh).toEqual([]);
    expect(r.resolve).toEqual([]);
    // a raised alarm is open from now: it escalates 15 minutes later at the earliest, never in this pass
    expect(r.escalate).toEqual([]);
  });

  it('refreshes a priority or details change in place (an update while open; a rise is flagged)', () => {
    const rising = stored('a1', { code: 'LOW_RESERVOIR', priority: 'high', details: { at: 'x' } });
    const moved = stored('a2', { code: 'REFILL_NOT_BOOKED', priority: 'medium', details: { dueDate: '2026-03-20' } });
    const falling = stored('a3', { code: 'MRI_CHECK_DUE', priority: 'high', status: 'acknowledged' });
    const r = reconcileAlarms(
      input({
        desired: [
          want('LOW_RESERVOIR', 'critical', { at: 'x' }),
          want('REFILL_NOT_BOOKED', 'medium', { dueDate: '2026-03-21' }),
          want('MRI_CHECK_DUE', 'medium'),
        ],
        stored: [rising, moved, falling],
      }),
    );
    expect(r.refresh).toEqual([
      { alarm: rising, action: 'alarm.update', priority: 'critical', details: { at: 'x' }, reopen: false, rose: true },
      {
        alarm: moved,
        action: 'alarm.update',
        priority: 'medium',
        details: { dueDate: '2026-03-21' },
        reopen: false,
        rose: false,
      },
      // a fall keeps the acknowledgement
      { alarm: falling, action: 'alarm.update', priority: 'medium', details: null, reopen: false, rose: false },
    ]);
    // the stored alarms are left as they were: applying the decisions is the caller's
    expect(rising.priority).toBe('high');
    expect(moved.details).toEqual({ dueDate: '2026-03-20' });
  });

  it('reopens an alarm whose snooze is over, or whose priority rose while acknowledged or snoozed', () => {
    const snoozeOver = stored('a1', { code: 'REFILL_NOT_BOOKED', status: 'snoozed', snoozedUntil: NOW });
    const stillSnoozed = stored('a2', {
      code: 'MRI_CHECK_DUE',
      status: 'snoozed',
      snoozedUntil: new Date(NOW.getTime() + 1),
    });
    const acknowledgedRise = stored('a3', { code: 'LOW_RESERVOIR', priority: 'medium', status: 'acknowledged' });
    const r = reconcileAlarms(
      input({
        desired: [want('REFILL_NOT_BOOKED', 'medium'), want('MRI_CHECK_DUE', 'medium'), want('LOW_RESERVOIR', 'high')],
        stored: [snoozeOver, stillSnoozed, acknowledgedRise],
      }),
    );
    expect(r.refresh).toEqual([
      { alarm: snoozeOver, action: 'alarm.reopen', priority: 'medium', details: null, reopen: true, rose: false },
      { alarm: acknowledgedRise, action: 'alarm.reopen', priority: 'high', details: null, reopen: true, rose: true },
    ]);
  });

  it('auto-resolves alarms no longer wanted, except those a physician must close', () => {
    const cleared = stored('a1', { code: 'REFILL_OVERDUE', priority: 'high' });
    const discrepancy = stored('a2', { code: 'REFILL_DISCREPANCY', priority: 'high' });
    const interrupted = stored('a3', { code: 'THERAPY_INTERRUPTED', priority: 'critical', status: 'acknowledged' });
    const all = [cleared, discrepancy, interrupted];
    // the pump's interrupted-therapy flag is still set: THERAPY_INTERRUPTED stays
    const flagged = reconcileAlarms(
      input({ stored: all, facts: { explanted: false, therapyInterrupted: true, restart: null } }),
    );
    expect(flagged.resolve).toEqual([{ alarm: cleared, resolution: 'auto: condition cleared', resolvedBy: null }]);
    // a physician recorded RESTARTED: it closes in that physician's name
    const restart = { at: new Date('2026-03-09T14:30:00.000Z'), recordedBy: 'physician-1' };
    const restarted = reconcileAlarms(
      input({ stored: all, facts: { explanted: false, therapyInterrupted: false, restart } }),
    );
    expect(restarted.resolve).toEqual([
      { alarm: cleared, resolution: 'auto: condition cleared', resolvedBy: null },
      {
        alarm: interrupted,
        resolution: 'restarted: physician recorded RESTARTED at 2026-03-09T14:30:00.000Z',
        resolvedBy: 'physician-1',
      },
    ]);
    // the flag cleared without an event
    const unflagged = reconcileAlarms(input({ stored: [interrupted] }));
    expect(unflagged.resolve).toEqual([
      { alarm: interrupted, resolution: 'restarted: pump flag cleared', resolvedBy: null },
    ]);
    // an explanted pump's alarms close as such; the discrepancy still waits for its review
    const explanted = reconcileAlarms(
      input({ stored: [cleared, discrepancy], facts: { explanted: true, therapyInterrupted: false, restart: null } }),
    );
    expect(explanted.resolve).toEqual([{ alarm: cleared, resolution: 'auto: pump explanted', resolvedBy: null }]);
    expect(explanted.raise).toEqual([]);
  });

  it('escalates open critical alarms after 15 minutes and high ones after 4 hours, once', () => {
    const critical = stored('c', { code: 'LOW_RESERVOIR', priority: 'critical', raisedAt: ago(15) });
    const criticalYoung = stored('c2', { code: 'RESERVOIR_EMPTY', priority: 'critical', raisedAt: ago(14) });
    const high = stored('h', { code: 'REFILL_OVERDUE', priority: 'high', raisedAt: ago(240) });
    const highYoung = stored('h2', { code: 'MRI_CHECK_DUE', priority: 'high', raisedAt: ago(239) });
    const done = stored('e', { code: 'BATTERY_ERI_REACHED', priority: 'critical', raisedAt: ago(60), escalated: true });
    const acknowledged = stored('k', {
      code: 'DOSE_UNVERIFIED',
      priority: 'critical',
      raisedAt: ago(60),
      status: 'acknowledged',
    });
    const medium = stored('m', { code: 'REFILL_NOT_BOOKED', priority: 'medium', raisedAt: ago(10_000) });
    const all = [critical, criticalYoung, high, highYoung, done, acknowledged, medium];
    const r = reconcileAlarms(input({ desired: all.map((a) => want(a.code, a.priority)), stored: all }));
    expect(ids(r.escalate)).toEqual(['c', 'h']);
    expect(r.refresh).toEqual([]);
    // the clinic's policy sets the minutes
    const slower = reconcileAlarms(
      input({
        desired: all.map((a) => want(a.code, a.priority)),
        stored: all,
        policy: { ...DEFAULT_ALARM_POLICY, escalateCriticalMinutes: 16, escalateHighMinutes: 30 },
      }),
    );
    expect(ids(slower.escalate)).toEqual(['h', 'h2']);
  });

  it('judges escalation as the refresh leaves the alarm, and never escalates one it resolves', () => {
    // a snooze over: reopened, raised an hour ago, critical: due at once
    const reopened = stored('r', {
      code: 'LOW_RESERVOIR',
      priority: 'critical',
      status: 'snoozed',
      snoozedUntil: ago(1),
      raisedAt: ago(60),
    });
    // risen from medium to critical while open, raised 20 minutes ago
    const risen = stored('u', { code: 'REFILL_OVERDUE', priority: 'medium', raisedAt: ago(20) });
    // fallen from critical to medium: no longer escalates
    const fallen = stored('f', { code: 'MRI_CHECK_DUE', priority: 'critical', raisedAt: ago(60) });
    // no longer wanted: resolved, not escalated
    const gone = stored('g', { code: 'RESERVOIR_EMPTY', priority: 'critical', raisedAt: ago(60) });
    const r = reconcileAlarms(
      input({
        desired: [
          want('LOW_RESERVOIR', 'critical'),
          want('REFILL_OVERDUE', 'critical'),
          want('MRI_CHECK_DUE', 'medium'),
        ],
        stored: [reopened, risen, fallen, gone],
      }),
    );
    expect(r.refresh.map((c) => [c.alarm.id, c.action, c.priority, c.reopen, c.rose])).toEqual([
      ['r', 'alarm.reopen', 'critical', true, false],
      ['u', 'alarm.update', 'critical', false, true],
      ['f', 'alarm.update', 'medium', false, false],
    ]);
    expect(r.resolve.map((c) => c.alarm.id)).toEqual(['g']);
    expect(ids(r.escalate)).toEqual(['r', 'u']);
    // input untouched
    expect(reopened.status).toBe('snoozed');
    expect(risen.priority).toBe('medium');
  });
});
