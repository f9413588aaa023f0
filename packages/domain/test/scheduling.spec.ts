import { clinicInstant, isoWeekday, proposedRefillSlot } from '../src';

const base = { timeZone: 'Europe/London', workingDays: [1, 2, 3, 4, 5], openingTime: '09:00' };

describe('scheduling', () => {
  it('isoWeekday counts Monday as 1 and Sunday as 7', () => {
    expect(isoWeekday('2026-03-02')).toBe(1);
    expect(isoWeekday('2026-03-08')).toBe(7);
    expect(isoWeekday('2024-02-29')).toBe(4);
  });

  it('clinicInstant converts wall-clock time in the zone, across DST', () => {
    expect(clinicInstant('2026-03-02', '09:00', 'Europe/London')).toBe('2026-03-02T09:00:00.000Z');
    expect(clinicInstant('2026-04-01', '09:00', 'Europe/London')).toBe('2026-04-01T08:00:00.000Z');
    expect(clinicInstant('2026-03-09', '09:00', 'America/New_York')).toBe('2026-03-09T13:00:00.000Z');
    expect(() => clinicInstant('2026-03-09', '9am', 'Europe/London')).toThrow();
  });

  it('moves a due date on a closed day earlier, never later', () => {
    // Sunday 8 March → Friday 6 March
    expect(proposedRefillSlot({ ...base, dueDate: '2026-03-08', today: '2026-03-01' })).toBe(
      '2026-03-06T09:00:00.000Z',
    );
    // a working day stays
    expect(proposedRefillSlot({ ...base, dueDate: '2026-03-04', today: '2026-03-01' })).toBe(
      '2026-03-04T09:00:00.000Z',
    );
  });

  it('never proposes a day before today; overdue or unreachable → first working day from today', () => {
    // today Saturday 7 March, due Sunday 8 March: Friday is past → Monday 9 March
    expect(proposedRefillSlot({ ...base, dueDate: '2026-03-08', today: '2026-03-07' })).toBe(
      '2026-03-09T09:00:00.000Z',
    );
    // overdue, today Wednesday
    expect(proposedRefillSlot({ ...base, dueDate: '2026-02-20', today: '2026-03-04' })).toBe(
      '2026-03-04T09:00:00.000Z',
    );
    // due today on a working day
    expect(proposedRefillSlot({ ...base, dueDate: '2026-03-04', today: '2026-03-04' })).toBe(
      '2026-03-04T09:00:00.000Z',
    );
  });

  it('honours custom working days and returns null without any', () => {
    expect(proposedRefillSlot({ ...base, workingDays: [2, 4], dueDate: '2026-03-09', today: '2026-03-01' })).toBe(
      '2026-03-05T09:00:00.000Z',
    );
    expect(proposedRefillSlot({ ...base, workingDays: [], dueDate: '2026-03-09', today: '2026-03-01' })).toBeNull();
  });
});
