import {
  computeStatus,
  MS_PER_DAY,
  parseInstant,
  projectionInstants,
  validateStatusInput,
  type StatusInput,
} from '../src';
import { statusInput } from './helpers';

// Base fixture (helpers.statusInput): London, 40 mL at 0.4 mL/day from 2026-02-01T10:00Z.
// Nominal alarm 2026-05-07T10:00Z, worst-case alarm 2026-04-25T09:15:58Z, empty 2026-05-12T10:00Z, due 2026-04-24.
const status = (overrides: Partial<StatusInput> = {}) => computeStatus(statusInput(overrides));
const codes = (overrides: Partial<StatusInput>) => status(overrides).alarms;
const isoMs = (ms: number) => new Date(ms).toISOString();

/** A pump whose nominal low-reservoir alarm falls exactly at `alarmAt` (12 mL at 1 mL/day, alarm 2 mL). */
function alarmAtInput(alarmAt: string, timeZone: string): StatusInput {
  const lastRefillAt = isoMs(parseInstant(alarmAt) - 10 * MS_PER_DAY);
  return statusInput({
    now: lastRefillAt,
    timeZone,
    lastRefill: { at: lastRefillAt, reservoirVolumeAfterMl: 12, concentrationMcgPerMl: 500 },
    dosePrograms: [{ effectiveAt: '2020-01-01T00:00:00Z', basalDoseMcgPerDay: 500 }],
    appointmentAt: lastRefillAt,
  });
}

describe('status: base projection', () => {
  it('matches the hand computation', () => {
    expect(status()).toEqual({
      programmedDoseMcgPerDay: 200,
      planningDoseMcgPerDay: 200,
      rateMlPerDay: 0.4,
      reservoirNowMl: 28.82,
      lowReservoirAlarmAt: '2026-05-07T10:00:00Z',
      worstCaseLowReservoirAlarmAt: '2026-04-25T09:15:58Z',
      projectedEmptyAt: '2026-05-12T10:00:00Z',
      worstCaseEmptyAt: '2026-04-29T18:04:11Z',
      refillDueDate: '2026-04-24',
      refillDueReason: 'WORST_CASE_LOW_RESERVOIR',
      alarms: [{ code: 'REFILL_NOT_BOOKED', priority: 'low' }],
      worstCaseFactor: 1.145,
    });
  });

  it('accepts now exactly at lastRefill.at', () => {
    expect(status({ now: '2026-02-01T10:00:00Z' }).reservoirNowMl).toBe(40);
  });
});

describe('status: zero rate', () => {
  it('gives null instants, a drug-stability due date and no NaN', () => {
    const out = status({ dosePrograms: [{ effectiveAt: '2025-12-01T10:00:00Z', basalDoseMcgPerDay: 0 }] });
    expect(out).toMatchObject({
      programmedDoseMcgPerDay: 0,
      planningDoseMcgPerDay: 0,
      rateMlPerDay: 0,
      reservoirNowMl: 40,
      lowReservoirAlarmAt: null,
      worstCaseLowReservoirAlarmAt: null,
      projectedEmptyAt: null,
      worstCaseEmptyAt: null,
      refillDueDate: '2026-07-31',
      refillDueReason: 'DRUG_STABILITY',
    });
    expect(JSON.stringify(out)).not.toMatch(/NaN|Infinity/);
  });

  it('stops projecting when a later program sets the rate to 0', () => {
    const out = status({
      dosePrograms: [
        { effectiveAt: '2025-12-01T10:00:00Z', basalDoseMcgPerDay: 200 },
        { effectiveAt: '2026-02-11T10:00:00Z', basalDoseMcgPerDay: 0 },
      ],
    });
    expect(out.reservoirNowMl).toBe(36);
    expect(out.projectedEmptyAt).toBeNull();
    expect(out.rateMlPerDay).toBe(0);
  });

  it('uses lastRefill.at when the level is already reached', () => {
    const out = status({
      lastRefill: { at: '2026-02-01T10:00:00Z', reservoirVolumeAfterMl: 0, concentrationMcgPerMl: 500 },
    });
    expect(out.lowReservoirAlarmAt).toBe('2026-02-01T10:00:00Z');
    expect(out.projectedEmptyAt).toBe('2026-02-01T10:00:00Z');
    expect(out.worstCaseEmptyAt).toBe('2026-02-01T10:00:00Z');
    expect(out.alarms.map((a) => a.code)).toEqual(['LOW_RESERVOIR', 'REFILL_OVERDUE', 'RESERVOIR_EMPTY']);
  });
});

