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

// ---------- Integer calendar arithmetic (proleptic Gregorian, as Date and Intl use) ----------
// The engine evaluates many pumps per request; these avoid a Date allocation and a regex per call.

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil); month 1–12. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' : '') + i);

// Memo of recent day texts: a clinic's dates cluster within a few years, and a flat cached string also
// compares faster than a freshly concatenated one. Bounded: restarts after MAX_DAY_TEXTS entries.
const MAX_DAY_TEXTS = 20_000;
const dayTexts = new Map<number, string>();

/** `YYYY-MM-DD` of a day number (inverse of daysFromCivil); only for years 0–9999 (callers check). */
function formatDays(days: number): string {
  let text = dayTexts.get(days);
  if (text === undefined) {
    if (dayTexts.size >= MAX_DAY_TEXTS) dayTexts.clear();
    text = formatDaysUncached(days);
    dayTexts.set(days, text);
  }
  return text;
}

function formatDaysUncached(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return TWO_DIGITS[Math.floor(year / 100)] + TWO_DIGITS[year % 100] + '-' + TWO_DIGITS[month] + '-' + TWO_DIGITS[day];
}

/** Day numbers whose dates have 4-digit years (0000-01-01 … 9999-12-31): the fast paths' domain. */
const MIN_FAST_DAY = daysFromCivil(0, 1, 1);
const MAX_FAST_DAY = daysFromCivil(9999, 12, 31);

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** Epoch ms of a UTC calendar time; unlike Date.UTC it does not map years 0–99 to 1900–1999. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  // Date.UTC is the same MakeDay/MakeTime arithmetic (overflowing fields included) except for years 0–99.
  if (year >= 100 || year < 0) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

function isRealCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** Value of `length` ASCII digits at `start`, or -1 if any is not a digit. */
function digits(value: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * The canonical forms `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS.sssZ` (what the API, toISOString and
 * formatInstant produce) without a regex; NaN for anything else, which then takes the general path below.
 * Accepts exactly the values the general path accepts for these forms, with the same result.
 */
export function parseCanonicalInstant(value: string): number {
  const length = value.length;
  if (length !== 20 && length !== 24) return NaN;
  if (
    value.charCodeAt(4) !== 45 || // -
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 || // T
    value.charCodeAt(13) !== 58 || // :
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(length - 1) !== 90 || // Z
    (length === 24 && value.charCodeAt(19) !== 46) // .
  ) {
    return NaN;
  }
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  const ms = length === 24 ? digits(value, 20, 3) : 0;
  if (year < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || ms < 0) return NaN;
  if (!isRealCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return NaN;
  return daysFromCivil(year, month, day) * MS_PER_DAY + hour * MS_PER_HOUR + minute * 60_000 + second * 1000 + ms;
}

/** Parses an ISO-8601 instant with `Z` or an offset; throws INVALID_INSTANT otherwise. */
export function parseInstant(value: string, path = 'instant'): number {
  const fast = parseCanonicalInstant(value);
  if (fast === fast) return fast; // not NaN
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
  const days = Math.floor(truncated / MS_PER_DAY);
  if (!(days >= MIN_FAST_DAY && days <= MAX_FAST_DAY)) return new Date(truncated).toISOString().slice(0, 19) + 'Z';
  const seconds = (truncated - days * MS_PER_DAY) / MS_PER_SECOND;
  const hour = Math.floor(seconds / 3600);
  const minute = Math.floor((seconds % 3600) / 60);
  return formatDays(days) + 'T' + TWO_DIGITS[hour] + ':' + TWO_DIGITS[minute] + ':' + TWO_DIGITS[seconds % 60] + 'Z';
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

/** The reference implementation: the tz database through Intl, one call per instant. */
export function localDateIntl(ms: number, timeZone: string): string {
  const parts = dateFormatter(timeZone).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
}

// ---------- Zone offset cache ----------
//
// Intl.formatToParts costs microseconds and dominated the engine's time. A zone's UTC offset is a step
// function that changes only at the tz database's transitions, so when the offset at the first and at the
// last millisecond of a UTC day are equal, the offset is that value for the whole day — unless the zone
// changed its offset and changed it back within the same 24 hours, which no zone in the tz database does
// (offsets change at most a few times a year; tested hourly around transitions in test/time-cache.spec.ts).
// Such a day's local dates are then computed as UTC dates of `ms + offset`. A day containing a transition
// (unequal ends) is marked and every instant in it goes to Intl, so DST days, 30-minute shifts (Lord Howe)
// and transitions at local midnight (Havana, Santiago: the local date can repeat or be skipped) keep exactly
// the reference result. Years 0000–0100 and 9999 stay on Intl too (eras and 2-digit-year rules at the edges).

const offsetFormatterCache = new Map<string, Intl.DateTimeFormat>();
const TRANSITION_DAY = NaN;
/** Beyond this many cached days in one zone the cache restarts (bounded memory for arbitrary inputs). */
const MAX_CACHED_DAYS_PER_ZONE = 100_000;
const MIN_CACHED_DAY = daysFromCivil(100, 1, 2);
const MAX_CACHED_DAY = daysFromCivil(9999, 12, 30);
const offsetCache = new Map<string, Map<number, number>>();
let lastZone = '';
let lastZoneDays: Map<number, number> | undefined;

function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatterCache.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatterCache.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's UTC offset at an instant, in ms (whole seconds: historic local mean times have seconds). */
function zoneOffsetMs(ms: number, timeZone: string): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of offsetFormatter(timeZone).formatToParts(new Date(ms))) {
    const n = Number(part.value);
    if (part.type === 'year') year = n;
    else if (part.type === 'month') month = n;
    else if (part.type === 'day') day = n;
    else if (part.type === 'hour') hour = n;
    else if (part.type === 'minute') minute = n;
    else if (part.type === 'second') second = n;
  }
  const wallMs = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000;
  return wallMs - Math.floor(ms / MS_PER_SECOND) * MS_PER_SECOND;
}

/** The zone's offset throughout a UTC day, or NaN when it differs at the day's two ends (a transition day). */
function dayOffsetMs(utcDay: number, timeZone: string): number {
  const start = zoneOffsetMs(utcDay * MS_PER_DAY, timeZone);
  const end = zoneOffsetMs(utcDay * MS_PER_DAY + MS_PER_DAY - 1, timeZone);
  return start === end ? start : TRANSITION_DAY;
}

/** Calendar date `YYYY-MM-DD` of an instant in an IANA zone (DST handled by the tz database). */
export function localDate(ms: number, timeZone: string): string {
  const utcDay = Math.floor(ms / MS_PER_DAY);
  if (!(utcDay >= MIN_CACHED_DAY && utcDay <= MAX_CACHED_DAY)) return localDateIntl(ms, timeZone);
  let days = timeZone === lastZone ? lastZoneDays : offsetCache.get(timeZone);
  if (!days) {
    dateFormatter(timeZone); // throws for an unknown zone, as the reference does
    days = new Map();
    offsetCache.set(timeZone, days);
  }
  lastZone = timeZone;
  lastZoneDays = days;
  let offset = days.get(utcDay);
  if (offset === undefined) {
    if (days.size >= MAX_CACHED_DAYS_PER_ZONE) days.clear();
    offset = dayOffsetMs(utcDay, timeZone);
    days.set(utcDay, offset);
  }
  if (offset !== offset) return localDateIntl(ms, timeZone); // transition day
  return formatDays(Math.floor((ms + offset) / MS_PER_DAY));
}

function formatUtcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Adds calendar days to a `YYYY-MM-DD` date: pure date arithmetic, no instants, so DST cannot shift it. */
export function addCalendarDays(date: string, days: number): string {
  if (date.length === 10 && Number.isInteger(days) && date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45) {
    const year = digits(date, 0, 4);
    const month = digits(date, 5, 2);
    const day = digits(date, 8, 2);
    if (year >= 0 && month >= 1 && month <= 12 && day >= 0) {
      // Same overflow as Date arithmetic: day 0 or 31 February roll into the neighbouring month.
      const result = daysFromCivil(year, month, 1) + day - 1 + days;
      if (result >= MIN_FAST_DAY && result <= MAX_FAST_DAY) return formatDays(result);
    }
  }
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

// ---------- Start of a local date ----------

const MAX_DAY_STARTS = 20_000;
const dayStarts = new Map<string, number>();

/**
 * The first instant whose local date in `timeZone` is `date` or later: local midnight, or, when a DST change
 * skips midnight (or a zone skips the whole day), the first instant after the gap. Relies on the local date
 * never going back once reached, which holds for every zone in the tz database (a fall-back at midnight
 * repeats the previous day's last hour; it never shows the new date first). Memoised: due dates repeat
 * across thousands of pumps.
 */
export function startOfLocalDateMs(date: string, timeZone: string): number {
  const key = `${timeZone}|${date}`;
  const hit = dayStarts.get(key);
  if (hit !== undefined) return hit;
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  const midnightUtcMs = utcMs(Number(m[1]), Number(m[2]), Number(m[3]));
  const before = (ms: number) => compareDates(localDate(ms, timeZone), date) < 0;
  let start = midnightUtcMs - zoneOffsetMs(midnightUtcMs, timeZone);
  if (!(before(start - 1) && !before(start))) {
    // The offset changes near midnight: bisect. No zone is 26 h from UTC (even historic local mean time).
    let lo = midnightUtcMs - 26 * MS_PER_HOUR;
    let hi = midnightUtcMs + 26 * MS_PER_HOUR;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (before(mid)) lo = mid;
      else hi = mid;
    }
    start = hi;
  }
  if (dayStarts.size >= MAX_DAY_STARTS) dayStarts.clear();
  dayStarts.set(key, start);
  return start;
}
