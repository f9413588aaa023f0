/**
 * Clinic scheduling helpers (due dates on a closed day move earlier, never later:
 * docs/clinical/PROJECTION-AND-ALARMS.md §4).
 * Pure calendar arithmetic in the clinic's IANA zone; `today` is always an argument.
 */
import { TZDate } from '@date-fns/tz';
import { EngineError } from './errors';
import { addCalendarDays, assertTimeZone, compareDates } from './time';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** ISO weekday (1 = Monday … 7 = Sunday) of a `YYYY-MM-DD` calendar date. */
export function isoWeekday(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new EngineError('INVALID_INPUT', `not a YYYY-MM-DD date: ${date}`);
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * The UTC instant of a local wall-clock time (`HH:MM`) on a calendar date in `timeZone`.
 * A time skipped by a DST change resolves to the first valid instant after it (TZDate's rule).
 */
export function clinicInstant(date: string, time: string, timeZone: string): string {
  assertTimeZone(timeZone);
  const d = DATE_RE.exec(date);
  const t = TIME_RE.exec(time);
  if (!d) throw new EngineError('INVALID_INPUT', `not a YYYY-MM-DD date: ${date}`);
  if (!t) throw new EngineError('INVALID_INPUT', `not an HH:MM time: ${time}`);
  const local = new TZDate(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), 0, timeZone);
  return new Date(local.getTime()).toISOString();
}

export interface ProposedSlotArgs {
  dueDate: string;
  today: string;
  timeZone: string;
  /** ISO weekdays the clinic books refills on. */
  workingDays: readonly number[];
  openingTime: string;
}

/**
 * Proposed refill slot: opening time of the latest working day on or before the due date and not before today.
 * When no such day exists (overdue, or due before the next working day) the earliest working day from today on:
 * the refill is then as soon as the clinic can do it. Null when the clinic has no working days at all.
 */
export function proposedRefillSlot(args: ProposedSlotArgs): string | null {
  const days = new Set(args.workingDays);
  if (![...days].some((d) => Number.isInteger(d) && d >= 1 && d <= 7)) return null;
  if (compareDates(args.dueDate, args.today) >= 0) {
    for (let date = args.dueDate; compareDates(date, args.today) >= 0; date = addCalendarDays(date, -1)) {
      if (days.has(isoWeekday(date))) return clinicInstant(date, args.openingTime, args.timeZone);
    }
  }
  for (let date = args.today, i = 0; i < 7; date = addCalendarDays(date, 1), i++) {
    if (days.has(isoWeekday(date))) return clinicInstant(date, args.openingTime, args.timeZone);
  }
  return null;
}
