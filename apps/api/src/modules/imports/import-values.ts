import type { ImportColumn, ImportDateOrder } from '@pumpwatch/contracts';
import { clinicInstant, localDate } from '@pumpwatch/domain';
import type { Cell } from './import-file';

/** A cell's value, or the row error it causes (code and the words shown to the clinic). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (code: string, message: string): Parsed<never> => ({ ok: false, code, message });

/** Header names match case-insensitively, ignoring spaces, `_` and `-`. */
export const normaliseHeader = (h: string): string => h.toLowerCase().replace(/[\s_-]+/g, '');

/**
 * Text that a spreadsheet would run as a formula when the data is opened again (=, +, @, or - not starting a
 * number). The import keeps values, never formulas, so such a cell is refused rather than stored.
 */
const FORMULA_START = /^(?:[=+@]|-(?!\d))/;

/** Text of a cell, trimmed ('' for blank); refuses formula text and error cells. */
export function textOf(cell: Cell): Parsed<string> {
  switch (cell.kind) {
    case 'blank':
      return ok('');
    case 'number':
      return ok(cell.text);
    case 'date':
      return ok(cell.wall);
    case 'formula':
      return fail('FORMULA_NOT_ALLOWED', 'The cell holds a formula without a saved value: type the value itself');
    case 'error':
      return fail('INVALID_VALUE', `The cell shows a spreadsheet error (${cell.text})`);
    case 'text': {
      const text = cell.text.trim();
      if (FORMULA_START.test(text)) {
        return fail('FORMULA_NOT_ALLOWED', 'The cell starts like a formula (=, +, - or @): type the value itself');
      }
      return ok(text);
    }
  }
}

const MICRO = '(?:mcg|µg|μg|ug)';
/** The unit each numeric column may carry after its number; the import never converts units. */
const OWN_UNIT: Partial<Record<ImportColumn, { re: RegExp; words: string }>> = {
  reservoir_capacity_ml: { re: /^ml$/i, words: 'mL' },
  low_reservoir_alarm_ml: { re: /^ml$/i, words: 'mL' },
  volume_after_refill_ml: { re: /^ml$/i, words: 'mL' },
  concentration_mcg_per_ml: { re: new RegExp(`^${MICRO}/ml$`, 'i'), words: 'mcg/mL' },
  daily_dose_mcg: { re: new RegExp(`^${MICRO}(?:/(?:day|d|24 ?h))?$`, 'i'), words: 'mcg/day' },
  screening_dose_mcg: { re: new RegExp(`^${MICRO}$`, 'i'), words: 'mcg' },
};

const NUMBER = /^(-?)(\d+)(?:([.,])(\d+))?(?:\s*(.*))?$/;
const UNIT_LIKE = /^[a-zµμ%][a-zµμ%/0-9 .]*$/i;

/**
 * `40`, `40.5`, in a `;` file also `40,5`; a unit after the number only when it is the column's own. In a `;`
 * file a separator followed by exactly three digits (`1,000`, `1.250`) could be a thousands separator: refused
 * rather than read as 1 or 1.25 (a dose read 1000× too small would look like a pump that never empties).
 */
export function parseNumber(cell: Cell, column: ImportColumn, semicolonFile: boolean): Parsed<number> {
  if (cell.kind === 'number') return Number.isFinite(cell.value) ? ok(cell.value) : invalidNumber(String(cell.value));
  if (cell.kind === 'date') return invalidNumber(cell.wall);
  const text = textOf(cell);
  if (!text.ok) return text;
  const m = NUMBER.exec(text.value);
  if (!m) return invalidNumber(text.value);
  const [, sign, whole, sep, frac, unit] = m;
  if (sep === ',' && !semicolonFile) return invalidNumber(text.value);
  if (sep && semicolonFile && frac.length === 3 && Number(whole) !== 0) {
    return fail(
      'INVALID_NUMBER',
      `"${text.value}" could mean a thousands separator or a decimal: write the number without separators, ` +
        `or with fewer or more decimals`,
    );
  }
  if (unit) {
    if (!UNIT_LIKE.test(unit)) return invalidNumber(text.value);
    const own = OWN_UNIT[column];
    if (!own || !own.re.test(unit.trim())) {
      return fail(
        'UNIT_MISMATCH',
        own
          ? `"${unit.trim()}" is not this column's unit (${own.words}); the import never converts units`
          : `This column takes a number without a unit`,
      );
    }
  }
  return ok(Number(`${sign}${whole}${sep ? `.${frac}` : ''}`));
}

const invalidNumber = (text: string) =>
  fail('INVALID_NUMBER', `"${text}" is not a number (write 40 or 40.5, no thousands separators)`);

export interface ParsedDate {
  date: string;
  /** HH:MM when written, else null. */
  time: string | null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:\s+(\d{1,2}):(\d{2}))?$/;
const DAY_MONTH = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$/;

const pad = (n: number) => String(n).padStart(2, '0');

function calendarDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
}

const ORDER_WORDS: Record<ImportDateOrder, string> = {
  YMD: '2026-03-05',
  DMY: '05/03/2026 (day first) or 2026-03-05',
  MDY: '03/05/2026 (month first) or 2026-03-05',
};

/** A date (and optional `HH:MM`) in the request's `dateOrder`; XLSX date cells are unambiguous and always pass. */
export function parseDate(cell: Cell, order: ImportDateOrder): Parsed<ParsedDate> {
  if (cell.kind === 'number') {
    return fail('INVALID_DATE', `${cell.text} is a number, not a date: format the cell as a date`);
  }
  const text = textOf(cell);
  if (!text.ok) return text;
  const bad = fail('INVALID_DATE', `"${text.value}" is not a date in the chosen order (${ORDER_WORDS[order]})`);
  let y: number, mo: number, d: number, hh: string | undefined, mm: string | undefined;
  const iso = ISO.exec(text.value);
  const dm = order === 'YMD' ? null : DAY_MONTH.exec(text.value);
  if (iso) {
    [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    [hh, mm] = [iso[4], iso[5]];
  } else if (dm) {
    const [a, b] = [Number(dm[1]), Number(dm[3])];
    [d, mo] = order === 'DMY' ? [a, b] : [b, a];
    y = Number(dm[4]);
    [hh, mm] = [dm[5], dm[6]];
  } else return bad;
  const date = calendarDate(y, mo, d);
  if (!date) return fail('INVALID_DATE', `"${text.value}" is not a date that exists`);
  if (hh === undefined) return ok({ date, time: null });
  if (Number(hh) > 23 || Number(mm) > 59) return fail('INVALID_DATE', `"${text.value}" has a time that does not exist`);
  return ok({ date, time: `${pad(Number(hh))}:${mm}` });
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>();

function localTime(ms: number, timeZone: string): string {
  let f = wallFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    wallFormatters.set(timeZone, f);
  }
  return f.format(ms);
}

/**
 * Clinic-local wall time → instant. A time skipped by a daylight-saving change does not exist: refused, never
 * moved to the next valid minute.
 */
export function localInstant(date: string, time: string, timeZone: string): Parsed<Date> {
  const instant = new Date(clinicInstant(date, time, timeZone));
  if (localDate(instant.getTime(), timeZone) !== date || localTime(instant.getTime(), timeZone) !== time) {
    return fail('INVALID_DATE', `${date} ${time} does not exist in the clinic's time zone (clocks changed)`);
  }
  return ok(instant);
}
