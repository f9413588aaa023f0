/**
 * The `doseChange` kind: guard rails on a proposed programmed dose (ITB-REFERENCE §4).
 * Limits compare exact decimals so every boundary passes exactly at the limit.
 */
import { cmp, mul, sub } from '../decimal';
import type { Policy } from '../policy';
import { MS_PER_HOUR } from '../time';
import {
  DOSE_OVERRIDABLE_CODES,
  type DoseChangeInput,
  type DoseChangeModel,
  type DoseChangeOutput,
  type DoseErrorCode,
  type DoseOverridableCode,
  type DoseWarningCode,
  type SpasticityOrigin,
} from '../types';
import { validateDoseChangeInput } from '../validate';

const byCode = <T extends string>(codes: T[]): T[] => [...codes].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Mixed origin uses the (stricter) cerebral limit; a child's limit is never above the pediatric one. */
export function maxIncreasePct(origin: SpasticityOrigin, pediatric: boolean, policy: Policy): number {
  const originPct = origin === 'spinal' ? policy.maxIncreasePctSpinal : policy.maxIncreasePctCerebral;
  return pediatric ? Math.min(originPct, policy.maxIncreasePctPediatric) : originPct;
}

/** A changedAt/implantedAt in the future gives a negative elapsed time, so it counts as "too soon". */
function lessThanHoursAgo(nowMs: number, thenMs: number, hours: number): boolean {
  return nowMs - thenMs < hours * MS_PER_HOUR;
}

/** |proposed − current| / current × 100 > pct, exactly: |proposed − current| × 100 > pct × current. */
function changeExceedsPct(currentDose: number, proposed: number, pct: number): boolean {
  const change = proposed > currentDose ? sub(proposed, currentDose) : sub(currentDose, proposed);
  return cmp(mul(change, 100), mul(pct, currentDose)) > 0;
}

export function doseChangeFromModel(model: DoseChangeModel): DoseChangeOutput {
  if (!model.proposed.valid) return { accepted: false, errors: ['DOSE_INVALID'], overridden: [], warnings: [] };
  const { policy, current, nowMs } = model;
  const proposed = model.proposed.doseMcgPerDay;
  const errors: DoseErrorCode[] = [];
  const warnings: DoseWarningCode[] = [];
  const currentDose = current?.doseMcgPerDay ?? null;
  const isIncrease = currentDose !== null && proposed > currentDose;
  const isDecrease = currentDose !== null && proposed < currentDose;

  if (currentDose !== null && currentDose > 0 && proposed > 0) {
    const factor = policy.unitErrorFactor;
    if (cmp(proposed, mul(factor, currentDose)) >= 0 || cmp(mul(proposed, factor), currentDose) <= 0) {
      errors.push('DOSE_UNIT_SUSPECT');
    }
  }
  if (isIncrease && lessThanHoursAgo(nowMs, model.implantedAtMs, policy.noIncreaseAfterImplantHours)) {
    errors.push('INCREASE_TOO_SOON_AFTER_IMPLANT');
  }
  if (cmp(proposed, policy.maxDailyDoseMcg) > 0) errors.push('DOSE_ABOVE_MAXIMUM');
  if (proposed === 0) errors.push('DOSE_ZERO_WITHDRAWAL_RISK');
  if (currentDose !== null && currentDose > 0) {
    const limitPct = maxIncreasePct(model.spasticityOrigin, model.pediatric, policy);
    if (isIncrease && changeExceedsPct(currentDose, proposed, limitPct)) errors.push('DOSE_INCREASE_TOO_LARGE');
    if (isDecrease && proposed > 0 && changeExceedsPct(currentDose, proposed, policy.maxDecreasePct)) {
      errors.push('DOSE_DECREASE_TOO_LARGE');
    }
    if (isDecrease && changeExceedsPct(currentDose, proposed, policy.largeDecreasePct))
      warnings.push('DOSE_DECREASE_LARGE');
  }
  if (isIncrease && lessThanHoursAgo(nowMs, current!.changedAtMs, policy.minHoursBetweenIncreases)) {
    errors.push('DOSE_CHANGE_TOO_SOON');
  }
  if (cmp(proposed, policy.warnDailyDoseMcg) > 0 && (isIncrease || current === null)) warnings.push('DOSE_ABOVE_1000');

  const overridable = (code: DoseErrorCode): code is DoseOverridableCode =>
    (DOSE_OVERRIDABLE_CODES as readonly string[]).includes(code);
  const reasonGiven = (model.overrideReason ?? '').trim() !== '';
  const canOverride = reasonGiven && errors.every(overridable);
  const remaining = canOverride ? [] : errors;
  const overridden = canOverride ? errors.filter(overridable) : [];
  return {
    accepted: remaining.length === 0,
    errors: byCode(remaining),
    overridden: byCode(overridden),
    warnings: byCode(warnings),
  };
}

/** Validates (throws EngineError) and checks a proposed dose change. */
export function checkDoseChange(input: DoseChangeInput): DoseChangeOutput {
  return doseChangeFromModel(validateDoseChangeInput(input));
}
