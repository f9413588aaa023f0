/**
 * Device-fact rules (docs/clinical/PROJECTION-AND-ALARMS.md §2, §7) as pure functions for the alarm engine:
 * battery end of life and the post-MRI interrogation check.
 */
import { applyHighRisk, sortAlarms } from './alarms';
import { EngineError } from './errors';
import { resolvePolicy, type Policy } from './policy';
import { addCalendarDays, addCalendarMonthsUtc, assertTimeZone, compareDates, localDate, parseInstant } from './time';
import { FACT_ALARM_PRIORITY, type Alarm, type FactAlarmCode, type PumpModel } from './types';

/** After the ERI alarm a SynchroMed stops within 90 days [label]: ERI + 90 days is treated like an empty date. */
export const ERI_TO_STOP_DAYS = 90;

/**
 * Models with the SynchroMed 5–7-year battery. SynchroMed III is included because its labelling gives it
 * the same battery as II (the safer reading of "SynchroMed II older than 6.5 years").
 */
export const SYNCHROMED_MODELS: readonly PumpModel[] = ['SYNCHROMED_II', 'SYNCHROMED_III'];

export interface BatteryFacts {
  now: string;
  timeZone: string;
  pumpModel?: PumpModel | null;
  implantedAt?: string | null;
  /** From the latest interrogation printout. */
  expectedBatteryEndAt?: string | null;
}

/** Expected battery end within `batteryEriSoonDays` calendar days (or past), or a SynchroMed older than 6.5 years. */
export function isBatteryEriSoon(facts: BatteryFacts, policy: Policy = resolvePolicy()): boolean {
  assertTimeZone(facts.timeZone);
  const nowMs = parseInstant(facts.now, 'now');
  if (facts.expectedBatteryEndAt) {
    const endDate = localDate(parseInstant(facts.expectedBatteryEndAt, 'expectedBatteryEndAt'), facts.timeZone);
    const limitDate = addCalendarDays(localDate(nowMs, facts.timeZone), policy.batteryEriSoonDays);
    if (compareDates(endDate, limitDate) <= 0) return true;
  }
  if (facts.pumpModel && SYNCHROMED_MODELS.includes(facts.pumpModel) && facts.implantedAt) {
    const implantedAtMs = parseInstant(facts.implantedAt, 'implantedAt');
    if (nowMs > addCalendarMonthsUtc(implantedAtMs, policy.synchroMedEriAgeMonths)) return true;
  }
  return false;
}

/** Local date by which the pump will have stopped: local date of the ERI + 90 calendar days. */
export function batteryStopDate(eriRecordedAt: string, timeZone: string): string {
  assertTimeZone(timeZone);
  return addCalendarDays(localDate(parseInstant(eriRecordedAt, 'eriRecordedAt'), timeZone), ERI_TO_STOP_DAYS);
}

/** An MRI is recorded and no interrogation happened strictly after the latest one (the motor may be stalled). */
export function isMriCheckDue(mriAt: readonly string[], interrogatedAt: readonly string[]): boolean {
  if (mriAt.length === 0) return false;
  const latestMriMs = Math.max(...mriAt.map((at, i) => parseInstant(at, `mriAt[${i}]`)));
  return !interrogatedAt.some((at, i) => parseInstant(at, `interrogatedAt[${i}]`) > latestMriMs);
}

export interface DeviceFacts extends BatteryFacts {
  eriRecordedAt?: string | null;
  mriAt?: readonly string[] | null;
  interrogatedAt?: readonly string[] | null;
  highRisk?: boolean | null;
  policy?: Partial<Policy> | null;
}

/** BATTERY_ERI_SOON, BATTERY_ERI_REACHED and MRI_CHECK_DUE with high-risk escalation, sorted. */
export function deviceAlarms(facts: DeviceFacts): Alarm<FactAlarmCode>[] {
  if (typeof facts !== 'object' || facts === null) throw new EngineError('INVALID_INPUT', 'facts must be an object');
  const policy = resolvePolicy(facts.policy);
  const alarms: Alarm<FactAlarmCode>[] = [];
  const add = (code: FactAlarmCode) => alarms.push({ code, priority: FACT_ALARM_PRIORITY[code] });
  if (isBatteryEriSoon(facts, policy)) add('BATTERY_ERI_SOON');
  if (facts.eriRecordedAt) {
    parseInstant(facts.eriRecordedAt, 'eriRecordedAt');
    add('BATTERY_ERI_REACHED');
  }
  if (isMriCheckDue(facts.mriAt ?? [], facts.interrogatedAt ?? [])) add('MRI_CHECK_DUE');
  return sortAlarms(applyHighRisk(alarms, facts.highRisk === true));
}
