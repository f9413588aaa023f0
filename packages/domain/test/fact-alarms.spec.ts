import {
  DEFAULT_ALARM_POLICY,
  escalationDueMs,
  factAlarms,
  mergeAlarmDetails,
  PHYSICIAN_ONLY_CODES,
  type DeviceFacts,
  type FactAlarmFacts,
} from '../src';

const NOW = '2026-03-10T09:00:00.000Z';
const device = (extra: Partial<DeviceFacts> = {}): DeviceFacts => ({
  now: NOW,
  timeZone: 'Europe/London',
  pumpModel: 'PROMETRA_II',
  implantedAt: '2025-01-01T00:00:00.000Z',
  expectedBatteryEndAt: null,
  eriRecordedAt: null,
  highRisk: false,
  ...extra,
});
const noFacts = (extra: Partial<FactAlarmFacts> = {}): FactAlarmFacts => ({
  lastRefill: null,
  resolvedRefillIds: new Set(),
  therapyInterrupted: false,
  interruption: null,
  resolvedInterruptionIds: new Set(),
  mriCheckDue: false,
  eriDate: null,
  eriReportedAt: null,
  missedAppointments: [],
  unverifiedPrograms: [],
  ...extra,
});
const args = (extra: { highRisk?: boolean; device?: DeviceFacts } = {}) => ({
  pumpId: 'p1',
  highRisk: extra.highRisk ?? false,
  device: extra.device ?? device(),
});

describe('factAlarms: alarms raised from stored facts', () => {
  it('raises nothing for a pump without facts', () => {
    expect(factAlarms(noFacts(), args())).toEqual([]);
  });

  it('raises REFILL_DISCREPANCY (high) for the latest refill out of range, with its values', () => {
    const facts = noFacts({
      lastRefill: {
        id: 'r1',
        at: new Date('2026-03-01T10:00:00Z'),
        discrepancy: 'SUSPECTED_OVER_INFUSION',
        discrepancyMl: -3.2,
      },
    });
    expect(factAlarms(facts, args())).toEqual([
      {
        code: 'REFILL_DISCREPANCY',
        priority: 'high',
        details: {
          refillId: 'r1',
          refillIds: ['r1'],
          refillAt: '2026-03-01T10:00:00.000Z',
          discrepancy: 'SUSPECTED_OVER_INFUSION',
          discrepancyMl: -3.2,
        },
      },
    ]);
  });

  it('does not raise a discrepancy within range or one a physician already reviewed', () => {
    const refill = { id: 'r1', at: NOW, discrepancy: 'NONE', discrepancyMl: 0.1 };
    expect(factAlarms(noFacts({ lastRefill: refill }), args())).toEqual([]);
    const reviewed = noFacts({
      lastRefill: { ...refill, discrepancy: 'SUSPECTED_UNDER_INFUSION', discrepancyMl: 4 },
      resolvedRefillIds: new Set(['r1']),
    });
    expect(factAlarms(reviewed, args())).toEqual([]);
  });

  it('raises THERAPY_INTERRUPTED (critical) keyed by the event, and not again once reviewed', () => {
    const interruption = { eventId: 'e1', type: 'MOTOR_STALL', at: '2026-03-09T08:00:00Z' };
    const facts = noFacts({ therapyInterrupted: true, interruption });
    expect(factAlarms(facts, args())).toEqual([
      {
        code: 'THERAPY_INTERRUPTED',
        priority: 'critical',
        details: { eventId: 'e1', eventType: 'MOTOR_STALL', eventAt: '2026-03-09T08:00:00.000Z' },
      },
    ]);
    expect(factAlarms({ ...facts, resolvedInterruptionIds: new Set(['e1']) }, args())).toEqual([]);
  });

  it('keys an interruption without an event by the pump', () => {
    expect(factAlarms(noFacts({ therapyInterrupted: true }), args())[0].details).toEqual({
      eventId: 'pump:p1',
      eventType: null,
      eventAt: null,
    });
    expect(
      factAlarms(noFacts({ therapyInterrupted: true, resolvedInterruptionIds: new Set(['pump:p1']) }), args()),
    ).toEqual([]);
  });

  it('raises MRI_CHECK_DUE (critical) without details', () => {
    expect(factAlarms(noFacts({ mriCheckDue: true }), args())).toEqual([
      { code: 'MRI_CHECK_DUE', priority: 'critical', details: null },
    ]);
  });

  it('raises the battery alarms (most urgent first) with the printout date and the stop-by date (ERI + 90 days, clinic date)', () => {
    const facts = noFacts({ eriDate: '2026-05-01', eriReportedAt: new Date('2026-03-01T23:30:00Z') });
    const dev = device({
      expectedBatteryEndAt: '2026-05-01T00:00:00+01:00',
      eriRecordedAt: '2026-03-01T23:30:00.000Z',
    });
    expect(factAlarms(facts, args({ device: dev }))).toEqual([
      {
        code: 'BATTERY_ERI_REACHED',
        priority: 'critical',
        details: { eriReportedAt: '2026-03-01T23:30:00.000Z', stopByDate: '2026-05-30' },
      },
      { code: 'BATTERY_ERI_SOON', priority: 'medium', details: { eriDate: '2026-05-01' } },
    ]);
  });

  it('raises APPOINTMENT_MISSED (high) for all missed appointments, dated by the latest', () => {
    const facts = noFacts({
      missedAppointments: [
        { id: 'a1', at: '2026-02-01T09:00:00Z' },
        { id: 'a2', at: new Date('2026-03-02T09:30:00Z') },
      ],
    });
    expect(factAlarms(facts, args())).toEqual([
      {
        code: 'APPOINTMENT_MISSED',
        priority: 'high',
        details: { appointmentIds: ['a1', 'a2'], latestAt: '2026-03-02T09:30:00.000Z' },
      },
    ]);
  });

  it('raises DOSE_UNVERIFIED (medium) listing the programs', () => {
    expect(factAlarms(noFacts({ unverifiedPrograms: [{ id: 'd1' }, { id: 'd2' }] }), args())).toEqual([
      { code: 'DOSE_UNVERIFIED', priority: 'medium', details: { doseProgramIds: ['d1', 'd2'] } },
    ]);
  });

  it('orders the alarms and escalates each one level (capped at critical) for a high-risk patient', () => {
    const facts = noFacts({
      lastRefill: { id: 'r1', at: NOW, discrepancy: 'SUSPECTED_UNDER_INFUSION', discrepancyMl: 4 },
      therapyInterrupted: true,
      interruption: { eventId: 'e1', type: 'PUMP_STOPPED', at: NOW },
      mriCheckDue: true,
      missedAppointments: [{ id: 'a1', at: NOW }],
      unverifiedPrograms: [{ id: 'd1' }],
    });
    const summary = (highRisk: boolean) => factAlarms(facts, args({ highRisk })).map((a) => [a.code, a.priority]);
    expect(summary(false)).toEqual([
      ['REFILL_DISCREPANCY', 'high'],
      ['THERAPY_INTERRUPTED', 'critical'],
      ['MRI_CHECK_DUE', 'critical'],
      ['APPOINTMENT_MISSED', 'high'],
      ['DOSE_UNVERIFIED', 'medium'],
    ]);
    expect(summary(true)).toEqual([
      ['REFILL_DISCREPANCY', 'critical'],
      ['THERAPY_INTERRUPTED', 'critical'],
      ['MRI_CHECK_DUE', 'critical'],
      ['APPOINTMENT_MISSED', 'critical'],
      ['DOSE_UNVERIFIED', 'high'],
    ]);
  });

  it('escalates the battery alarms by the patient, not by the device facts', () => {
    const dev = device({ expectedBatteryEndAt: '2026-05-01T00:00:00Z', highRisk: true });
    expect(factAlarms(noFacts({ eriDate: '2026-05-01' }), args({ device: dev }))[0].priority).toBe('medium');
    expect(factAlarms(noFacts({ eriDate: '2026-05-01' }), args({ device: dev, highRisk: true }))[0].priority).toBe(
      'high',
    );
  });

  it('leaves discrepancies and interruptions to a physician', () => {
    expect([...PHYSICIAN_ONLY_CODES].sort()).toEqual(['REFILL_DISCREPANCY', 'THERAPY_INTERRUPTED']);
  });
});