describe('status: program changes', () => {
  it('ignores programs superseded before the refill and applies later ones', () => {
    const out = status({
      now: '2026-02-21T10:00:00Z',
      dosePrograms: [
        { effectiveAt: '2025-06-01T00:00:00Z', basalDoseMcgPerDay: 5000 },
        { effectiveAt: '2025-12-01T10:00:00Z', basalDoseMcgPerDay: 200 },
        { effectiveAt: '2026-02-11T10:00:00Z', basalDoseMcgPerDay: 400 },
      ],
    });
    // 10 days at 0.4 + 10 days at 0.8
    expect(out.reservoirNowMl).toBe(28);
    expect(out.programmedDoseMcgPerDay).toBe(400);
    expect(out.rateMlPerDay).toBe(0.8);
    expect(out.projectedEmptyAt).toBe('2026-03-28T10:00:00Z');
  });

  it('includes programs after now in the projection but reports the dose in force now', () => {
    const out = status({
      now: '2026-02-11T10:00:00Z',
      dosePrograms: [
        { effectiveAt: '2025-12-01T10:00:00Z', basalDoseMcgPerDay: 200 },
        { effectiveAt: '2026-02-21T10:00:00Z', basalDoseMcgPerDay: 400 },
      ],
    });
    expect(out.programmedDoseMcgPerDay).toBe(200);
    expect(out.reservoirNowMl).toBe(36);
    // 20 days at 0.4 mL/day leave 32 mL on 02-21, then 40 days at 0.8 mL/day.
    expect(out.projectedEmptyAt).toBe('2026-04-02T10:00:00Z');
  });

  it('lets the later array entry win on equal effectiveAt (also in force at lastRefill.at)', () => {
    const first = status({
      dosePrograms: [
        { effectiveAt: '2026-02-01T10:00:00Z', basalDoseMcgPerDay: 400 },
        { effectiveAt: '2026-02-01T10:00:00Z', basalDoseMcgPerDay: 200 },
      ],
    });
    expect(first.programmedDoseMcgPerDay).toBe(200);
    expect(first.projectedEmptyAt).toBe('2026-05-12T10:00:00Z');
    const later = status({
      dosePrograms: [
        { effectiveAt: '2025-12-01T10:00:00Z', basalDoseMcgPerDay: 200 },
        { effectiveAt: '2026-02-11T10:00:00Z', basalDoseMcgPerDay: 200 },
        { effectiveAt: '2026-02-11T10:00:00+00:00', basalDoseMcgPerDay: 400 },
      ],
      now: '2026-02-21T10:00:00Z',
    });
    expect(later.reservoirNowMl).toBe(28);
  });

  it('projects flex programs with the planning dose (boluses included)', () => {
    const out = status({
      dosePrograms: [
        {
          effectiveAt: '2025-12-01T10:00:00Z',
          flexSteps: [
            { durationMinutes: 600, doseRateMcgPerHour: 6 },
            { durationMinutes: 840, doseRateMcgPerHour: 10 },
          ],
          bolusDoseMcg: 10,
          maxBolusesPerDay: 2,
        },
      ],
    });
    expect(out.programmedDoseMcgPerDay).toBe(200);
    expect(out.planningDoseMcgPerDay).toBe(220);
    expect(out.rateMlPerDay).toBe(0.44);
  });

  it('needs both bolus fields for the bolus term', () => {
    const out = status({
      dosePrograms: [{ effectiveAt: '2025-12-01T10:00:00Z', basalDoseMcgPerDay: 200, bolusDoseMcg: 50 }],
    });
    expect(out.planningDoseMcgPerDay).toBe(200);
  });

  it('uses the pump worst-case factor over the policy one', () => {
    const out = status({ pump: { reservoirCapacityMl: 40, worstCaseFactor: 1 }, policy: { worstCaseFactor: 1.5 } });
    expect(out.worstCaseEmptyAt).toBe(out.projectedEmptyAt);
  });
});

