/**
 * The fast paths of src/time.ts (zone-offset cache per UTC day, integer calendar arithmetic, regex-free
 * parsing) must give exactly the original results: compared here with the original code (reference-impl.ts).
 */
import fc from 'fast-check';
import { addCalendarDays, formatInstant, localDate, parseInstant, roundHalfAwayFromZero } from '../src';
import {
  referenceAddCalendarDays,
  referenceFormatInstant,
  referenceLocalDate,
  referenceParseInstant,
  referenceRoundHalfAwayFromZero,
} from './reference-impl';

const DAY = 86_400_000;
const MINUTE = 60_000;

/** Zones with unusual transitions: both hemispheres, 30- and 45-minute offsets and shifts, local-midnight changes. */
const TRICKY_ZONES = [
  'Europe/London',
  'Europe/Dublin', // negative DST in the tz database (winter is the "saving" time)
  'America/New_York',
  'Australia/Sydney', // southern hemisphere
  'Australia/Lord_Howe', // 30-minute DST shift
  'America/Havana', // transitions at local midnight
  'America/Santiago', // falls back from 24:00 to 23:00: a local date repeats
  'America/Asuncion',
  'Pacific/Chatham', // +12:45 / +13:45
  'Asia/Kolkata',
  'Africa/Casablanca', // DST suspended for Ramadan: four transitions a year
  'Antarctica/Troll', // 2-hour DST shift
  'Pacific/Apia', // skipped 30 Dec 2011 (date line change)
  'Pacific/Kiritimati', // +14
  'America/St_Johns', // -3:30
];

function parseOk(value: string): number | 'INVALID' {
  try {
    return parseInstant(value);
  } catch (error) {
    expect((error as { code?: string }).code).toBe('INVALID_INSTANT');
    return 'INVALID';
  }
}

/** UTC-day offsets via Intl's longOffset name, independent of the engine's computation. */
function transitionDays(timeZone: string, fromMs: number, toMs: number): number[] {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  const offsetName = (ms: number) => format.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')!.value;
  const days: number[] = [];
  for (let day = Math.floor(fromMs / DAY); day * DAY < toMs; day++) {
    if (offsetName(day * DAY) !== offsetName(day * DAY + DAY - 1)) days.push(day);
  }
  return days;
}

/** Throws with the first instant where the engine and the reference disagree (cheaper than one expect each). */
function compareAt(instants: Iterable<number>, zone: string): number {
  let count = 0;
  for (const ms of instants) {
    const actual = localDate(ms, zone);
    const expected = referenceLocalDate(ms, zone);
    if (actual !== expected) throw new Error(`${zone} ${new Date(ms).toISOString()}: ${actual} ≠ ${expected}`);
    count++;
  }
  return count;
}

function* every(stepMs: number, fromMs: number, toMs: number, around = [0]): Generator<number> {
  for (let ms = fromMs; ms < toMs; ms += stepMs) for (const d of around) yield ms + d;
}

/** Windows with transitions in every tricky zone (Apia's skipped day is in December 2011). */
const WINDOWS = [
  [Date.UTC(2011, 2, 1), Date.UTC(2012, 0, 15)],
  [Date.UTC(2025, 0, 1), Date.UTC(2027, 0, 1)],
];

