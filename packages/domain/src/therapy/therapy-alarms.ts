/**
 * Alarms about delivery itself, from the programs and pump events (docs/clinical/DOSE-AND-REFILL-RULES.md §13): a
 * programmed stop is a standing withdrawal risk, and a pump restarted after a stop is watched for over-infusion
 * for its first days.
 */
import { escalatePriority } from '../alarms';
import { programInForce } from '../projection';
import { MS_PER_HOUR } from '../time';
import { ALARM_PRIORITIES, THERAPY_ALARM_CODE_LIST, type AlarmPriority } from '../types';
import {
  instantMs,
  isInterrupting,
  orderedEvents,
  orderedPrograms,
  programsInForceOrder,
  type TherapyEvent,
  type TherapyProgram,
  type TimedProgram,
} from './timeline';

export const THERAPY_ALARM_CODES = THERAPY_ALARM_CODE_LIST;
export type TherapyAlarmCode = (typeof THERAPY_ALARM_CODES)[number];

/** Before the high-risk escalation (one level up, as for every alarm). */
export const THERAPY_ALARM_PRIORITY: Readonly<Record<TherapyAlarmCode, AlarmPriority>> = {
  THERAPY_STOPPED: 'high',
  POST_RESTART_WATCH: 'medium',
};

/** How long a restarted pump is watched for over-infusion. */
export const POST_RESTART_WATCH_HOURS = 72;

export interface TherapyAlarmArgs {
  programs: readonly TherapyProgram[];
  events: readonly TherapyEvent[];
  now: string | Date;
  highRisk?: boolean | null;
}

/**
 * Details depend on the records only (never on `now`), so that re-evaluating unchanged records gives equal
 * alarms. Instants are ISO strings with milliseconds.
 */
export type TherapyAlarm =
  | { code: 'THERAPY_STOPPED'; priority: AlarmPriority; details: { stoppedSince: string } }
  | { code: 'POST_RESTART_WATCH'; priority: AlarmPriority; details: { restartAt: string; watchUntil: string } };

const iso = (ms: number) => new Date(ms).toISOString();
const WATCH_MS = POST_RESTART_WATCH_HOURS * MS_PER_HOUR;
const dose = (p: TimedProgram) => p.program.programmedDoseMcgPerDay;

/**
 * Programs with a dose > 0 that restart delivery: the program in force before them was 0 mcg/day, or an
 * interruption (stopped pump, empty reservoir, motor stall) began at or after the previous program with a
 * dose > 0 took effect and no later than this one. Returned as effectiveAt instants, in order.
 */
function restartInstants(inForce: readonly TimedProgram[], events: readonly TherapyEvent[]): number[] {
  const stops = orderedEvents(events).filter((e) => isInterrupting(e.type));
  const out: number[] = [];
  let previousNonZeroMs: number | null = null;
  inForce.forEach((p, i) => {
    if (dose(p) <= 0) return;
    const afterZero = i > 0 && dose(inForce[i - 1]) === 0;
    const since = previousNonZeroMs;
    // A stop at the very instant the previous program took effect was closed by it (at or after counts).
    const afterStop = since !== null && stops.some((s) => s.atMs > since && s.atMs <= p.effectiveAtMs);
    if (afterZero || afterStop) out.push(p.effectiveAtMs);
    previousNonZeroMs = p.effectiveAtMs;
  });
  return out;
}

function priority(code: TherapyAlarmCode, highRisk: boolean): AlarmPriority {
  const base = THERAPY_ALARM_PRIORITY[code];
  return highRisk ? escalatePriority(base) : base;
}

export function therapyAlarms(args: TherapyAlarmArgs): TherapyAlarm[] {
  const nowMs = instantMs(args.now, 'now');
  const highRisk = args.highRisk ?? false;
  const inForce = programsInForceOrder(orderedPrograms(args.programs));
  const alarms: TherapyAlarm[] = [];

  const current = programInForce(inForce, nowMs);
  if (current && dose(current) === 0) {
    // Dated from the first of consecutive 0 programs: that is when delivery stopped.
    let k = inForce.indexOf(current);
    while (k > 0 && dose(inForce[k - 1]) === 0) k--;
    alarms.push({
      code: 'THERAPY_STOPPED',
      priority: priority('THERAPY_STOPPED', highRisk),
      details: { stoppedSince: iso(inForce[k].effectiveAtMs) },
    });
  }

  const restartMs = restartInstants(inForce, args.events)
    .filter((ms) => ms <= nowMs)
    .pop();
  if (restartMs !== undefined && nowMs < restartMs + WATCH_MS) {
    alarms.push({
      code: 'POST_RESTART_WATCH',
      priority: priority('POST_RESTART_WATCH', highRisk),
      details: { restartAt: iso(restartMs), watchUntil: iso(restartMs + WATCH_MS) },
    });
  }
  return alarms.sort(
    (a, b) => ALARM_PRIORITIES.indexOf(a.priority) - ALARM_PRIORITIES.indexOf(b.priority) || (a.code < b.code ? -1 : 1),
  );
}

/**
 * The earliest instant after `now` at which therapyAlarms can change with time alone (a program taking effect, a
 * watch ending), or null: the alarm sweep re-evaluates the pump then. New records change it too, of course.
 */
export function nextTherapyAlarmChangeAt(args: Omit<TherapyAlarmArgs, 'highRisk'>): string | null {
  const nowMs = instantMs(args.now, 'now');
  const inForce = programsInForceOrder(orderedPrograms(args.programs));
  const candidates = [
    ...inForce.map((p) => p.effectiveAtMs),
    ...restartInstants(inForce, args.events).map((ms) => ms + WATCH_MS),
  ].filter((ms) => ms > nowMs);
  return candidates.length ? iso(Math.min(...candidates)) : null;
}
