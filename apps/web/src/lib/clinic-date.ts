/**
 * Dates and times typed in the clinic's own format (a clinic setting), never the browser's locale: a browser set
 * to en-US must not read a London clinic's 03/04/2027 as the 4th of March. Times are 24-hour HH:MM, read in the
 * clinic's time zone. Forms keep a format-free value — "YYYY-MM-DD" for a date, "YYYY-MM-DDTHH:MM" (wall time in
 * the clinic zone) for a date and time — and only the text field shows and reads the clinic's format.
 */
import { DEFAULT_DATE_FORMAT, type DateFormat } from '@pumpwatch/contracts';
import { instantToZonedInput, zonedInputToInstant } from './format';

export { DEFAULT_DATE_FORMAT, type DateFormat };

/** Used before the clinic's settings have loaded: year first cannot be mistaken for either day-first or month-first. */
export const FALLBACK_DATE_FORMAT: DateFormat = 'YYYY-MM-DD';

export const TIME_PATTERN = 'HH:MM';
/** The format-free values the fields hand a form: a date, and a wall time in the clinic zone. */
export const DATE_VALUE = /^\d{4}-\d{2}-\d{2}$/;
export const WALL_TIME_VALUE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
export const dateTimePattern = (format: DateFormat) => `${format} ${TIME_PATTERN}`;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Order of the parts and the separator the clinic writes. */
function layout(format: DateFormat): { order: ('D' | 'M' | 'Y')[]; separator: string } {
  switch (format) {
    case 'DD/MM/YYYY':
      return { order: ['D', 'M', 'Y'], separator: '/' };
    case 'MM/DD/YYYY':
      return { order: ['M', 'D', 'Y'], separator: '/' };
    case 'DD.MM.YYYY':
      return { order: ['D', 'M', 'Y'], separator: '.' };
    case 'YYYY-MM-DD':
      return { order: ['Y', 'M', 'D'], separator: '-' };
  }
}

/** "2027-04-03" → the clinic's text ("03/04/2027"); anything else is returned as it is. */
export function formatClinicDate(isoDate: string, format: DateFormat): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  const parts = { Y: m[1]!, M: m[2]!, D: m[3]! };
  const { order, separator } = layout(format);
  return order.map((p) => parts[p]).join(separator);
}

/**
 * The clinic's text → "YYYY-MM-DD", or null. The parts must come in the clinic's order; any of / . - works as
 * the separator and day and month may have one digit, but the year has four (a two-digit year is never guessed)
 * and the date must exist (31/04 does not).
 */
export function parseClinicDate(text: string, format: DateFormat): string | null {
  const m = /^\s*(\d{1,4})[/.-](\d{1,4})[/.-](\d{1,4})\s*$/.exec(text);
  if (!m) return null;
  const { order } = layout(format);
  const raw = { [order[0]!]: m[1]!, [order[1]!]: m[2]!, [order[2]!]: m[3]! } as Record<'D' | 'M' | 'Y', string>;
  if (raw.Y.length !== 4 || raw.D.length > 2 || raw.M.length > 2) return null;
  const year = Number(raw.Y);
  const month = Number(raw.M);
  const day = Number(raw.D);
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** "YYYY-MM-DDTHH:MM" → "03/04/2027 09:30" in the clinic's format; anything else as it is. */
export function formatClinicDateTime(wall: string, format: DateFormat): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(wall);
  return m ? `${formatClinicDate(m[1]!, format)} ${m[2]!}` : wall;
}

/** Why a typed date and time cannot be used, in words; null when it can. */
export type DateTimeProblem = 'FORMAT' | 'NOT_IN_ZONE';

/**
 * The clinic's "03/04/2027 09:30" → "2027-04-03T09:30" (wall time in the clinic zone), or a problem: text that
 * is not a date and a 24-hour time, or a time the clinic's clocks skip when they go forward.
 */
export function parseClinicDateTime(
  text: string,
  format: DateFormat,
  timeZone: string,
): { wall: string } | { problem: DateTimeProblem } {
  const m = /^\s*([\d/.-]+)(?:\s+|\s*[T,]\s*)(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!m) return { problem: 'FORMAT' };
  const date = parseClinicDate(m[1]!, format);
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (!date || hours > 23 || minutes > 59) return { problem: 'FORMAT' };
  const wall = `${date}T${pad(hours)}:${pad(minutes)}`;
  const instant = zonedInputToInstant(wall, timeZone);
  // A wall time in the spring-forward gap does not exist there: refuse it rather than move it silently.
  if (!instant || instantToZonedInput(instant, timeZone) !== wall) return { problem: 'NOT_IN_ZONE' };
  return { wall };
}

/**
 * A typed date and time read back in words, weekday first ("Wed, 04 Mar 2026, 21:00 GMT+11"): a day and month
 * typed the wrong way round shows up as the wrong weekday or month name before anything is saved.
 */
export function readBackInstant(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: '2-digit',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(Date.parse(iso));
}

/** What to show a clinician for a problem with a typed date and time. */
export function dateTimeProblemWords(problem: DateTimeProblem, format: DateFormat, timeZone: string): string {
  return problem === 'NOT_IN_ZONE'
    ? `That time does not exist in ${timeZone} (the clocks go forward then): enter another time.`
    : `Enter the date and time as ${dateTimePattern(format)} (24-hour clock).`;
}