describe('status: due date in the local calendar', () => {
  it('uses local dates around local midnight', () => {
    // New York winter: local midnight is 05:00Z.
    expect(computeStatus(alarmAtInput('2026-01-20T04:59:59Z', 'America/New_York')).refillDueDate).toBe('2026-01-12');
    expect(computeStatus(alarmAtInput('2026-01-20T05:00:00Z', 'America/New_York')).refillDueDate).toBe('2026-01-13');
    // Sydney winter (AEST, +10): local midnight is 14:00Z the day before.
    expect(computeStatus(alarmAtInput('2026-07-19T13:59:59Z', 'Australia/Sydney')).refillDueDate).toBe('2026-07-12');
    expect(computeStatus(alarmAtInput('2026-07-19T14:00:00Z', 'Australia/Sydney')).refillDueDate).toBe('2026-07-13');
  });

  it.each([
    // New York spring forward 2026-03-08: 04:30Z on 03-09 is 00:30 EDT (a fixed −5 h offset would say 03-08).
    ['America/New_York', '2026-03-09T04:30:00Z', '2026-03-09', '2026-03-02'],
    ['America/New_York', '2026-03-08T06:30:00Z', '2026-03-08', '2026-03-01'],
    // New York fall back 2026-11-01: 04:30Z on 11-02 is 23:30 EST on 11-01.
    ['America/New_York', '2026-11-02T04:30:00Z', '2026-11-01', '2026-10-25'],
    ['America/New_York', '2026-11-01T05:30:00Z', '2026-11-01', '2026-10-25'],
    // Sydney fall back 2026-04-05: 13:30Z is 23:30 AEST on 04-05 (AEDT would say 04-06).
    ['Australia/Sydney', '2026-04-05T13:30:00Z', '2026-04-05', '2026-03-29'],
    // Sydney spring forward 2026-10-04: 13:30Z is 00:30 AEDT on 10-05.
    ['Australia/Sydney', '2026-10-04T13:30:00Z', '2026-10-05', '2026-09-28'],
    ['Australia/Sydney', '2026-10-03T15:30:00Z', '2026-10-04', '2026-09-27'],
  ])('%s alarm %s (local %s) → due %s', (timeZone, alarmAt, _localAlarmDate, due) => {
    const out = computeStatus(alarmAtInput(alarmAt, timeZone));
    expect(out.lowReservoirAlarmAt).toBe(alarmAt.replace('.000', ''));
    expect(out.refillDueDate).toBe(due);
    expect(out.refillDueReason).toBe('LOW_RESERVOIR');
  });

  it('counts the drug-stability interval in calendar days across DST', () => {
    // 2026-03-01 local New York + 14 days crosses the spring-forward night.
    const out = status({
      timeZone: 'America/New_York',
      lastRefill: {
        at: '2026-03-01T10:00:00Z',
        reservoirVolumeAfterMl: 40,
        concentrationMcgPerMl: 500,
        beyondUseDays: 14,
      },
      now: '2026-03-02T10:00:00Z',
    });
    expect(out.refillDueDate).toBe('2026-03-15');
    expect(out.refillDueReason).toBe('DRUG_STABILITY');
  });

  it('uses the high-risk buffer', () => {
    const out = status({ patient: { highRisk: true }, pump: { reservoirCapacityMl: 40, worstCaseFactor: 1 } });
    expect(out.refillDueDate).toBe('2026-04-23');
    expect(out.refillDueReason).toBe('LOW_RESERVOIR');
  });

  it.each([
    // factor 1 → worst case = nominal; buffer 1 = margin 1 → LOW_RESERVOIR wins the tie.
    [{ bufferDays: 1, worstCaseMarginDays: 1 }, null, '2026-05-06', 'LOW_RESERVOIR'],
    // worst-case term (alarm − 5) ties with drug stability (2026-02-01 + 89 = 2026-05-01... + 1) → WORST_CASE first.
    [{ bufferDays: 0, worstCaseMarginDays: 5 }, 90, '2026-05-02', 'WORST_CASE_LOW_RESERVOIR'],
    [{ bufferDays: 5, worstCaseMarginDays: 1 }, 90, '2026-05-02', 'LOW_RESERVOIR'],
    [{ bufferDays: 10, worstCaseMarginDays: 10 }, 84, '2026-04-26', 'DRUG_STABILITY'],
  ] as const)('ties resolve in contract order (%j, beyondUse %s)', (policy, beyondUseDays, date, reason) => {
    const out = status({
      pump: { reservoirCapacityMl: 40, worstCaseFactor: 1 },
      policy,
      lastRefill: { at: '2026-02-01T10:00:00Z', reservoirVolumeAfterMl: 40, concentrationMcgPerMl: 500, beyondUseDays },
    });
    expect([out.refillDueDate, out.refillDueReason]).toEqual([date, reason]);
  });

  it('caps the interval at min(maxRefillIntervalDays, beyondUseDays)', () => {
    const zero = [{ effectiveAt: '2025-12-01T10:00:00Z', basalDoseMcgPerDay: 0 }];
    const lastRefill = { at: '2026-02-01T10:00:00Z', reservoirVolumeAfterMl: 40, concentrationMcgPerMl: 500 };
    expect(status({ dosePrograms: zero, lastRefill: { ...lastRefill, beyondUseDays: 365 } }).refillDueDate).toBe(
      '2026-07-31',
    );
    expect(status({ dosePrograms: zero, lastRefill: { ...lastRefill, beyondUseDays: 30 } }).refillDueDate).toBe(
      '2026-03-03',
    );
    expect(status({ dosePrograms: zero, policy: { maxRefillIntervalDays: 28 } }).refillDueDate).toBe('2026-03-01');
  });
});