describe('localDate: zone-offset cache per UTC day', () => {
  it.each(TRICKY_ZONES)('%s: equals the Intl reference every 97 minutes over 2011 and 2025–2026', (zone) => {
    for (const [from, to] of WINDOWS) expect(compareAt(every(97 * MINUTE, from, to), zone)).toBeGreaterThan(4000);
  });

  it.each(TRICKY_ZONES)('%s: equals the reference around every 5 minutes of transition days and neighbours', (zone) => {
    // Offsets and transitions are multiples of 15 minutes today, so a 5-minute grid ± 1 ms hits every
    // transition instant and every local midnight from both sides.
    const days = WINDOWS.flatMap(([from, to]) => transitionDays(zone, from, to));
    if (zone !== 'Asia/Kolkata' && zone !== 'Pacific/Kiritimati') expect(days.length).toBeGreaterThan(0);
    for (const day of days) compareAt(every(5 * MINUTE, (day - 1) * DAY, (day + 2) * DAY, [-1, 0, 1]), zone);
  });

  it('keeps the tz rules at local midnight: Havana skips 00:00–01:00, Santiago repeats 23:00–24:00', () => {
    // Havana, 8 Mar 2026: 00:00 CST (-5) jumps to 01:00 CDT (-4), i.e. at 05:00Z.
    expect(localDate(Date.UTC(2026, 2, 8, 4, 59, 59, 999), 'America/Havana')).toBe('2026-03-07');
    expect(localDate(Date.UTC(2026, 2, 8, 5), 'America/Havana')).toBe('2026-03-08');
    // Santiago, 5 Apr 2026: 24:00 (-3) falls back to 23:00 (-4) at 03:00Z; 03:30Z is 4 April again.
    expect(localDate(Date.UTC(2026, 3, 5, 2, 59), 'America/Santiago')).toBe('2026-04-04');
    expect(localDate(Date.UTC(2026, 3, 5, 3, 30), 'America/Santiago')).toBe('2026-04-04');
    expect(localDate(Date.UTC(2026, 3, 5, 4), 'America/Santiago')).toBe('2026-04-05');
    // Lord Howe, 5 Apr 2026: 02:00 (+11) falls back 30 minutes to 01:30 (+10:30) at 15:00Z on the 4th.
    expect(localDate(Date.UTC(2026, 3, 4, 13, 0), 'Australia/Lord_Howe')).toBe('2026-04-05');
    expect(localDate(Date.UTC(2026, 3, 4, 12, 59), 'Australia/Lord_Howe')).toBe('2026-04-04');
    // Apia skipped 30 December 2011 entirely.
    expect(localDate(Date.UTC(2011, 11, 30, 9, 59), 'Pacific/Apia')).toBe('2011-12-29');
    expect(localDate(Date.UTC(2011, 11, 30, 10, 0), 'Pacific/Apia')).toBe('2011-12-31');
  });

  it('equals the reference for random instants in random IANA zones, years 0001–9999', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    fc.assert(
      fc.property(
        fc.integer({ min: -62_135_596_800_000, max: Date.UTC(9999, 11, 31, 23, 59, 59) }),
        fc.constantFrom(...zones),
        (ms, zone) => localDate(ms, zone) === referenceLocalDate(ms, zone),
      ),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom(...zones),
        (ms, zone) => localDate(ms, zone) === referenceLocalDate(ms, zone),
      ),
      { numRuns: 3000 },
    );
  });

  it('keeps the reference at the edges of the year range and for unknown zones', () => {
    const edges = [-62_167_219_200_000, -62_135_596_800_000, -59_011_459_200_000, 253_402_300_799_000, 0];
    for (const ms of edges) {
      for (const zone of ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/London']) {
        expect(localDate(ms, zone)).toBe(referenceLocalDate(ms, zone));
      }
    }
    expect(() => localDate(0, 'Europe/Atlantis')).toThrow(RangeError);
    expect(() => localDate(NaN, 'Europe/London')).toThrow(RangeError);
  });
});

