/** Status alarms derived from the projection, with high-risk escalation and the contract's sort order. */
import type { Policy } from './policy';
import { addCalendarDays, compareDates, localDate } from './time';
import { ALARM_PRIORITIES, type Alarm, type AlarmCode, type AlarmPriority, type StatusAlarmCode } from './types';

/** One level up (low→medium→high→critical), capped at critical: high-risk patients tolerate no delay. */
export function escalatePriority(priority: AlarmPriority): AlarmPriority {
  const index = ALARM_PRIORITIES.indexOf(priority);
  return ALARM_PRIORITIES[Math.max(0, index - 1)];
}

export function applyHighRisk<C extends AlarmCode>(alarms: Alarm<C>[], highRisk: boolean): Alarm<C>[] {
  return highRisk ? alarms.map((alarm) => ({ ...alarm, priority: escalatePriority(alarm.priority) })) : alarms;
}

const PRIORITY_RANK = Object.fromEntries(ALARM_PRIORITIES.map((priority, i) => [priority, i])) as Record<
  AlarmPriority,
  number
>;

/** Critical first, then by code (plain code-unit order, locale independent). */
export function sortAlarms<C extends AlarmCode>(alarms: Alarm<C>[]): Alarm<C>[] {
  if (alarms.length < 2) return [...alarms];
  return [...alarms].sort((a, b) => {
    const byPriority = PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority];
    if (byPriority !== 0) return byPriority;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}

export interface StatusAlarmArgs {
  nowMs: number;
  timeZone: string;
  refillDueDate: string;
  lowReservoirAlarmAtMs: number | null;
  worstCaseLowReservoirAlarmAtMs: number | null;
  projectedEmptyAtMs: number | null;
  appointmentAtMs: number | null;
  highRisk: boolean;
  policy: Policy;
}

const reached = (nowMs: number, atMs: number | null): boolean => atMs !== null && nowMs >= atMs;

export function statusAlarms(args: StatusAlarmArgs): Alarm<StatusAlarmCode>[] {
  const { nowMs, timeZone, refillDueDate: due, policy } = args;
  const today = localDate(nowMs, timeZone);
  const alarms: Alarm<StatusAlarmCode>[] = [];
  const add = (code: StatusAlarmCode, priority: AlarmPriority) => alarms.push({ code, priority });

  // reservoir(now) ≤ 0 ⇔ now ≥ projected empty instant (the projection is non-increasing).
  if (reached(nowMs, args.projectedEmptyAtMs)) add('RESERVOIR_EMPTY', 'critical');
  if (reached(nowMs, args.lowReservoirAlarmAtMs)) add('LOW_RESERVOIR', 'critical');

  const overdue = compareDates(today, due) > 0;
  if (overdue) add('REFILL_OVERDUE', reached(nowMs, args.worstCaseLowReservoirAlarmAtMs) ? 'critical' : 'high');

  if (args.appointmentAtMs !== null) {
    // A past appointment still counts as booked: missed appointments are the alarm engine's.
    const afterAlarm =
      args.worstCaseLowReservoirAlarmAtMs !== null && args.appointmentAtMs >= args.worstCaseLowReservoirAlarmAtMs;
    if (afterAlarm) add('APPOINTMENT_AFTER_ALARM', 'high');
    else if (compareDates(localDate(args.appointmentAtMs, timeZone), due) > 0)
      add('APPOINTMENT_AFTER_DUE_DATE', 'medium');
  } else if (!overdue) {
    if (compareDates(today, addCalendarDays(due, -policy.notBookedHighDays)) >= 0) add('REFILL_NOT_BOOKED', 'high');
    else if (compareDates(today, addCalendarDays(due, -policy.notBookedMediumDays)) >= 0)
      add('REFILL_NOT_BOOKED', 'medium');
    else add('REFILL_NOT_BOOKED', 'low');
  }

  return sortAlarms(applyHighRisk(alarms, args.highRisk));
}
