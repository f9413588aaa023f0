/**
 * The nurse's confirmations a refill needs before it is recorded, on top of the engine's refill check
 * (docs/clinical/DOSE-AND-REFILL-RULES.md): they turn the check's findings into refusals.
 */

/** Refusal codes of the refill guards, most urgent first. */
export const REFILL_GUARD_CODES = [
  'BRIDGE_BOLUS_MISSING',
  'CONCENTRATION_CHANGE_UNCONFIRMED',
  'DISCREPANCY_NOT_ACKNOWLEDGED',
] as const;
export type RefillGuardCode = (typeof REFILL_GUARD_CODES)[number];

export interface RefillGuardArgs {
  /** The refill check's warnings (CONCENTRATION_CHANGED among them when the strength changes). */
  warnings: readonly string[];
  /** The refill check's discrepancy classification (NONE within the threshold). */
  discrepancy: string;
  /** The pump's first fill: there is no previous fill to compare the residual with. */
  initialFill: boolean;
  bridgeBolusMcg?: number | null;
  concentrationChangeConfirmed?: boolean | null;
  discrepancyAcknowledged?: boolean | null;
}

/**
 * Every guard the refill fails, most urgent first (empty: it may be recorded).
 * - A concentration change leaves the old drug in the catheter: at the new strength the patient gets too much
 *   or too little until it is flushed, so a bridge bolus of more than 0 mcg must be entered, and the nurse must
 *   confirm it is programmed and the daily dose re-confirmed. Both are listed when both are missing, so a form can
 *   ask for them at once; the API refuses with the first (the bolus: the confirmation is of the bolus too).
 * - An aspirated residual out of range (over- or under-infusion suspected) stops the refill until the nurse
 *   has re-aspirated, checked the needle position and informed the physician, and says so. A first fill has
 *   nothing to compare with and is never held by this guard.
 */
export function refillGuardRefusals(args: RefillGuardArgs): RefillGuardCode[] {
  const out: RefillGuardCode[] = [];
  if (args.warnings.includes('CONCENTRATION_CHANGED')) {
    const bolus = args.bridgeBolusMcg;
    if (bolus === undefined || bolus === null || !(bolus > 0)) out.push('BRIDGE_BOLUS_MISSING');
    if (args.concentrationChangeConfirmed !== true) out.push('CONCENTRATION_CHANGE_UNCONFIRMED');
  }
  if (!args.initialFill && args.discrepancy !== 'NONE' && args.discrepancyAcknowledged !== true) {
    out.push('DISCREPANCY_NOT_ACKNOWLEDGED');
  }
  return out;
}