describe('status: alarms', () => {
  const wcAlarmMs = projectionInstants(validateStatusInput(statusInput())).worstCaseLowReservoirAlarmAtMs!;

  it.each([
    ['2026-04-02T09:00:00Z', 'low'],
    ['2026-04-03T09:00:00Z', 'medium'],
    ['2026-04-16T09:00:00Z', 'medium'],
    ['2026-04-17T09:00:00Z', 'high'],
    ['2026-04-24T09:00:00Z', 'high'],
  ])('REFILL_NOT_BOOKED at %s is %s (due 2026-04-24)', (now, priority) => {
    expect(codes({ now })).toEqual([{ code: 'REFILL_NOT_BOOKED', priority }]);
  });

  it('is overdue only after the due date: high before the worst-case alarm, critical from it', () => {
    expect(codes({ now: '2026-04-24T22:59:59Z' })).toEqual([{ code: 'REFILL_NOT_BOOKED', priority: 'high' }]);
    expect(codes({ now: '2026-04-24T23:00:00Z' })).toEqual([{ code: 'REFILL_OVERDUE', priority: 'high' }]);
    expect(codes({ now: isoMs(wcAlarmMs - 1) })).toEqual([{ code: 'REFILL_OVERDUE', priority: 'high' }]);
    expect(codes({ now: isoMs(wcAlarmMs) })).toEqual([{ code: 'REFILL_OVERDUE', priority: 'critical' }]);
  });

  it('raises LOW_RESERVOIR from the nominal alarm instant and RESERVOIR_EMPTY from empty', () => {
    expect(codes({ now: '2026-05-07T09:59:59Z' }).map((a) => a.code)).toEqual(['REFILL_OVERDUE']);
    expect(codes({ now: '2026-05-07T10:00:00Z' })).toEqual([
      { code: 'LOW_RESERVOIR', priority: 'critical' },
      { code: 'REFILL_OVERDUE', priority: 'critical' },
    ]);
    const empty = status({ now: '2026-05-12T10:00:00Z' });
    expect(empty.reservoirNowMl).toBe(0);
    expect(empty.alarms.map((a) => a.code)).toEqual(['LOW_RESERVOIR', 'REFILL_OVERDUE', 'RESERVOIR_EMPTY']);
    expect(status({ now: '2026-09-01T00:00:00Z' }).reservoirNowMl).toBe(0);
  });

  it('flags an appointment at or after the worst-case alarm, else after the due date', () => {
    expect(codes({ appointmentAt: isoMs(wcAlarmMs) })).toEqual([{ code: 'APPOINTMENT_AFTER_ALARM', priority: 'high' }]);
    expect(codes({ appointmentAt: isoMs(wcAlarmMs - 1) })).toEqual([
      { code: 'APPOINTMENT_AFTER_DUE_DATE', priority: 'medium' },
    ]);
    // 2026-04-24T23:30Z is already 04-25 in London (BST).
    expect(codes({ appointmentAt: '2026-04-24T23:30:00Z' })).toEqual([
      { code: 'APPOINTMENT_AFTER_DUE_DATE', priority: 'medium' },
    ]);
    expect(codes({ appointmentAt: '2026-04-24T22:30:00Z' })).toEqual([]);
  });

  it('counts a past appointment as booked', () => {
    expect(codes({ appointmentAt: '2026-02-15T10:00:00Z', now: '2026-04-20T09:00:00Z' })).toEqual([]);
  });

  it('escalates every priority one level for a high-risk patient, capped at critical', () => {
    const highRisk = { patient: { highRisk: true }, pump: { reservoirCapacityMl: 40, worstCaseFactor: 1.145 } };
    // High-risk due date: nominal alarm 05-07 − 14 = 04-23 (earlier than the worst-case term 04-24).
    expect(codes({ ...highRisk })).toEqual([{ code: 'REFILL_NOT_BOOKED', priority: 'medium' }]);
    expect(codes({ ...highRisk, now: '2026-04-16T09:00:00Z' })).toEqual([
      { code: 'REFILL_NOT_BOOKED', priority: 'critical' },
    ]);
    expect(codes({ ...highRisk, appointmentAt: '2026-04-24T09:00:00Z' })).toEqual([
      { code: 'APPOINTMENT_AFTER_DUE_DATE', priority: 'high' },
    ]);
    expect(codes({ ...highRisk, now: '2026-05-12T10:00:00Z' })).toEqual([
      { code: 'LOW_RESERVOIR', priority: 'critical' },
      { code: 'REFILL_OVERDUE', priority: 'critical' },
      { code: 'RESERVOIR_EMPTY', priority: 'critical' },
    ]);
  });

  it('sorts by priority, then code', () => {
    const out = codes({ now: '2026-04-26T09:00:00Z', appointmentAt: '2026-06-01T09:00:00Z' });
    expect(out).toEqual([
      { code: 'REFILL_OVERDUE', priority: 'critical' },
      { code: 'APPOINTMENT_AFTER_ALARM', priority: 'high' },
    ]);
  });
});
