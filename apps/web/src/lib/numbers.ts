/** Parses a typed number ("12.5", " 3 "); null when blank or not a finite number (never NaN downstream). */
export function parseNumber(value: string | undefined | null): number | null {
  if (value == null) return null;
  const trimmed = value.trim().replace(',', '.');
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}
