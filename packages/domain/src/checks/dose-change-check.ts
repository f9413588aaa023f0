/**
 * The `doseChange` kind: guard rails on a proposed dose program (docs/clinical/DOSE-AND-REFILL-RULES.md).
 * Every comparison uses planning doses (programmed + every allowed bolus, as exact decimals) against a reference
 * dose B: the current planning dose, or after a stop the last non-zero one. Boundaries pass exactly at the limit.
 */
import { add, cmp, mul, sub, toDecimal, toNumber, type Decimal } from '../decimal';
import type { Policy } from '../policy';
import { programInForce } from '../projection';
import { MS_PER_HOUR } from '../time';
import {
  DOSE_ALWAYS_BLOCKING_CODES,
  type DoseChangeInput,
  type DoseChangeModel,
  type DoseChangeOutput,
  type DoseErrorCode,
  type DoseLevelModel,
  type DoseWarningCode,
  type SpasticityOrigin,
} from '../types';
import { validateDoseChangeInput } from '../validate';
import { isOverrideReasonSufficient } from './override-reason';

/** The stacked-increase rule looks at the doses in force over the 30 days (720 h) before the change. */
export const CUMULATIVE_WINDOW_HOURS = 720;

const byCode = <T extends string>(codes: T[]): T[] => [...codes].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const isZero = (d: Decimal) => d.units === 0n;

/** Mixed origin uses the (stricter) cerebral limit; a child's limit is never above the pediatric one. */
export function maxIncreasePct(origin: SpasticityOrigin, pediatric: boolean, policy: Policy): number {
  const originPct = origin === 'spinal' ? policy.maxIncreasePctSpinal : policy.maxIncreasePctCerebral;
  return pediatric ? Math.min(originPct, policy.maxIncreasePctPediatric) : originPct;
}

/** Programmed + bolus × maximum boluses per day; a program without both bolus fields has no boluses. */
function planningOf(level: DoseLevelModel): Decimal {
  const { doseMcgPerDay, bolusDoseMcg, maxBolusesPerDay } = level;
  if (bolusDoseMcg === null || maxBolusesPerDay === null) return toDecimal(doseMcgPerDay);
  return add(doseMcgPerDay, mul(bolusDoseMcg, maxBolusesPerDay));
}

/** A time in the future gives a negative elapsed time, so it counts as "too soon". */
function lessThanHoursBefore(laterMs: number, earlierMs: number, hours: number): boolean {
  return laterMs - earlierMs < hours * MS_PER_HOUR;
}

/** |to − from| / from × 100 > pct, exactly: |to − from| × 100 > pct × from. */
function changeExceedsPct(from: Decimal, to: Decimal, pct: number): boolean {
  const change = cmp(to, from) > 0 ? sub(to, from) : sub(from, to);
  return cmp(mul(change, 100), mul(pct, from)) > 0;
}

/**
 * L: the lowest planning dose in force at any instant of the window before the proposed program takes effect
 * (history and current together: the one in force at the window's start and every later one up to the proposed
 * instant). Only the last of several programs taking effect at one instant is ever in force. Null without history.
 */
function lowestPlanningInWindow(model: DoseChangeModel): Decimal | null {
  if (model.history === null) return null;
  const entries = model.history.map((h) => ({ effectiveAtMs: h.effectiveAtMs, level: h as DoseLevelModel }));
  if (model.current) entries.push({ effectiveAtMs: model.current.changedAtMs, level: model.current });
  // Stable: on equal effectiveAt the later entry (current after history) is the one in force.
  const sorted = entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.effectiveAtMs - b.entry.effectiveAtMs || a.index - b.index)
    .map(({ entry }) => entry);
  const endMs = model.proposedEffectiveAtMs;
  const startMs = endMs - CUMULATIVE_WINDOW_HOURS * MS_PER_HOUR;
  const inForce = [programInForce(sorted, startMs)];
  sorted.forEach((entry, i) => {
    const overtaken = sorted[i + 1]?.effectiveAtMs === entry.effectiveAtMs;
    if (entry.effectiveAtMs > startMs && entry.effectiveAtMs <= endMs && !overtaken) inForce.push(entry);
  });
  let lowest: Decimal | null = null;
  for (const entry of inForce) {
    if (!entry) continue;
    const dose = planningOf(entry.level);
    if (lowest === null || cmp(dose, lowest) < 0) lowest = dose;
  }
  return lowest;
}

export type DoseDirection = 'increase' | 'decrease' | 'unchanged';

