import {
  addCalendarDays,
  formatInstant,
  localDate,
  parseInstant,
  roundHalfAwayFromZero,
  roundPct,
  roundRateMlPerDay,
  roundVolumeMl,
} from '../src';

describe('rounding half away from zero', () => {
  it.each([
    [2.675, 2, 2.68],
    [-2.675, 2, -2.68],
    [1.005, 2, 1.01],
    [0.125, 2, 0.13],
    [-0.125, 2, -0.13],
    [18.1818, 1, 18.2],
    [-44.05, 1, -44.1],
    [0.00005, 4, 0.0001],
    [-0.001, 2, 0],
  ])('%d to %d dp → %d', (value, dp, expected) => {
    expect(roundHalfAwayFromZero(value, dp)).toBe(expected);
  });

  it('never produces -0 and uses the contract precisions', () => {
    expect(Object.is(roundVolumeMl(-0.001), 0)).toBe(true);
    expect(roundVolumeMl(10.845)).toBe(10.85);
    expect(roundRateMlPerDay(0.39000000000000001)).toBe(0.39);
    expect(roundRateMlPerDay(1 / 3)).toBe(0.3333);
    expect(roundPct(12.25)).toBe(12.3);
  });

  it('keeps huge values finite', () => {
    expect(roundPct(1.7e307)).toBe(1.7e307);
    expect(roundVolumeMl(-1e300)).toBe(-1e300);
  });

  it('refuses non-finite values instead of printing NaN', () => {
    expect(() => roundVolumeMl(NaN)).toThrow();
    expect(() => roundVolumeMl(Infinity)).toThrow();
  });
});

describe('instants and calendar dates', () => {
  it('parses offsets and truncates output to whole seconds in UTC', () => {
    expect(formatInstant(parseInstant('2026-03-01T10:00:59.999+01:00'))).toBe('2026-03-01T09:00:59Z');
    expect(formatInstant(parseInstant('2026-03-01T04:30-0530'))).toBe('2026-03-01T10:00:00Z');
    expect(formatInstant(parseInstant('0099-01-01T00:00:00Z'))).toBe('0099-01-01T00:00:00Z');
  });

  it('rejects impossible calendar dates', () => {
    expect(() => parseInstant('2025-02-29T00:00:00Z')).toThrow();
    expect(parseInstant('2028-02-29T00:00:00Z')).toBe(Date.UTC(2028, 1, 29));
  });

  it('adds calendar days across DST, month and year ends', () => {
    expect(addCalendarDays('2026-03-08', -7)).toBe('2026-03-01');
    expect(addCalendarDays('2026-03-01', 14)).toBe('2026-03-15');
    expect(addCalendarDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('gives local dates in both hemispheres', () => {
    expect(localDate(parseInstant('2026-11-01T05:30:00Z'), 'America/New_York')).toBe('2026-11-01');
    expect(localDate(parseInstant('2026-10-04T13:30:00Z'), 'Australia/Sydney')).toBe('2026-10-05');
    expect(localDate(parseInstant('2026-04-05T13:30:00Z'), 'Australia/Sydney')).toBe('2026-04-05');
  });
});
