import { describe, expect, it } from 'vitest';
import {
  dateTimeProblemWords,
  formatClinicDate,
  formatClinicDateTime,
  parseClinicDate,
  parseClinicDateTime,
} from './clinic-date';

describe('clinic date format', () => {
  it('writes a date in each clinic format', () => {
    expect(formatClinicDate('2027-04-03', 'DD/MM/YYYY')).toBe('03/04/2027');
    expect(formatClinicDate('2027-04-03', 'MM/DD/YYYY')).toBe('04/03/2027');
    expect(formatClinicDate('2027-04-03', 'YYYY-MM-DD')).toBe('2027-04-03');
    expect(formatClinicDate('2027-04-03', 'DD.MM.YYYY')).toBe('03.04.2027');
    expect(formatClinicDateTime('2027-04-03T09:05', 'DD/MM/YYYY')).toBe('03/04/2027 09:05');
  });

  it("reads 03/04/2027 by the clinic's order, whatever the browser's locale", () => {
    expect(parseClinicDate('03/04/2027', 'DD/MM/YYYY')).toBe('2027-04-03');
    expect(parseClinicDate('03/04/2027', 'MM/DD/YYYY')).toBe('2027-03-04');
    expect(parseClinicDate('3.4.2027', 'DD.MM.YYYY')).toBe('2027-04-03');
    expect(parseClinicDate(' 2027-4-3 ', 'YYYY-MM-DD')).toBe('2027-04-03');
    // any of / . - as the separator, the order is what counts
    expect(parseClinicDate('03-04-2027', 'DD/MM/YYYY')).toBe('2027-04-03');
  });

  it('refuses what it would have to guess: two-digit years, impossible dates, another order', () => {
    expect(parseClinicDate('03/04/27', 'DD/MM/YYYY')).toBeNull();
    expect(parseClinicDate('31/04/2027', 'DD/MM/YYYY')).toBeNull();
    expect(parseClinicDate('29/02/2027', 'DD/MM/YYYY')).toBeNull();
    expect(parseClinicDate('29/02/2028', 'DD/MM/YYYY')).toBe('2028-02-29');
    expect(parseClinicDate('13/25/2027', 'MM/DD/YYYY')).toBeNull();
    expect(parseClinicDate('2027-04-03', 'DD/MM/YYYY')).toBeNull();
    expect(parseClinicDate('03/04/2027', 'YYYY-MM-DD')).toBeNull();
    expect(parseClinicDate('', 'DD/MM/YYYY')).toBeNull();
    expect(parseClinicDate('next tuesday', 'DD/MM/YYYY')).toBeNull();
  });

  it('reads a date and a 24-hour time as wall time in the clinic zone', () => {
    expect(parseClinicDateTime('03/04/2027 09:30', 'DD/MM/YYYY', 'Europe/London')).toEqual({
      wall: '2027-04-03T09:30',
    });
    expect(parseClinicDateTime('2027-04-03T9:30', 'YYYY-MM-DD', 'Australia/Sydney')).toEqual({
      wall: '2027-04-03T09:30',
    });
    expect(parseClinicDateTime('03/04/2027, 21:05', 'DD/MM/YYYY', 'UTC')).toEqual({ wall: '2027-04-03T21:05' });
    for (const bad of ['03/04/2027', '03/04/2027 24:00', '03/04/2027 9.30', '03/04/2027 09:30 pm', '09:30']) {
      expect([bad, parseClinicDateTime(bad, 'DD/MM/YYYY', 'Europe/London')]).toEqual([bad, { problem: 'FORMAT' }]);
    }
  });

  it('refuses a time the clocks skip in the clinic zone, and says why', () => {
    // London goes from 01:00 to 02:00 on 28 March 2027; Sydney from 02:00 to 03:00 on 3 October 2027
    expect(parseClinicDateTime('28/03/2027 01:30', 'DD/MM/YYYY', 'Europe/London')).toEqual({ problem: 'NOT_IN_ZONE' });
    expect(parseClinicDateTime('03/10/2027 02:30', 'DD/MM/YYYY', 'Australia/Sydney')).toEqual({
      problem: 'NOT_IN_ZONE',
    });
    expect(parseClinicDateTime('28/03/2027 02:30', 'DD/MM/YYYY', 'Europe/London')).toEqual({
      wall: '2027-03-28T02:30',
    });
    expect(dateTimeProblemWords('NOT_IN_ZONE', 'DD/MM/YYYY', 'Europe/London')).toContain('does not exist');
    expect(dateTimeProblemWords('FORMAT', 'MM/DD/YYYY', 'Europe/London')).toContain('MM/DD/YYYY HH:MM');
  });
});