/** Everything the rules found for one proposal, before an override is applied. */
export interface DoseRuleFindings {
  /** Every guard that applies (sorted). */
  errors: DoseErrorCode[];
  warnings: DoseWarningCode[];
  /** Of `errors`, those no reason can lift in this situation (sorted). */
  nonOverridable: DoseErrorCode[];
  /** Of `errors`, those a sufficient reason lifts, provided `nonOverridable` is empty (sorted). */
  overridable: DoseErrorCode[];
  proposedPlanningDoseMcgPerDay: number | null;
  currentPlanningDoseMcgPerDay: number | null;
  /** B: the current planning dose when > 0, else the last non-zero one; null when there is none. */
  referenceDoseMcgPerDay: number | null;
  /** L of the 30-day rule; null without history or when no program was in force in the window. */
  lowestPlanningDose30dMcgPerDay: number | null;
  /** Compared with B; null for an invalid proposal or when there is no B. */
  direction: DoseDirection | null;
  /** No B and a proposal > 0: the start-dose limit applies. */
  firstStart: boolean;
  /** A dose > 0 after a stop (current programmed dose 0, or an open interruption). */
  restart: boolean;
  /** The interruption the restart rules used (given, or implied by a current 0), as epoch ms. */
  interruptionSinceMs: number | null;
  restartRecorded: boolean | null;
}

const INVALID: DoseRuleFindings = {
  errors: ['DOSE_INVALID'],
  warnings: [],
  nonOverridable: ['DOSE_INVALID'],
  overridable: [],
  proposedPlanningDoseMcgPerDay: null,
  currentPlanningDoseMcgPerDay: null,
  referenceDoseMcgPerDay: null,
  lowestPlanningDose30dMcgPerDay: null,
  direction: null,
  firstStart: false,
  restart: false,
  interruptionSinceMs: null,
  restartRecorded: null,
};

