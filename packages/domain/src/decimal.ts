/**
 * Exact decimal arithmetic for dose limits. A dose typed as 172.76 is compared as the decimal 172.76,
 * not its binary approximation, so "exactly 40 %" passes as the contract requires.
 */

/** value = units × 10^-scale */
export interface Decimal {
  units: bigint;
  scale: number;
}

/** The shortest decimal that round-trips to `value` (what was typed or sent as JSON). */
export function toDecimal(value: number): Decimal {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  const [mantissa, exponentText] = String(value).toLowerCase().split('e');
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const [intPart, fracPart = ''] = mantissa.split('.');
  let units = BigInt(intPart + fracPart);
  let scale = fracPart.length - exponent;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units, scale };
}

const dec = (value: number | Decimal): Decimal => (typeof value === 'number' ? toDecimal(value) : value);

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

export function mul(a: number | Decimal, b: number | Decimal): Decimal {
  const x = dec(a);
  const y = dec(b);
  return { units: x.units * y.units, scale: x.scale + y.scale };
}

export function sub(a: number | Decimal, b: number | Decimal): Decimal {
  const [x, y, scale] = align(dec(a), dec(b));
  return { units: x - y, scale };
}

/** -1, 0 or 1. */
export function cmp(a: number | Decimal, b: number | Decimal): number {
  const [x, y] = align(dec(a), dec(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

export function add(a: number | Decimal, b: number | Decimal): Decimal {
  const [x, y, scale] = align(dec(a), dec(b));
  return { units: x + y, scale };
}

/** The nearest double (for display; decisions stay on the decimals). */
export function toNumber(value: Decimal): number {
  return Number(`${value.units}e-${value.scale}`);
}
