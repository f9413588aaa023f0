/**
 * When the engine's alarms can next change with time alone (no input change): the alarm evaluator re-runs a
 * pump at that instant instead of every sweep. Each function returns the earliest candidate instant strictly
 * after `now` at which a now-dependent rule can flip, or null when none ever can. Candidates are conservative:
 * at the returned instant the alarms may or may not differ (a candidate can be irrelevant to the current
 * alarms, e.g. a not-booked threshold while an appointment is booked); strictly before it they cannot.
 */
import { isBatteryEriSoon, SYNCHROMED_MODELS, type DeviceFacts } from './battery';
import { refillDueOfModel } from './due-date';
import { isEngineError } from './errors';
import { resolvePolicy, type Policy } from './policy';
import { projectionInstants, projectionSegments, type ProjectionInstants } from './projection';
import { addCalendarDays, addCalendarMonthsUtc, localDate, parseInstant, startOfLocalDateMs } from './time';
import type { StatusModel } from './types';
import { validateStatusInput } from './validate';

/** Smallest candidate strictly after nowMs, or null. */
function earliestAfter(nowMs: number, candidates: (number | null)[]): number | null {
  let best: number | null = null;
  for (const c of candidates) if (c !== null && c > nowMs && (best === null || c < best)) best = c;
  return best;
}

/**
 * statusAlarms' dependence on now, given the instants and due date (which do not depend on now):
 * RESERVOIR_EMPTY / LOW_RESERVOIR / REFILL_OVERDUE's critical split switch at their crossing instants (now ≥ at);
 * REFILL_OVERDUE starts on the local day after the due date; REFILL_NOT_BOOKED turns high, medium at the
 * local start of (due − notBookedHighDays), (due − notBookedMediumDays). APPOINTMENT_AFTER_* compare the
 * appointment with the due date and worst-case instant only: no dependence on now.
 */
export function nextStatusAlarmChangeFromParts(
  nowMs: number,
  timeZone: string,
  policy: Policy,
  refillDueDate: string,
  instants: ProjectionInstants,
): number | null {
  const dayStart = (date: string) => startOfLocalDateMs(date, timeZone);
  // Only day starts after today's can be ahead: skip the tz work for the others.
  const today = localDate(nowMs, timeZone);
  const future = (date: string) => (date > today ? dayStart(date) : null);
  return earliestAfter(nowMs, [
    instants.projectedEmptyAtMs,
    instants.lowReservoirAlarmAtMs,
    instants.worstCaseLowReservoirAlarmAtMs,
    future(addCalendarDays(refillDueDate, 1)),
    future(addCalendarDays(refillDueDate, -policy.notBookedHighDays)),
    future(addCalendarDays(refillDueDate, -policy.notBookedMediumDays)),
  ]);
}

/**
 * Earliest instant after model.nowMs at which statusFromModel(model with a later now).alarms can differ.
 * Everything else statusFromModel computes from now (the program in force, reservoirNowMl) does not feed the
 * alarms; the projection segments start at lastRefill.at and already include future programs.
 */
export function nextStatusAlarmChangeMs(model: StatusModel): number | null {
  const instants = projectionInstants(model, projectionSegments(model));
  const due = refillDueOfModel(model, instants);
  return nextStatusAlarmChangeFromParts(model.nowMs, model.timeZone, model.policy, due.refillDueDate, instants);
}

/**
 * For raw status input, validation included: the one validation rule that reads now is "now before
 * lastRefill.at" (a refill recorded ahead of time), which stops failing at lastRefill.at; every other rule
 * fails or passes whatever now is, so an input invalid for another reason never changes (null).
 */
export function nextStatusAlarmChangeAtMs(input: unknown): number | null {
  try {
    return nextStatusAlarmChangeMs(validateStatusInput(input));
  } catch (e) {
    if (!isEngineError(e)) throw e;
    const raw = input as { now?: unknown; lastRefill?: { at?: unknown } } | null;
    try {
      const nowMs = parseInstant(String(raw?.now));
      const refillAtMs = parseInstant(String(raw?.lastRefill?.at));
      return refillAtMs > nowMs ? refillAtMs : null;
    } catch {
      return null;
    }
  }
}

/** nextStatusAlarmChangeAtMs as an ISO instant (millisecond precision), or null. */
export function nextStatusAlarmChangeAt(input: unknown): string | null {
  const ms = nextStatusAlarmChangeAtMs(input);
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * deviceAlarms' dependence on now: BATTERY_ERI_SOON starts on the local day (expected end − batteryEriSoonDays),
 * or for a SynchroMed 1 ms after implant + synchroMedEriAgeMonths (strict "older than"). BATTERY_ERI_REACHED
 * and MRI_CHECK_DUE depend on recorded facts only. Exact: at the returned instant the alarms do change.
 */
export function nextDeviceAlarmChangeAtMs(facts: DeviceFacts): number | null {
  const policy = resolvePolicy(facts.policy);
  const nowMs = parseInstant(facts.now, 'now');
  // Both rules only ever switch the alarm on, and either suffices: once on, it stays on.
  if (isBatteryEriSoon(facts, policy)) return null;
  const candidates: (number | null)[] = [];
  if (facts.expectedBatteryEndAt) {
    const endDate = localDate(parseInstant(facts.expectedBatteryEndAt, 'expectedBatteryEndAt'), facts.timeZone);
    candidates.push(startOfLocalDateMs(addCalendarDays(endDate, -policy.batteryEriSoonDays), facts.timeZone));
  }
  if (facts.pumpModel && SYNCHROMED_MODELS.includes(facts.pumpModel) && facts.implantedAt) {
    const implantedAtMs = parseInstant(facts.implantedAt, 'implantedAt');
    candidates.push(addCalendarMonthsUtc(implantedAtMs, policy.synchroMedEriAgeMonths) + 1);
  }
  return earliestAfter(nowMs, candidates);
}

/** nextDeviceAlarmChangeAtMs as an ISO instant, or null. */
export function nextDeviceAlarmChangeAt(facts: DeviceFacts): string | null {
  const ms = nextDeviceAlarmChangeAtMs(facts);
  return ms === null ? null : new Date(ms).toISOString();
}
