/** What makes an override reason count (v3): a clinical reason, not a keystroke to get past the guard. */
import type { Policy } from '../policy';

/** Unicode code points after trimming white space (an emoji or an accented letter counts once). */
export function overrideReasonLength(reason: string | null | undefined): number {
  if (typeof reason !== 'string') return 0;
  return [...reason.trim()].length;
}

/**
 * True when the reason has at least `policy.minOverrideReasonChars` code points after trimming. A blank
 * reason never counts, even under a policy of 0.
 */
export function isOverrideReasonSufficient(
  reason: string | null | undefined,
  policy: Pick<Policy, 'minOverrideReasonChars'>,
): boolean {
  return overrideReasonLength(reason) >= Math.max(1, policy.minOverrideReasonChars);
}
