import fc from 'fast-check';
import {
  compareUrgency,
  evaluate,
  isEngineError,
  lastDoseIncreaseAt,
  oralBackupPlanProblems,
  triageAlarmPriority,
  triageCall,
  triageContextFromPump,
  TRIAGE_SYMPTOMS,
  type TriageInput,
  type TriageSymptom,
} from '../src';

const NOW = '2026-03-05T21:10:00Z';
const NOW_MS = Date.parse(NOW);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function call(overrides: Partial<TriageInput> = {}): TriageInput {
  return { kind: 'triage', now: NOW, patient: { highRisk: false, oralBackupPlan: true }, symptoms: [], ...overrides };
}

function expectCode(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (e) {
    expect(isEngineError(e) && e.code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('triage: what is suspected', () => {
  it.each([
    [['ITCHING'], 'WITHDRAWAL'],
    [['DROWSINESS'], 'OVERDOSE'],
    [['SEIZURE'], 'UNCLEAR'],
    [['ITCHING', 'DIZZINESS'], 'UNCLEAR'],
    [[], 'NONE'],
  ] as [TriageSymptom[], string][])('%j → %s', (symptoms, suspected) => {
    expect(triageCall(call({ symptoms })).suspected).toBe(suspected);
  });
});

describe('triage: urgency, reasons and actions', () => {
  it('a mild withdrawal sign on a quiet pump: pump check today, oral backup plan', () => {
    expect(triageCall(call({ symptoms: ['ITCHING'] }))).toEqual({
      urgency: 'URGENT_SAME_DAY',
      suspected: 'WITHDRAWAL',
      reasons: [],
      actions: ['PUMP_CHECK_TODAY', 'START_ORAL_BACKUP_PLAN'],
    });
  });

  it('without a documented backup plan no oral baclofen is suggested', () => {
    const out = triageCall(call({ symptoms: ['ITCHING'], patient: { oralBackupPlan: false } }));
    expect(out.actions).toEqual(['PUMP_CHECK_TODAY']);
  });

  it('nothing reported and no alarm heard: routine, never raised, no reasons', () => {
    const out = triageCall(
      call({
        patient: { highRisk: true, oralBackupPlan: true },
        context: { openAlarms: ['THERAPY_INTERRUPTED'], reservoirAtOrBelowAlarm: true, lastRefillAt: NOW },
      }),
    );
    expect(out).toEqual({ urgency: 'ROUTINE', suspected: 'NONE', reasons: [], actions: ['ROUTINE_FOLLOW_UP'] });
  });

  it('an alarm heard alone is same-day, with its reason', () => {
    expect(triageCall(call({ pumpAlarmHeard: true }))).toEqual({
      urgency: 'URGENT_SAME_DAY',
      suspected: 'NONE',
      reasons: ['PUMP_ALARM_HEARD'],
      actions: ['PUMP_CHECK_TODAY'],
    });
  });

  it.each(['HIGH_FEVER', 'ALTERED_MENTAL_STATE', 'SEIZURE', 'RIGIDITY', 'SLOW_BREATHING', 'UNRESPONSIVE'])(
    'severe sign %s is an emergency',
    (s) => {
      const out = triageCall(call({ symptoms: [s as TriageSymptom] }));
      expect(out.urgency).toBe('EMERGENCY');
      expect(out.reasons).toContain('SEVERE_SYMPTOM');
      expect(out.actions.slice(0, 2)).toEqual(['BRING_EMERGENCY_CARD', 'EMERGENCY_DEPARTMENT_NOW']);
    },
  );

  it('a high-risk patient turns a same-day call into an emergency', () => {
    const out = triageCall(call({ symptoms: ['PARESTHESIA'], patient: { highRisk: true } }));
    expect(out).toMatchObject({ urgency: 'EMERGENCY', reasons: ['HIGH_RISK_PATIENT'] });
  });

  it('a low reservoir raises withdrawal and unclear calls, not overdose calls', () => {
    const context = { reservoirAtOrBelowAlarm: true };
    expect(triageCall(call({ symptoms: ['ITCHING'], context })).reasons).toEqual(['RESERVOIR_LOW']);
    expect(triageCall(call({ symptoms: ['ITCHING', 'DIZZINESS'], context })).urgency).toBe('EMERGENCY');
    expect(triageCall(call({ symptoms: ['DIZZINESS'], context }))).toMatchObject({
      urgency: 'URGENT_SAME_DAY',
      reasons: [],
    });
  });

  it.each(['THERAPY_INTERRUPTED', 'RESERVOIR_EMPTY', 'REFILL_DISCREPANCY'])('open alarm %s raises', (code) => {
    const out = triageCall(call({ symptoms: ['DIZZINESS'], context: { openAlarms: ['REFILL_NOT_BOOKED', code] } }));
    expect(out).toMatchObject({ urgency: 'EMERGENCY', reasons: ['OPEN_PUMP_ALARM'] });
  });

  it('other open alarms do not raise', () => {
    const out = triageCall(
      call({ symptoms: ['DIZZINESS'], context: { openAlarms: ['REFILL_OVERDUE', 'TRIAGE_OPEN'] } }),
    );
    expect(out.urgency).toBe('URGENT_SAME_DAY');
  });

  it('recent dose increase: 7 days before now counts, a second more does not, a future one does not', () => {
    const at = (ms: number) => triageCall(call({ symptoms: ['HYPOTONIA'], context: { lastDoseIncreaseAt: iso(ms) } }));
    expect(at(NOW_MS - 7 * DAY).reasons).toEqual(['RECENT_DOSE_INCREASE']);
    expect(at(NOW_MS).reasons).toEqual(['RECENT_DOSE_INCREASE']);
    expect(at(NOW_MS - 7 * DAY - 1000).urgency).toBe('URGENT_SAME_DAY');
    expect(at(NOW_MS + 1000).urgency).toBe('URGENT_SAME_DAY');
  });

  it('recent refill: 48 h before now counts, a second more does not, a future one does not', () => {
    const at = (ms: number) => triageCall(call({ symptoms: ['DROWSINESS'], context: { lastRefillAt: iso(ms) } }));
    expect(at(NOW_MS - 48 * HOUR).reasons).toEqual(['RECENT_REFILL']);
    expect(at(NOW_MS - 48 * HOUR - 1000).urgency).toBe('URGENT_SAME_DAY');
    expect(at(NOW_MS + 1000).urgency).toBe('URGENT_SAME_DAY');
  });

  it('recent changes do not raise a withdrawal call', () => {
    const context = { lastRefillAt: NOW, lastDoseIncreaseAt: NOW };
    expect(triageCall(call({ symptoms: ['ITCHING'], context })).urgency).toBe('URGENT_SAME_DAY');
  });

  it('an emergency by severe sign lists every reason that holds, sorted', () => {
    const out = triageCall(
      call({
        symptoms: ['SEIZURE'],
        pumpAlarmHeard: true,
        patient: { highRisk: true, oralBackupPlan: true },
        context: {
          pastWorstCaseAlarm: true,
          openAlarms: ['THERAPY_INTERRUPTED'],
          lastDoseIncreaseAt: NOW,
          lastRefillAt: NOW,
        },
      }),
    );
    expect(out).toEqual({
      urgency: 'EMERGENCY',
      suspected: 'UNCLEAR',
      reasons: [
        'HIGH_RISK_PATIENT',
        'OPEN_PUMP_ALARM',
        'PUMP_ALARM_HEARD',
        'RECENT_DOSE_INCREASE',
        'RECENT_REFILL',
        'RESERVOIR_LOW',
        'SEVERE_SYMPTOM',
      ],
      // seizure: an overdose is possible, so no oral baclofen
      actions: ['BRING_EMERGENCY_CARD', 'EMERGENCY_DEPARTMENT_NOW'],
    });
  });

  it('a symptom ticked twice counts once', () => {
    expect(triageCall(call({ symptoms: ['ITCHING', 'ITCHING'] }))).toEqual(triageCall(call({ symptoms: ['ITCHING'] })));
  });
});

describe('triage: input errors', () => {
  it.each([
    ['an unknown symptom', { symptoms: ['HEADACHE'] }, 'INVALID_INPUT'],
    ['a lower-case symptom', { symptoms: ['itching'] }, 'INVALID_INPUT'],
    ['a missing symptom list', { symptoms: undefined }, 'INVALID_INPUT'],
    ['a null symptom list', { symptoms: null }, 'INVALID_INPUT'],
    ['symptoms not a list', { symptoms: 'ITCHING' }, 'INVALID_INPUT'],
    ['pumpAlarmHeard not a boolean', { pumpAlarmHeard: 'yes' }, 'INVALID_INPUT'],
    ['highRisk not a boolean', { patient: { highRisk: 1 } }, 'INVALID_INPUT'],
    ['context not an object', { context: [] }, 'INVALID_INPUT'],
    ['openAlarms not a list', { context: { openAlarms: 'THERAPY_INTERRUPTED' } }, 'INVALID_INPUT'],
    ['a malformed alarm code', { context: { openAlarms: ['therapy interrupted'] } }, 'INVALID_INPUT'],
    ['a missing now', { now: undefined }, 'INVALID_INPUT'],
    ['a now without zone', { now: '2026-03-05T21:10:00' }, 'INVALID_INSTANT'],
    ['a bad lastRefillAt', { context: { lastRefillAt: 'yesterday' } }, 'INVALID_INSTANT'],
  ])('%s → %s', (_what, patch, code) => {
    expectCode(() => evaluate({ ...call(), ...patch }), code);
  });

  it('evaluate dispatches kind "triage"', () => {
    expect(evaluate(call({ symptoms: ['ITCHING'] }))).toEqual(triageCall(call({ symptoms: ['ITCHING'] })));
  });
});

describe('triage context from a pump', () => {
  const program = (effectiveAt: string, basalDoseMcgPerDay: number, bolus?: [number, number]) => ({
    effectiveAt,
    basalDoseMcgPerDay,
    ...(bolus ? { bolusDoseMcg: bolus[0], maxBolusesPerDay: bolus[1] } : {}),
  });

  it('the last increase: first start, higher dose, restart from 0, larger bolus allowance; not decreases', () => {
    expect(lastDoseIncreaseAt([], NOW)).toBeNull();
    expect(lastDoseIncreaseAt([program('2026-01-01T00:00:00Z', 300)], NOW)).toBe('2026-01-01T00:00:00Z');
    const programs = [
      program('2026-01-01T00:00:00Z', 300),
      program('2026-02-01T00:00:00Z', 350),
      program('2026-02-10T00:00:00Z', 250),
    ];
    expect(lastDoseIncreaseAt(programs, NOW)).toBe('2026-02-01T00:00:00Z');
    expect(lastDoseIncreaseAt([...programs, program('2026-03-01T00:00:00Z', 0)], NOW)).toBe('2026-02-01T00:00:00Z');
    expect(
      lastDoseIncreaseAt([...programs, program('2026-03-01T00:00:00Z', 0), program('2026-03-02T00:00:00Z', 100)], NOW),
    ).toBe('2026-03-02T00:00:00Z');
    expect(lastDoseIncreaseAt([...programs, program('2026-03-03T00:00:00Z', 250, [50, 2])], NOW)).toBe(
      '2026-03-03T00:00:00Z',
    );
  });

  it('a program not yet in force is not an increase; of two at the same instant the later one counts', () => {
    const base = [program('2026-01-01T00:00:00Z', 300)];
    expect(lastDoseIncreaseAt([...base, program('2026-03-06T00:00:00Z', 600)], NOW)).toBe('2026-01-01T00:00:00Z');
    const tie = [...base, program('2026-03-01T00:00:00Z', 600), program('2026-03-01T00:00:00Z', 200)];
    expect(lastDoseIncreaseAt(tie, NOW)).toBe('2026-01-01T00:00:00Z');
  });

  it('reads the projection at now; an unprojectable pump counts as low', () => {
    const ctx = triageContextFromPump({
      now: NOW,
      status: { lowReservoirAlarmAt: '2026-03-10T00:00:00Z', worstCaseLowReservoirAlarmAt: NOW },
      openAlarms: ['REFILL_OVERDUE', 'LOW_RESERVOIR', 'REFILL_OVERDUE'],
      dosePrograms: [],
      lastRefillAt: '2026-03-04T15:00:00.000Z',
    });
    expect(ctx).toEqual({
      reservoirAtOrBelowAlarm: false,
      pastWorstCaseAlarm: true,
      openAlarms: ['LOW_RESERVOIR', 'REFILL_OVERDUE'],
      lastDoseIncreaseAt: null,
      lastRefillAt: '2026-03-04T15:00:00Z',
    });
    const never = triageContextFromPump({
      now: NOW,
      status: { lowReservoirAlarmAt: null, worstCaseLowReservoirAlarmAt: null },
      openAlarms: [],
      dosePrograms: [],
      lastRefillAt: null,
    });
    expect([never.reservoirAtOrBelowAlarm, never.pastWorstCaseAlarm]).toEqual([false, false]);
    const unknown = triageContextFromPump({
      now: NOW,
      status: null,
      openAlarms: [],
      dosePrograms: [],
      lastRefillAt: null,
    });
    expect([unknown.reservoirAtOrBelowAlarm, unknown.pastWorstCaseAlarm]).toEqual([true, true]);
  });
});

describe('triage properties', () => {
  const symptoms = fc.uniqueArray(fc.constantFrom(...TRIAGE_SYMPTOMS), { maxLength: TRIAGE_SYMPTOMS.length });
  const instant = fc.option(
    fc.integer({ min: NOW_MS - 10 * DAY, max: NOW_MS + DAY }).map((ms) => iso(Math.floor(ms / 1000) * 1000)),
    { nil: null },
  );
  const triageInput: fc.Arbitrary<TriageInput> = fc.record({
    kind: fc.constant('triage' as const),
    now: fc.constant(NOW),
    patient: fc.record({ highRisk: fc.boolean(), oralBackupPlan: fc.boolean() }),
    symptoms,
    pumpAlarmHeard: fc.boolean(),
    context: fc.record({
      reservoirAtOrBelowAlarm: fc.boolean(),
      pastWorstCaseAlarm: fc.boolean(),
      openAlarms: fc.subarray(['THERAPY_INTERRUPTED', 'RESERVOIR_EMPTY', 'REFILL_DISCREPANCY', 'REFILL_OVERDUE']),
      lastDoseIncreaseAt: instant,
      lastRefillAt: instant,
    }),
  });

  it('adding a symptom never lowers the urgency', () => {
    fc.assert(
      fc.property(triageInput, fc.constantFrom(...TRIAGE_SYMPTOMS), (input, extra) => {
        const before = triageCall(input).urgency;
        const after = triageCall({ ...input, symptoms: [...input.symptoms, extra] }).urgency;
        expect(compareUrgency(after, before)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });

  it('hearing the pump alarm never lowers the urgency', () => {
    fc.assert(
      fc.property(triageInput, (input) => {
        const quiet = triageCall({ ...input, pumpAlarmHeard: false }).urgency;
        const heard = triageCall({ ...input, pumpAlarmHeard: true }).urgency;
        expect(compareUrgency(heard, quiet)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('a call where an overdose is possible never suggests oral baclofen', () => {
    fc.assert(
      fc.property(triageInput, (input) => {
        const out = triageCall(input);
        if (out.suspected === 'OVERDOSE' || out.suspected === 'UNCLEAR') {
          expect(out.actions).not.toContain('START_ORAL_BACKUP_PLAN');
        }
        if (
          input.symptoms.some((s) =>
            ['DROWSINESS', 'DIZZINESS', 'SLOW_BREATHING', 'HYPOTONIA', 'UNRESPONSIVE', 'SEIZURE'].includes(s),
          )
        ) {
          expect(out.actions).not.toContain('START_ORAL_BACKUP_PLAN');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the same input gives the same output, whatever the order of the symptoms', () => {
    fc.assert(
      fc.property(triageInput, (input) => {
        const first = triageCall(input);
        expect(triageCall(structuredClone(input))).toEqual(first);
        expect(triageCall({ ...input, symptoms: [...input.symptoms].reverse() })).toEqual(first);
        expect([...first.reasons].sort()).toEqual(first.reasons);
        expect([...first.actions].sort()).toEqual(first.actions);
      }),
    );
  });

  it('every emergency sends to the emergency department with the card; no other urgency does', () => {
    fc.assert(
      fc.property(triageInput, (input) => {
        const out = triageCall(input);
        const ed = out.actions.includes('EMERGENCY_DEPARTMENT_NOW') && out.actions.includes('BRING_EMERGENCY_CARD');
        expect(ed).toBe(out.urgency === 'EMERGENCY');
      }),
    );
  });
});

describe('oral backup plan bounds', () => {
  it('accepts usual bridging plans', () => {
    expect(oralBackupPlanProblems({ doseMg: 10, timesPerDay: 3 })).toEqual([]);
    expect(oralBackupPlanProblems({ doseMg: 2.5, timesPerDay: 4 })).toEqual([]);
    expect(oralBackupPlanProblems({ doseMg: 20, timesPerDay: 6 })).toEqual([]);
  });

  it.each([
    [{ doseMg: 0, timesPerDay: 3 }, 'doseMg'],
    [{ doseMg: -5, timesPerDay: 3 }, 'doseMg'],
    [{ doseMg: 100, timesPerDay: 1 }, 'doseMg'],
    [{ doseMg: 10, timesPerDay: 0 }, 'timesPerDay'],
    [{ doseMg: 10, timesPerDay: 7 }, 'timesPerDay'],
    [{ doseMg: 10, timesPerDay: 2.5 }, 'timesPerDay'],
    [{ doseMg: 30, timesPerDay: 6 }, 'doseMg'],
  ])('refuses %j (%s)', (plan, field) => {
    expect(oralBackupPlanProblems(plan).map((p) => p.field)).toContain(field);
  });
});

describe('TRIAGE_OPEN priority', () => {
  it('follows the most urgent open call; one level up for a high-risk patient', () => {
    expect(triageAlarmPriority([], false)).toBeNull();
    expect(triageAlarmPriority(['ROUTINE'], false)).toBe('low');
    expect(triageAlarmPriority(['ROUTINE', 'URGENT_SAME_DAY'], false)).toBe('high');
    expect(triageAlarmPriority(['URGENT_SAME_DAY', 'EMERGENCY', 'ROUTINE'], false)).toBe('critical');
    expect(triageAlarmPriority(['ROUTINE'], true)).toBe('medium');
    expect(triageAlarmPriority(['EMERGENCY'], true)).toBe('critical');
  });
});
