/**
 * The engine's original date, time and rounding helpers (before the fast paths of src/time.ts and format.ts),
 * kept verbatim as the reference the fast paths must match exactly.
 */
const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

function isRealCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(utcMs(year, month + 1, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** Epoch ms, or the string 'INVALID' where the original threw INVALID_INSTANT. */
export function referenceParseInstant(value: string): number | 'INVALID' {
  const m = INSTANT_RE.exec(value);
  if (!m) return 'INVALID';
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const offsetSign = m[9] === '-' ? -1 : 1;
  const offsetH = m[8] ? 0 : Number(m[10]);
  const offsetM = m[8] ? 0 : Number(m[11]);
  const valid =
    isRealCalendarDate(year, month, day) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetH <= 23 &&
    offsetM <= 59;
  if (!valid) return 'INVALID';
  return utcMs(year, month, day, hour, minute, second, ms) - offsetSign * (offsetH * 60 + offsetM) * 60_000;
}

export function referenceFormatInstant(ms: number): string {
  const truncated = Math.floor(ms / 1000) * 1000;
  return new Date(truncated).toISOString().slice(0, 19) + 'Z';
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function referenceLocalDate(ms: number, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
}

export function referenceAddCalendarDays(date: string, days: number): string {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  return new Date(utcMs(Number(m[1]), Number(m[2]), Number(m[3]) + days)).toISOString().slice(0, 10);
}

export function referenceRoundHalfAwayFromZero(value: number, decimals: number): number {
  if (!Number.isFinite(value)) throw new Error(`cannot round non-finite value ${value}`);
  if (Math.abs(value) >= 1e15) return value;
  const factor = 10 ** decimals;
  const scaled = Number((Math.abs(value) * factor).toPrecision(15));
  const rounded = (Math.sign(value) * Math.round(scaled)) / factor;
  return rounded === 0 ? 0 : rounded;
}
