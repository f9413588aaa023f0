import { EngineError } from './errors';

export const MS_PER_SECOND = 1000;
export const MS_PER_HOUR = 3_600_000;
/** One day = 86 400 s for rates (contract); calendar days are handled by the YYYY-MM-DD helpers below. */
export const MS_PER_DAY = 86_400_000;
/** Latest instant printable as YYYY-MM-DDTHH:MM:SSZ; later projections are reported as never reached. */
export const MAX_OUTPUT_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

// Offset required: a local time without a zone is ambiguous and never accepted.
const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of a UTC calendar time; unlike Date.UTC it does not map years 0–99 to 1900–1999. */
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

/** Parses an ISO-8601 instant with `Z` or an offset; throws INVALID_INSTANT otherwise. */
export function parseInstant(value: string, path = 'instant'): number {
  const m = INSTANT_RE.exec(value);
  if (!m)
    throw new EngineError('INVALID_INSTANT', `${path}: "${value}" is not an ISO-8601 instant with Z or an offset`);
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  // Sub-millisecond digits are dropped: instants are carried at millisecond resolution.
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
  if (!valid) throw new EngineError('INVALID_INSTANT', `${path}: "${value}" is not a real date and time`);
  const offsetMs = offsetSign * (offsetH * 60 + offsetM) * 60_000;
  return utcMs(year, month, day, hour, minute, second, ms) - offsetMs;
}

/** UTC `YYYY-MM-DDTHH:MM:SSZ`, truncated (not rounded) to whole seconds. */
export function formatInstant(ms: number): string {
  const truncated = Math.floor(ms / MS_PER_SECOND) * MS_PER_SECOND;
  return new Date(truncated).toISOString().slice(0, 19) + 'Z';
}

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatterCache.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatterCache.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    dateFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function assertTimeZone(timeZone: string, path = 'timeZone'): void {
  if (!isValidTimeZone(timeZone))
    throw new EngineError('UNKNOWN_TIME_ZONE', `${path}: unknown IANA time zone "${timeZone}"`);
}

/** Calendar date `YYYY-MM-DD` of an instant in an IANA zone (DST handled by the tz database). */
export function localDate(ms: number, timeZone: string): string {
  const parts = dateFormatter(timeZone).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
}

function formatUtcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Adds calendar days to a `YYYY-MM-DD` date: pure date arithmetic, no instants, so DST cannot shift it. */
export function addCalendarDays(date: string, days: number): string {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  return formatUtcDate(utcMs(Number(m[1]), Number(m[2]), Number(m[3]) + days));
}

/** Adds calendar months to an instant in UTC, clamping to the month's last day (e.g. 31 Aug + 6 months = 28/29 Feb). */
export function addCalendarMonthsUtc(ms: number, months: number): number {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1 + months;
  const lastDay = new Date(utcMs(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return utcMs(year, month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/** -1, 0 or 1; `YYYY-MM-DD` strings with 4-digit years sort lexicographically. */
export function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
