import {
  assessDoseChange,
  isEngineError,
  isOverrideReasonSufficient,
  resolvePolicy,
  type DoseChangeAssessment,
  type DoseChangeOutput,
  type DoseErrorCode,
  type Policy,
} from '@pumpwatch/domain';
import { useMemo } from 'react';
import type { DoseChangeContextDto } from '../api/dose-programs';
import { joinOverrideReasons, type Proposal } from './dose-form-model';

export interface DoseCheck {
  /** The guards as they stand before any reason: which apply, which a reason could lift. */
  assessment: DoseChangeAssessment;
  /** What the server will answer for the reasons typed so far. */
  output: DoseChangeOutput;
  /** Overridable guards whose own reason is still too short (each one needs its own). */
  reasonsMissing: DoseErrorCode[];
  /** "CODE: reason; …" once every overridable guard has its reason; what the API is sent. */
  overrideReason: string | null;
  policy: Policy;
}

export type DoseCheckResult = { check: DoseCheck; failure: null } | { check: null; failure: string | null };

/**
 * The live check: the same engine and the same context the server uses (GET dose-change-context), on the
 * proposal typed so far, measured where the program takes effect.
 */
export function useDoseCheck(
  context: DoseChangeContextDto,
  proposal: Proposal,
  effectiveAtIso: string | null,
  reasons: Record<string, string | undefined>,
): DoseCheckResult {
  return useMemo((): DoseCheckResult => {
    if (proposal.problem || proposal.programmedMcgPerDay === null) return { check: null, failure: null };
    const policy = resolvePolicy(context.policy);
    const base = {
      ...context,
      kind: 'doseChange' as const,
      proposedDoseMcgPerDay: proposal.programmedMcgPerDay,
      proposedBolusDoseMcg: proposal.bolusDoseMcg ?? undefined,
      proposedMaxBolusesPerDay: proposal.maxBolusesPerDay ?? undefined,
      proposedEffectiveAt: effectiveAtIso ?? context.now,
    };
    try {
      const assessment = assessDoseChange({ ...base, override: null });
      const liftable = assessment.nonOverridable.length === 0 ? assessment.overridable : [];
      const reasonsMissing = liftable.filter((c) => !isOverrideReasonSufficient(reasons[c], policy));
      const overrideReason =
        liftable.length > 0 && reasonsMissing.length === 0 ? joinOverrideReasons(liftable, reasons) : null;
      const output = overrideReason
        ? assessDoseChange({ ...base, override: { reason: overrideReason } }).output
        : assessment.output;
      return { check: { assessment, output, reasonsMissing, overrideReason, policy }, failure: null };
    } catch (e) {
      // The server would refuse the same input: say so rather than show a green light.
      const message = isEngineError(e) ? e.message : 'The dose check could not run.';
      return { check: null, failure: message };
    }
  }, [context, proposal, effectiveAtIso, reasons]);
}
