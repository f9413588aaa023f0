import { formatInstant, MAX_OUTPUT_INSTANT_MS } from './time';

/**
 * Rounds half away from zero. The 15-significant-digit pass first removes binary noise, so a value
 * entered or computed as 2.675 rounds to 2.68 as a clinician expects, not to 2.67.
 */
export function roundHalfAwayFromZero(value: number, decimals: number): number {
  if (!Number.isFinite(value)) throw new Error(`cannot round non-finite value ${value}`);
  // Beyond 1e15 a double has no fractional digits left to round, and scaling could overflow to Infinity.
  if (Math.abs(value) >= 1e15) return value;
  const factor = 10 ** decimals;
  const raw = Math.abs(value) * factor;
  // The 15-digit pass moves `raw` by at most 5e-6 when raw < 1e9, so it can only change Math.round's
  // result when raw lies within that distance of a half; elsewhere the string round trip is skipped.
  const fraction = raw - Math.floor(raw);
  const scaled = raw < 1e9 && Math.abs(fraction - 0.5) > 1e-5 ? raw : Number(raw.toPrecision(15));
  const rounded = (Math.sign(value) * Math.round(scaled)) / factor;
  return rounded === 0 ? 0 : rounded; // never -0 in JSON consumers
}

export const roundVolumeMl = (ml: number): number => roundHalfAwayFromZero(ml, 2);
export const roundRateMlPerDay = (mlPerDay: number): number => roundHalfAwayFromZero(mlPerDay, 4);
export const roundPct = (pct: number): number => roundHalfAwayFromZero(pct, 1);

/** Output form of an optional instant; beyond year 9999 is reported as null (never reached in any useful horizon). */
export function outputInstant(ms: number | null): string | null {
  if (ms === null || !Number.isFinite(ms) || ms > MAX_OUTPUT_INSTANT_MS) return null;
  return formatInstant(ms);
}