/** Applies every v3 rule to a validated proposal. */
export function doseRuleFindings(model: DoseChangeModel): DoseRuleFindings {
  if (!model.proposed.valid) return { ...INVALID, errors: ['DOSE_INVALID'], nonOverridable: ['DOSE_INVALID'] };
  const { policy, current, proposed } = model;
  const effectiveAtMs = model.proposedEffectiveAtMs;
  const errors: DoseErrorCode[] = [];
  const warnings: DoseWarningCode[] = [];

  const P = planningOf(proposed);
  const currentPlanning = current ? planningOf(current) : null;
  const lastNonZeroPlanning = model.lastNonZero ? planningOf(model.lastNonZero) : null;
  let B: Decimal | null = null;
  if (currentPlanning && !isZero(currentPlanning)) B = currentPlanning;
  else if (lastNonZeroPlanning && !isZero(lastNonZeroPlanning)) B = lastNonZeroPlanning;
  const proposesDose = !isZero(P);

  const direction: DoseDirection | null =
    B === null ? null : cmp(P, B) > 0 ? 'increase' : cmp(P, B) < 0 ? 'decrease' : 'unchanged';
  const firstStart = B === null && proposesDose;
  // A first start counts as an increase for the timing rules and the high-dose warning.
  const isIncrease = direction === 'increase' || firstStart;

  const currentStopped = current !== null && current.doseMcgPerDay === 0;
  const restart = proposed.doseMcgPerDay > 0 && (currentStopped || model.interruption !== null);
  // Without a recorded interruption, a current 0 is one that began when the 0 took effect, restart decided.
  const interruption =
    model.interruption ?? (currentStopped ? { sinceMs: current.changedAtMs, restartRecorded: true } : null);

  // 10×: a unit or decimal slip. Refused outright upwards; downwards a wrong high dose must stay correctable.
  let unitSuspect: 'increase' | 'decrease' | null = null;
  if (B !== null && proposesDose) {
    const factor = policy.unitErrorFactor;
    if (cmp(P, mul(factor, B)) >= 0) unitSuspect = 'increase';
    else if (cmp(mul(P, factor), B) <= 0) unitSuspect = 'decrease';
  }
  if (unitSuspect) errors.push('DOSE_UNIT_SUSPECT');

  if (isIncrease && lessThanHoursBefore(effectiveAtMs, model.implantedAtMs, policy.noIncreaseAfterImplantHours)) {
    errors.push('INCREASE_TOO_SOON_AFTER_IMPLANT');
  }
  if (cmp(P, policy.maxDailyDoseMcg) > 0) errors.push('DOSE_ABOVE_MAXIMUM');
  // Stopping delivery is a withdrawal risk whatever the boluses allow.
  if (proposed.doseMcgPerDay === 0) errors.push('DOSE_ZERO_WITHDRAWAL_RISK');

  if (B !== null) {
    const limitPct = maxIncreasePct(model.spasticityOrigin, model.pediatric, policy);
    if (direction === 'increase' && changeExceedsPct(B, P, limitPct)) errors.push('DOSE_INCREASE_TOO_LARGE');
    // A low restart dose is the safe choice: the decrease rules do not apply to a restart.
    if (direction === 'decrease' && !restart) {
      if (proposesDose && changeExceedsPct(B, P, policy.maxDecreasePct)) errors.push('DOSE_DECREASE_TOO_LARGE');
      if (changeExceedsPct(B, P, policy.largeDecreasePct)) warnings.push('DOSE_DECREASE_LARGE');
    }
  }
  if (
    isIncrease &&
    current !== null &&
    lessThanHoursBefore(effectiveAtMs, current.changedAtMs, policy.minHoursBetweenIncreases)
  ) {
    errors.push('DOSE_CHANGE_TOO_SOON');
  }

  if (restart && interruption) {
    // The physician's restart decision comes first (withdrawal versus overdose).
    if (!interruption.restartRecorded) errors.push('RESTART_NOT_RECORDED');
    // After a longer stop tolerance may be lost: restart at a fraction of the previous dose, or give a reason.
    if (B !== null && cmp(P, mul(policy.restartFractionWithoutOverride, B)) > 0) {
      const shortStop = effectiveAtMs - interruption.sinceMs <= policy.restartFullDoseMaxHours * MS_PER_HOUR;
      if (!(cmp(P, B) <= 0 && shortStop)) errors.push('RESTART_DOSE_NEEDS_REVIEW');
    }
  }

  if (firstStart) {
    // The labelled start is the effective screening dose, or twice it; without one, the policy's start limit.
    const limit =
      model.screeningDoseMcg !== null ? mul(2, model.screeningDoseMcg) : toDecimal(policy.maxStartDoseMcgPerDay);
    if (cmp(P, limit) > 0) errors.push('FIRST_DOSE_ABOVE_START_LIMIT');
  }

  if (proposed.bolusDoseMcg !== null) {
    // bolus > pct % of the programmed daily dose, exactly: bolus × 100 > pct × programmed.
    if (cmp(mul(proposed.bolusDoseMcg, 100), mul(policy.maxBolusPctOfDailyDose, proposed.doseMcgPerDay)) > 0) {
      errors.push('BOLUS_TOO_LARGE');
    }
  }

  const lowest = lowestPlanningInWindow(model);
  if (direction === 'increase' && lowest !== null && !isZero(lowest)) {
    // More than the allowed rise over the lowest dose of 30 days without effect: check pump and catheter first.
    if (cmp(mul(P, 100), mul(lowest, add(100, policy.maxCumulativeIncreasePct30d))) > 0) {
      errors.push('CUMULATIVE_INCREASE_TOO_LARGE');
    }
  }

  if (isIncrease && cmp(P, policy.warnDailyDoseMcg) > 0) warnings.push('DOSE_ABOVE_1000');

  const sorted = byCode(errors);
  const blocks = (code: DoseErrorCode) =>
    (DOSE_ALWAYS_BLOCKING_CODES as readonly string[]).includes(code) ||
    (code === 'DOSE_UNIT_SUSPECT' && unitSuspect === 'increase');
  return {
    errors: sorted,
    warnings: byCode(warnings),
    nonOverridable: sorted.filter(blocks),
    overridable: sorted.filter((code) => !blocks(code)),
    proposedPlanningDoseMcgPerDay: toNumber(P),
    currentPlanningDoseMcgPerDay: currentPlanning && toNumber(currentPlanning),
    referenceDoseMcgPerDay: B && toNumber(B),
    lowestPlanningDose30dMcgPerDay: lowest && toNumber(lowest),
    direction,
    firstStart,
    restart,
    interruptionSinceMs: restart && interruption ? interruption.sinceMs : null,
    restartRecorded: restart && interruption ? interruption.restartRecorded : null,
  };
}

/**
 * The override: a reason long enough (policy.minOverrideReasonChars code points after trimming) moves every
 * error to `overridden`, provided none of them is non-overridable here; otherwise nothing moves.
 */
export function applyOverride(findings: DoseRuleFindings, reason: string | null, policy: Policy): DoseChangeOutput {
  const canOverride = isOverrideReasonSufficient(reason, policy) && findings.nonOverridable.length === 0;
  const errors = canOverride ? [] : findings.errors;
  return {
    accepted: errors.length === 0,
    errors: [...errors],
    overridden: canOverride ? [...findings.errors] : [],
    warnings: [...findings.warnings],
  };
}

export function doseChangeFromModel(model: DoseChangeModel): DoseChangeOutput {
  return applyOverride(doseRuleFindings(model), model.overrideReason, model.policy);
}

/** Validates (throws EngineError) and checks a proposed dose change. */
export function checkDoseChange(input: DoseChangeInput): DoseChangeOutput {
  return doseChangeFromModel(validateDoseChangeInput(input));
}
