import { isRecordInFuture, isTriageCallTooOld } from '../src';

const NOW = Date.parse('2026-03-05T21:10:00Z');
const MIN = 60_000;

describe('record times', () => {
  it('tolerates 5 minutes of clock difference, then refuses a record in the future', () => {
    expect(isRecordInFuture(NOW, NOW)).toBe(false);
    expect(isRecordInFuture(NOW + 5 * MIN, NOW)).toBe(false);
    expect(isRecordInFuture(NOW + 5 * MIN + 1, NOW)).toBe(true);
  });

  it('triages a call up to 24 hours after it came in, not later', () => {
    expect(isTriageCallTooOld(NOW - 24 * 60 * MIN, NOW)).toBe(false);
    expect(isTriageCallTooOld(NOW - 24 * 60 * MIN - 1, NOW)).toBe(true);
    expect(isTriageCallTooOld(NOW + MIN, NOW)).toBe(false);
  });
});
