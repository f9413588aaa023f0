import type { Cell } from './import-file';
import { localInstant, normaliseHeader, parseDate, parseNumber, textOf } from './import-values';

const text = (t: string): Cell => ({ kind: 'text', text: t });
const num = (t: string, semicolon = false) => parseNumber(text(t), 'volume_after_refill_ml', semicolon);
const value = <T>(r: { ok: true; value: T } | { ok: false; code: string }) => (r.ok ? r.value : r.code);

describe('import cell values', () => {
  it('numbers: decimal point always, decimal comma only in ; files, no thousands separators', () => {
    expect(value(num('40'))).toBe(40);
    expect(value(num('40.5'))).toBe(40.5);
    expect(value(num('40,5'))).toBe('INVALID_NUMBER');
    expect(value(num('40,5', true))).toBe(40.5);
    expect(value(num('0,125', true))).toBe(0.125);
    // could be a thousands separator where the comma is the decimal mark: refused, never read as 1 or 1.25
    expect(value(num('1,000', true))).toBe('INVALID_NUMBER');
    expect(value(num('1.250', true))).toBe('INVALID_NUMBER');
    expect(value(num('1,000'))).toBe('INVALID_NUMBER');
    expect(value(num('1 000'))).toBe('INVALID_NUMBER');
    expect(value(num('40.5.1'))).toBe('INVALID_NUMBER');
    expect(value(num('abc'))).toBe('INVALID_NUMBER');
  });

  it("units: only the column's own, any case, with or without a space; never converted", () => {
    expect(value(num('40 mL'))).toBe(40);
    expect(value(num('40ml'))).toBe(40);
    expect(value(num('40 l'))).toBe('UNIT_MISMATCH');
    const conc = (t: string) => value(parseNumber(text(t), 'concentration_mcg_per_ml', false));
    expect(conc('1000 mcg/mL')).toBe(1000);
    expect(conc('1000 µg/mL')).toBe(1000);
    expect(conc('1000 μg/ml')).toBe(1000);
    expect(conc('1 mg/mL')).toBe('UNIT_MISMATCH');
    const dose = (t: string) => value(parseNumber(text(t), 'daily_dose_mcg', false));
    expect(dose('300 mcg/day')).toBe(300);
    expect(dose('300mcg')).toBe(300);
    expect(dose('0.5 mg/day')).toBe('UNIT_MISMATCH');
    // mcg per hour vs per day is the classic 24× error
    expect(dose('12.5 mcg/h')).toBe('UNIT_MISMATCH');
    expect(value(parseNumber(text('20 mL'), 'mrn', false))).toBe('UNIT_MISMATCH');
  });

  it('dates: YMD accepts only ISO; DMY and MDY their own order and ISO; four-digit years; real dates only', () => {
    const d = (t: string, order: 'YMD' | 'DMY' | 'MDY') => value(parseDate(text(t), order));
    expect(d('2026-03-05', 'YMD')).toEqual({ date: '2026-03-05', time: null });
    expect(d('2026-03-05 9:30', 'YMD')).toEqual({ date: '2026-03-05', time: '09:30' });
    expect(d('05/03/2026', 'YMD')).toBe('INVALID_DATE');
    expect(d('2026-3-5', 'YMD')).toBe('INVALID_DATE');
    for (const t of ['05/03/2026', '5/3/2026', '05.03.2026', '05-03-2026']) {
      expect(d(t, 'DMY')).toEqual({ date: '2026-03-05', time: null });
      expect(d(t, 'MDY')).toEqual({ date: '2026-05-03', time: null });
    }
    expect(d('2026-03-05', 'DMY')).toEqual({ date: '2026-03-05', time: null });
    expect(d('05/03/26', 'DMY')).toBe('INVALID_DATE');
    expect(d('05/03-2026', 'DMY')).toBe('INVALID_DATE');
    expect(d('31/02/2026', 'DMY')).toBe('INVALID_DATE');
    expect(d('29/02/2028', 'DMY')).toEqual({ date: '2028-02-29', time: null });
    expect(d('05/03/2026 24:00', 'DMY')).toBe('INVALID_DATE');
    expect(d('2026-03-05T10:00', 'YMD')).toBe('INVALID_DATE');
    expect(value(parseDate({ kind: 'number', value: 46000, text: '46000' }, 'DMY'))).toBe('INVALID_DATE');
    expect(value(parseDate({ kind: 'date', wall: '2026-03-05 10:15' }, 'MDY'))).toEqual({
      date: '2026-03-05',
      time: '10:15',
    });
  });

  it('local wall time: a time skipped by the clocks changing does not exist', () => {
    expect(value(localInstant('2026-03-29', '01:30', 'Europe/London'))).toBe('INVALID_DATE');
    expect((value(localInstant('2026-03-29', '02:30', 'Europe/London')) as Date).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect((value(localInstant('2026-07-01', '12:00', 'America/New_York')) as Date).toISOString()).toBe(
      '2026-07-01T16:00:00.000Z',
    );
  });

  it('formula text is refused; headers match ignoring case, spaces, _ and -', () => {
    expect(value(textOf(text('=1+1')))).toBe('FORMULA_NOT_ALLOWED');
    expect(value(textOf(text('  @cmd')))).toBe('FORMULA_NOT_ALLOWED');
    expect(value(textOf(text('- note')))).toBe('FORMULA_NOT_ALLOWED');
    expect(value(textOf(text('-5')))).toBe('-5');
    expect(value(textOf({ kind: 'formula' }))).toBe('FORMULA_NOT_ALLOWED');
    expect(normaliseHeader('Family Name')).toBe(normaliseHeader('family_name'));
    expect(normaliseHeader('LOW-reservoir alarm_ml')).toBe('lowreservoiralarmml');
  });
});
