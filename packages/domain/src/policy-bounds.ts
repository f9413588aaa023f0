/**
 * Bounds of a safe clinic policy: what an admin may save. The engine refuses only the few values that break
 * its own arithmetic or the v3 contract (see validate.ts); these bounds are stricter, so that no setting can
 * quietly switch a safety check off. Two principles:
 * - The dose guards' defaults are already the loosest values the drug labels and published practice support
 *   (docs/clinical/DOSE-AND-REFILL-RULES.md §1–§13): a clinic may make each guard stricter, never looser.
 *   Above them a physician still proceeds case by case with an override reason, which is the point of an
 *   override.
 * - Scheduling and alarm values are the clinic's own choice within sane ranges, so that a typo (a buffer of
 *   700 days, a warning window of 0) cannot flood the board or hide a refill.
 */
import { DEFAULT_POLICY, INTEGER_POLICY_FIELDS, POLICY_FIELDS, type Policy } from './policy';

export interface PolicyBound {
  min: number;
  /** Strictly greater than `min`. */
  exclusiveMin?: boolean;
  max: number;
  /** Why the range is what it is, for the admin screen and the clinical rules document. */
  why: string;
}

export const POLICY_BOUNDS: Readonly<Record<keyof Policy, PolicyBound>> = {
  bufferDays: { min: 1, max: 60, why: '0 would plan the refill on the day the pump alarms' },
  highRiskBufferDays: {
    min: 1,
    max: 90,
    why: 'a high-risk patient never gets less notice than others (checked against bufferDays)',
  },
  discrepancyNoiseMl: { min: 0, max: 1, why: 'syringe-reading noise; more than 1 mL is a finding, not noise' },
  discrepancyMaxMl: { min: 0, exclusiveMin: true, max: 2, why: 'practice investigates any difference beyond 2 mL' },
  worstCaseFactor: {
    min: 1,
    max: 2,
    why: 'below 1 the "worst case" would be slower than the programmed rate; 2 is a pump running at double rate',
  },
  worstCaseMarginDays: { min: 1, max: 30, why: 'the worst-case alarm must never fall on the due day itself' },
  maxRefillIntervalDays: { min: 1, max: 180, why: 'baclofen is labelled stable in the pump for up to 180 days' },
  notBookedMediumDays: { min: 0, max: 365, why: 'how early an unbooked refill is raised to medium' },
  notBookedHighDays: { min: 0, max: 365, why: 'raised to high later than to medium (checked against it)' },
  maxDailyDoseMcg: { min: 0, exclusiveMin: true, max: 2000, why: 'reported doses reach about 2000 mcg/day' },
  warnDailyDoseMcg: {
    min: 0,
    exclusiveMin: true,
    max: 1000,
    why: 'experience above 1000 mcg/day is limited (and the warning comes before the maximum)',
  },
  maxIncreasePctSpinal: { min: 0, exclusiveMin: true, max: 40, why: 'labelled titration for spinal origin' },
  maxIncreasePctCerebral: { min: 0, exclusiveMin: true, max: 20, why: 'labelled titration for cerebral origin' },
  maxIncreasePctPediatric: { min: 0, exclusiveMin: true, max: 15, why: 'labelled titration for children' },
  largeDecreasePct: {
    min: 0,
    exclusiveMin: true,
    max: 20,
    why: 'decreases beyond 10–20 % risk withdrawal symptoms (and the warning comes before the limit)',
  },
  maxDecreasePct: { min: 0, exclusiveMin: true, max: 50, why: 'halving the dose at once needs a reason' },
  minHoursBetweenIncreases: { min: 24, max: 168, why: 'the label allows at most one increase per 24 h' },
  noIncreaseAfterImplantHours: { min: 24, max: 168, why: 'the label allows no increase in the first 24 h' },
  unitErrorFactor: {
    min: 2,
    max: 10,
    why: 'above 10 a decimal slip passes; below 2 ordinary titration would be refused',
  },
  maxStartDoseMcgPerDay: {
    min: 0,
    exclusiveMin: true,
    max: 200,
    why: 'the labelled start is at most twice a 100 mcg screening dose',
  },
  restartFullDoseMaxHours: { min: 0, max: 48, why: 'only a short stop keeps tolerance to the previous dose' },
  restartFractionWithoutOverride: {
    min: 0,
    exclusiveMin: true,
    max: 0.5,
    why: 'after a longer stop, restart at about half the previous dose',
  },
  maxBolusPctOfDailyDose: {
    min: 0,
    exclusiveMin: true,
    max: 25,
    why: 'patient boluses add exposure every day; larger ones need a reason',
  },
  maxCumulativeIncreasePct30d: {
    min: 0,
    exclusiveMin: true,
    max: 50,
    why: 'more than 50 % in 30 days suggests pump or catheter failure',
  },
  minOverrideReasonChars: { min: 8, max: 500, why: 'an override needs a clinical reason, not a keystroke' },
  batteryEriSoonDays: {
    min: 90,
    max: 730,
    why: 'a replacement is planned at least 3 months before the battery ends',
  },
  synchroMedEriAgeMonths: {
    min: 1,
    max: 81,
    why: 'SynchroMed batteries stop by 7 years; warn at least 3 months before',
  },
};

