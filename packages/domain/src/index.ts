/** Public API of the PumpWatch clinical engine: pure functions, no I/O, no clock (`now` is always an input). */
export const ENGINE_VERSION = '0.1.0';

export { evaluate } from './evaluate';
export { computeStatus, reservoirNowMl, statusFromModel, statusProjection, type StatusProjection } from './status';
export { checkRefill, refillCheckFromModel, discrepancyThresholdMl } from './checks/refill-check';
export {
  refillGuardRefusals,
  REFILL_GUARD_CODES,
  type RefillGuardArgs,
  type RefillGuardCode,
} from './checks/refill-guards';
export {
  checkDoseChange,
  doseChangeFromModel,
  doseRuleFindings,
  applyOverride,
  maxIncreasePct,
  CUMULATIVE_WINDOW_HOURS,
  type DoseDirection,
  type DoseRuleFindings,
} from './checks/dose-change-check';
export { assessDoseChange, isDoseCodeOverridable, type DoseChangeAssessment } from './checks/dose-change-assess';
export { overrideReasonLength, isOverrideReasonSufficient } from './checks/override-reason';
export {
  doseChangeContext,
  DOSE_HISTORY_DAYS,
  type DoseChangeContext,
  type DoseChangeContextArgs,
} from './therapy/dose-context';
export {
  therapyAlarms,
  nextTherapyAlarmChangeAt,
  THERAPY_ALARM_CODES,
  THERAPY_ALARM_PRIORITY,
  POST_RESTART_WATCH_HOURS,
  type TherapyAlarm,
  type TherapyAlarmArgs,
  type TherapyAlarmCode,
} from './therapy/therapy-alarms';
export {
  INTERRUPTING_EVENT_TYPES,
  RESTART_EVENT_TYPE,
  type TherapyEvent,
  type TherapyProgram,
} from './therapy/timeline';
export { reservoirSeries, seriesFromModel, type ReservoirSeries, type SeriesOptions, type SeriesPoint } from './series';
export {
  isBatteryEriSoon,
  batteryStopDate,
  isMriCheckDue,
  deviceAlarms,
  ERI_TO_STOP_DAYS,
  SYNCHROMED_MODELS,
  type BatteryFacts,
  type DeviceFacts,
} from './battery';
export {
  programInForce,
  rateSegments,
  projectionSegments,
  reservoirAtMl,
  instantReachingLevel,
  projectionInstants,
  type RateSegment,
  type ProjectionInstants,
} from './projection';
export { refillDue, refillDueTerms, type RefillDue, type RefillDueArgs } from './due-date';
export {
  nextStatusAlarmChangeMs,
  nextStatusAlarmChangeAtMs,
  nextStatusAlarmChangeAt,
  nextStatusAlarmChangeFromParts,
  nextDeviceAlarmChangeAtMs,
  nextDeviceAlarmChangeAt,
} from './next-change';
export { statusAlarms, escalatePriority, applyHighRisk, sortAlarms, type StatusAlarmArgs } from './alarms';
export {
  flexDailyDoseMcg,
  programmedDoseMcgPerDay,
  planningDoseMcgPerDay,
  bolusAllowanceMcgPerDay,
  rateMlPerDay,
  MINUTES_PER_DAY,
} from './dosing';
export {
  validateStatusInput,
  validateRefillInput,
  validateDoseChangeInput,
  validateProjection,
  validatePolicy,
  DEFAULT_DRUG_LIBRARY,
} from './validate';
export { DEFAULT_POLICY, resolvePolicy, POLICY_FIELDS, INTEGER_POLICY_FIELDS, type Policy } from './policy';
export {
  policyProblems,
  POLICY_BOUNDS,
  type PolicyBound,
  type PolicyProblem,
  type PolicyProblemCode,
} from './policy-bounds';
export {
  checkClinicPolicy,
  CLINIC_POLICY_FIELDS,
  type ClinicPolicy,
  type PolicyRefusal,
  type PolicyRefusalCode,
} from './clinic-policy';
export { EngineError, isEngineError } from './errors';
export { isRecordInFuture, isTriageCallTooOld, RECORD_CLOCK_TOLERANCE_MS, TRIAGE_CALL_MAX_AGE_MS } from './record-time';
export { roundHalfAwayFromZero, roundVolumeMl, roundRateMlPerDay, roundPct, outputInstant } from './format';
export {
  parseInstant,
  formatInstant,
  localDate,
  addCalendarDays,
  startOfLocalDateMs,
  isValidTimeZone,
  MS_PER_DAY,
  MS_PER_HOUR,
} from './time';
export * from './types';
export * from './triage';
export { isoWeekday, clinicInstant, proposedRefillSlot, type ProposedSlotArgs } from './scheduling';
export {
  factAlarms,
  mergeAlarmDetails,
  PHYSICIAN_ONLY_CODES,
  type FactAlarm,
  type FactAlarmArgs,
  type FactAlarmFacts,
  type FactInstant,
} from './fact-alarms';
export {
  DEFAULT_ALARM_POLICY,
  ALARM_POLICY_BOUNDS,
  readAlarmPolicy,
  resolveAlarmPolicy,
  maxSnoozeHoursFor,
  escalationDueMs,
  type AlarmLifecyclePolicy,
  type AlarmPolicyBound,
  type AlarmPolicyProblem,
  type EscalatableAlarm,
} from './alarm-lifecycle';