describe('mergeAlarmDetails', () => {
  it('gathers every flagged refill into the open discrepancy alarm', () => {
    const stored = { refillId: 'r1', refillIds: ['r1'] };
    const desired = { refillId: 'r2', refillIds: ['r2'] };
    expect(mergeAlarmDetails('REFILL_DISCREPANCY', stored, desired)).toEqual({
      refillId: 'r2',
      refillIds: ['r1', 'r2'],
    });
    expect(mergeAlarmDetails('REFILL_DISCREPANCY', { refillIds: ['r2'] }, desired)).toEqual(desired);
  });

  it('takes the new details for every other alarm', () => {
    const desired = { appointmentIds: ['a2'] };
    expect(mergeAlarmDetails('APPOINTMENT_MISSED', { appointmentIds: ['a1'] }, desired)).toBe(desired);
  });
});

// Reading and checking the lifecycle policy itself: test/clinic-policy.spec.ts.
describe('alarm lifecycle policy', () => {
  it('escalates an open critical alarm after 15 min and a high one after 4 h by default', () => {
    const raisedAt = new Date('2026-03-10T09:00:00Z');
    const base = { status: 'open', escalated: false, raisedAt };
    expect(escalationDueMs({ ...base, priority: 'critical' }, DEFAULT_ALARM_POLICY)).toBe(
      Date.parse('2026-03-10T09:15:00Z'),
    );
    expect(escalationDueMs({ ...base, priority: 'high' }, DEFAULT_ALARM_POLICY)).toBe(
      Date.parse('2026-03-10T13:00:00Z'),
    );
  });

  it('never escalates a medium/low, acknowledged, snoozed or already escalated alarm', () => {
    const raisedAt = new Date('2026-03-10T09:00:00Z');
    const p = DEFAULT_ALARM_POLICY;
    expect(escalationDueMs({ status: 'open', escalated: false, priority: 'medium', raisedAt }, p)).toBeNull();
    expect(escalationDueMs({ status: 'open', escalated: false, priority: 'low', raisedAt }, p)).toBeNull();
    expect(escalationDueMs({ status: 'acknowledged', escalated: false, priority: 'critical', raisedAt }, p)).toBeNull();
    expect(escalationDueMs({ status: 'snoozed', escalated: false, priority: 'critical', raisedAt }, p)).toBeNull();
    expect(escalationDueMs({ status: 'open', escalated: true, priority: 'critical', raisedAt }, p)).toBeNull();
  });
});