/**
 * Why a policy value is refused: outside its own bounds (or not a usable number at all), or at odds with another
 * field it must stay below or above.
 */
export type PolicyProblemCode = 'POLICY_VALUE_OUT_OF_BOUNDS' | 'POLICY_VALUES_INCONSISTENT';

export interface PolicyProblem {
  field: keyof Policy;
  code: PolicyProblemCode;
  /** Plain words, starting with "must": shown after the field name. */
  problem: string;
}

/** The rule of one bounded setting in plain words, starting with "must" (also used for the alarm lifecycle). */
export function rangeWords(bound: PolicyBound, integer: boolean): string {
  const kind = integer ? 'a whole number' : 'a number';
  const low = bound.exclusiveMin ? `more than ${bound.min}` : `at least ${bound.min}`;
  return `must be ${kind}, ${low} and at most ${bound.max} (${bound.why})`;
}

/**
 * Every way the policy, with defaults filled in for absent fields, falls outside the bounds above: empty when
 * it is safe to save. Unknown keys are ignored (the caller decides about them). Never throws.
 */
export function policyProblems(partial: Partial<Policy> | Record<string, unknown> | null | undefined): PolicyProblem[] {
  const given = (partial ?? {}) as Record<string, unknown>;
  const problems: PolicyProblem[] = [];
  const effective: Record<string, number> = { ...DEFAULT_POLICY };
  const usable = new Set<keyof Policy>();
  for (const field of POLICY_FIELDS) {
    const value = given[field] ?? DEFAULT_POLICY[field];
    const bound = POLICY_BOUNDS[field];
    const integer = INTEGER_POLICY_FIELDS.has(field);
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (!integer || Number.isInteger(value)) &&
      (bound.exclusiveMin ? value > bound.min : value >= bound.min) &&
      value <= bound.max;
    if (ok) {
      effective[field] = value;
      usable.add(field);
    } else problems.push({ field, code: 'POLICY_VALUE_OUT_OF_BOUNDS', problem: rangeWords(bound, integer) });
  }
  // Relations, checked when both sides are themselves within bounds (else the field's own problem says enough).
  const relation = (field: keyof Policy, other: keyof Policy, holds: boolean, problem: string) => {
    if (usable.has(field) && usable.has(other) && !holds) {
      problems.push({ field, code: 'POLICY_VALUES_INCONSISTENT', problem });
    }
  };
  const p = effective as unknown as Policy;
  relation(
    'highRiskBufferDays',
    'bufferDays',
    p.highRiskBufferDays >= p.bufferDays,
    `must be at least bufferDays (${p.bufferDays}): a high-risk patient never gets less notice`,
  );
  relation(
    'discrepancyNoiseMl',
    'discrepancyMaxMl',
    p.discrepancyNoiseMl <= p.discrepancyMaxMl,
    `must be at most discrepancyMaxMl (${p.discrepancyMaxMl}): noise must not hide a difference to investigate`,
  );
  relation(
    'notBookedHighDays',
    'notBookedMediumDays',
    p.notBookedHighDays <= p.notBookedMediumDays,
    `must be at most notBookedMediumDays (${p.notBookedMediumDays}): high comes closer to the due date than medium`,
  );
  relation(
    'warnDailyDoseMcg',
    'maxDailyDoseMcg',
    p.warnDailyDoseMcg <= p.maxDailyDoseMcg,
    `must be at most maxDailyDoseMcg (${p.maxDailyDoseMcg}): the warning comes before the limit`,
  );
  relation(
    'largeDecreasePct',
    'maxDecreasePct',
    p.largeDecreasePct <= p.maxDecreasePct,
    `must be at most maxDecreasePct (${p.maxDecreasePct}): the warning comes before the limit`,
  );
  return problems;
}
