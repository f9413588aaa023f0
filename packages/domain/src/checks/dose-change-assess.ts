/**
 * The dose check explained, for the screens and the API: which guards apply, which of them an override reason
 * would lift for this very proposal, and the doses the rules compared (planning, reference, 30-day lowest).
 */
import { formatInstant, MS_PER_HOUR } from '../time';
import {
  DOSE_ALWAYS_BLOCKING_CODES,
  DOSE_OVERRIDABLE_ON_DECREASE_CODES,
  type DoseChangeInput,
  type DoseChangeOutput,
  type DoseErrorCode,
} from '../types';
import { validateDoseChangeInput } from '../validate';
import { applyOverride, doseRuleFindings, type DoseDirection } from './dose-change-check';
import { isOverrideReasonSufficient } from './override-reason';

export interface DoseChangeAssessment {
  /** Exactly what checkDoseChange returns for the same input. */
  output: DoseChangeOutput;
  /** Every guard that applies before any override (sorted). */
  findings: DoseErrorCode[];
  /** Of `findings`, those no reason can lift for this proposal: while any is present nothing is overridden. */
  nonOverridable: DoseErrorCode[];
  /** Of `findings`, those a sufficient reason lifts (all at once) when `nonOverridable` is empty. */
  overridable: DoseErrorCode[];
  /** The policy's minimum reason length (Unicode code points after trimming). */
  minOverrideReasonChars: number;
  /** Whether the reason given (if any) is long enough to count. */
  reasonSufficient: boolean;
  proposedPlanningDoseMcgPerDay: number | null;
  currentPlanningDoseMcgPerDay: number | null;
  /** B: what increases, decreases and the restart fraction are measured against. */
  referenceDoseMcgPerDay: number | null;
  lowestPlanningDose30dMcgPerDay: number | null;
  direction: DoseDirection | null;
  firstStart: boolean;
  restart: boolean;
  /** The interruption the restart rules used, and how long before the proposed program takes effect it began. */
  interruptionSince: string | null;
  interruptionHours: number | null;
  restartRecorded: boolean | null;
}

/** Validates (throws EngineError) and explains a proposed dose change. */
export function assessDoseChange(input: DoseChangeInput): DoseChangeAssessment {
  const model = validateDoseChangeInput(input);
  const f = doseRuleFindings(model);
  const sinceMs = f.interruptionSinceMs;
  return {
    output: applyOverride(f, model.overrideReason, model.policy),
    findings: f.errors,
    nonOverridable: f.nonOverridable,
    overridable: f.overridable,
    minOverrideReasonChars: model.policy.minOverrideReasonChars,
    reasonSufficient: isOverrideReasonSufficient(model.overrideReason, model.policy),
    proposedPlanningDoseMcgPerDay: f.proposedPlanningDoseMcgPerDay,
    currentPlanningDoseMcgPerDay: f.currentPlanningDoseMcgPerDay,
    referenceDoseMcgPerDay: f.referenceDoseMcgPerDay,
    lowestPlanningDose30dMcgPerDay: f.lowestPlanningDose30dMcgPerDay,
    direction: f.direction,
    firstStart: f.firstStart,
    restart: f.restart,
    interruptionSince: sinceMs === null ? null : formatInstant(sinceMs),
    interruptionHours: sinceMs === null ? null : (model.proposedEffectiveAtMs - sinceMs) / MS_PER_HOUR,
    restartRecorded: f.restartRecorded,
  };
}

/**
 * Whether a reason can lift `code` at all, given the proposal's direction against the reference dose: the
 * 10× guard (DOSE_UNIT_SUSPECT) is overridable only for a decrease. Beside a non-overridable code nothing is
 * lifted; assessDoseChange answers for a whole proposal.
 */
export function isDoseCodeOverridable(code: DoseErrorCode, proposalIsDecrease: boolean): boolean {
  if ((DOSE_ALWAYS_BLOCKING_CODES as readonly string[]).includes(code)) return false;
  if ((DOSE_OVERRIDABLE_ON_DECREASE_CODES as readonly string[]).includes(code)) return proposalIsDecrease;
  return true;
}