describe('parseInstant, formatInstant and addCalendarDays: regex-free fast paths', () => {
  const instantText = fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 24 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 60 }),
      fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }),
      fc.constantFrom('Z', '+01:00', '-05:30', '+0530', 'z', ''),
    )
    .map(([y, mo, d, h, mi, s, ms, zone]) => {
      const p = (n: number, w = 2) => String(n).padStart(w, '0');
      const frac = ms === undefined ? '' : `.${p(ms, 3)}`;
      return `${p(y, 4)}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}${frac}${zone}`;
    });

  it('parses exactly as the reference, and rejects exactly what it rejects', () => {
    fc.assert(
      fc.property(instantText, (text) => {
        expect(parseOk(text)).toBe(referenceParseInstant(text));
      }),
      { numRuns: 3000 },
    );
    for (const text of [
      '2024-02-29T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '1900-02-29T12:00:00.000Z',
      '2000-02-29T23:59:59.999Z',
      '0000-01-01T00:00:00Z',
      '0099-12-31T23:59:59Z',
      '9999-12-31T23:59:59Z',
      '2024-01-01T00:00:00.5Z',
      '2024-01-01T00:00:00.12345Z',
      '2024-01-01T00:00Z',
      '2024-1-01T00:00:00Z',
      '2024-01-01t00:00:00Z',
      '2024-01-01T00:00:00+00:00',
      '2024-01-01T00:00:0aZ',
      '２０２４-01-01T00:00:00Z',
      ' 2024-01-01T00:00:00Z',
      '',
    ]) {
      expect(parseOk(text)).toBe(referenceParseInstant(text));
    }
  });

  it('formats exactly as the reference (truncating to seconds)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000 - DAY, max: 253_402_300_799_999 + DAY }), (ms) => {
        expect(formatInstant(ms)).toBe(referenceFormatInstant(ms));
        expect(formatInstant(ms + 0.5)).toBe(referenceFormatInstant(ms + 0.5));
      }),
      { numRuns: 3000 },
    );
    expect(() => formatInstant(NaN)).toThrow(RangeError);
  });

  it('adds calendar days exactly as the reference, overflowing days and months included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 99 }),
        fc.oneof(fc.integer({ min: -400, max: 400 }), fc.integer({ min: -4_000_000, max: 4_000_000 })),
        (y, m, d, days) => {
          const date = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          expect(addCalendarDays(date, days)).toBe(referenceAddCalendarDays(date, days));
        },
      ),
      { numRuns: 3000 },
    );
    expect(addCalendarDays('2024-03-01', 1.5)).toBe(referenceAddCalendarDays('2024-03-01', 1.5));
    expect(() => addCalendarDays('2024-3-01', 1)).toThrow('not a YYYY-MM-DD date');
  });
});

describe('roundHalfAwayFromZero: the 15-digit pass only near a half', () => {
  const same = (value: number, decimals: number) =>
    Object.is(roundHalfAwayFromZero(value, decimals), referenceRoundHalfAwayFromZero(value, decimals));

  it('rounds exactly as the reference for any double, and for values at and next to halves', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1, 2, 4), same), {
      numRuns: 5000,
    });
    fc.assert(
      fc.property(
        fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
        fc.constantFrom(1, 2, 4),
        fc.integer({ min: -3, max: 3 }),
        (n, decimals, ulps) => {
          // (n + 0.5) / 10^d and its neighbouring doubles: where binary noise decides the rounding.
          let value = (n + 0.5) / 10 ** decimals;
          for (let i = 0; i < Math.abs(ulps); i++) value = ulps > 0 ? nextUp(value) : nextDown(value);
          return same(value, decimals) && same(value * 1.000001, decimals) && same(value * 0.999999, decimals);
        },
      ),
      { numRuns: 3000 },
    );
    for (const value of [2.675, 1.005, 0.125, 1e9 / 100 + 0.005, 123456.785, 999999999.5, 1e-7, 5e-5, 4.9999949e-5]) {
      for (const decimals of [1, 2, 4]) {
        expect(same(value, decimals)).toBe(true);
        expect(same(-value, decimals)).toBe(true);
      }
    }
  });
});

const f64 = new Float64Array(1);
const u64 = new BigInt64Array(f64.buffer);
function nextUp(x: number): number {
  f64[0] = x;
  u64[0] += x >= 0 ? 1n : -1n;
  return f64[0];
}
function nextDown(x: number): number {
  f64[0] = x;
  u64[0] += x > 0 ? -1n : 1n;
  return f64[0];
}
