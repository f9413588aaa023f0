/**
 * Clinic policy: every clinical choice that is the clinic's to make is a setting, never a constant buried in code.
 * Defaults and meaning of each field: docs/clinical (docs/clinical/DOSE-AND-REFILL-RULES.md, PROJECTION-AND-ALARMS.md).
 */
export interface Policy {
  bufferDays: number;
  highRiskBufferDays: number;
  discrepancyNoiseMl: number;
  discrepancyMaxMl: number;
  worstCaseFactor: number;
  worstCaseMarginDays: number;
  maxRefillIntervalDays: number;
  notBookedMediumDays: number;
  notBookedHighDays: number;
  maxDailyDoseMcg: number;
  warnDailyDoseMcg: number;
  maxIncreasePctSpinal: number;
  maxIncreasePctCerebral: number;
  maxIncreasePctPediatric: number;
  largeDecreasePct: number;
  maxDecreasePct: number;
  minHoursBetweenIncreases: number;
  noIncreaseAfterImplantHours: number;
  unitErrorFactor: number;
  /** First programming without a screening dose: above this planning dose needs an override (v3). */
  maxStartDoseMcgPerDay: number;
  /** A restart at up to the previous dose is allowed without a reason only this soon after the stop began (v3). */
  restartFullDoseMaxHours: number;
  /** Otherwise a restart above this fraction of the previous dose needs a reason (v3). */
  restartFractionWithoutOverride: number;
  /** A single patient-activated bolus above this share of the programmed daily dose needs a reason (v3). */
  maxBolusPctOfDailyDose: number;
  /** Above this increase over the lowest dose of the last 30 days, check pump and catheter first (v3). */
  maxCumulativeIncreasePct30d: number;
  /** An override reason counts only with at least this many characters after trimming (v3). */
  minOverrideReasonChars: number;
  /** BATTERY_ERI_SOON when the expected battery end is within this many days. */
  batteryEriSoonDays: number;
  /** BATTERY_ERI_SOON for a SynchroMed pump older than this many months (6.5 years). */
  synchroMedEriAgeMonths: number;
}

export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({
  bufferDays: 7,
  highRiskBufferDays: 14,
  discrepancyNoiseMl: 0.5,
  discrepancyMaxMl: 2.0,
  worstCaseFactor: 1.145,
  worstCaseMarginDays: 1,
  maxRefillIntervalDays: 180,
  notBookedMediumDays: 21,
  notBookedHighDays: 7,
  maxDailyDoseMcg: 2000,
  warnDailyDoseMcg: 1000,
  maxIncreasePctSpinal: 40,
  maxIncreasePctCerebral: 20,
  maxIncreasePctPediatric: 15,
  largeDecreasePct: 20,
  maxDecreasePct: 50,
  minHoursBetweenIncreases: 24,
  noIncreaseAfterImplantHours: 24,
  unitErrorFactor: 10,
  maxStartDoseMcgPerDay: 200,
  restartFullDoseMaxHours: 48,
  restartFractionWithoutOverride: 0.5,
  maxBolusPctOfDailyDose: 25,
  maxCumulativeIncreasePct30d: 50,
  minOverrideReasonChars: 8,
  batteryEriSoonDays: 180,
  synchroMedEriAgeMonths: 78,
});

export const POLICY_FIELDS = Object.keys(DEFAULT_POLICY) as (keyof Policy)[];

/** Fields counted in whole calendar days or months (calendar arithmetic needs integers), or in characters. */
export const INTEGER_POLICY_FIELDS: ReadonlySet<keyof Policy> = new Set<keyof Policy>([
  'bufferDays',
  'highRiskBufferDays',
  'worstCaseMarginDays',
  'maxRefillIntervalDays',
  'notBookedMediumDays',
  'notBookedHighDays',
  'batteryEriSoonDays',
  'synchroMedEriAgeMonths',
  'minOverrideReasonChars',
]);

/** Defaults overlaid with the given fields; `undefined` fields keep the default. No validation (see validate.ts). */
export function resolvePolicy(partial?: Partial<Policy> | null): Policy {
  const policy: Policy = { ...DEFAULT_POLICY };
  if (!partial) return policy;
  for (const field of POLICY_FIELDS) {
    const value = partial[field];
    if (value !== undefined) policy[field] = value;
  }
  return policy;
}
