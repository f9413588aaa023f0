import {
  checkDoseChange,
  doseChangeContext,
  nextTherapyAlarmChangeAt,
  therapyAlarms,
  type TherapyEvent,
  type TherapyProgram,
} from '../src';

const program = (effectiveAt: string, dose: number, extra: Partial<TherapyProgram> = {}): TherapyProgram => ({
  effectiveAt,
  createdAt: effectiveAt,
  programmedDoseMcgPerDay: dose,
  ...extra,
});
const event = (type: string, at: string): TherapyEvent => ({ type, at });

describe('doseChangeContext: the engine inputs from stored programs and events', () => {
  it('is empty for a new pump', () => {
    expect(doseChangeContext({ programs: [], events: [], proposedEffectiveAt: '2026-03-05T09:00:00Z' })).toEqual({
      current: null,
      lastNonZero: null,
      interruption: null,
      history: [],
    });
  });

  it('after PUMP_STOPPED → 0 → RESTARTED: current 0, the previous dose, the open interruption', () => {
    const ctx = doseChangeContext({
      programs: [
        program('2025-06-01T10:00:00Z', 400, { bolusDoseMcg: 20, maxBolusesPerDay: 2 }),
        program('2026-02-27T10:00:00Z', 0),
      ],
      events: [event('PUMP_STOPPED', '2026-02-27T08:00:00Z'), event('RESTARTED', '2026-03-01T09:00:00Z')],
      proposedEffectiveAt: '2026-03-05T09:00:00Z',
    });
    expect(ctx).toEqual({
      current: { doseMcgPerDay: 0, bolusDoseMcg: null, maxBolusesPerDay: null, changedAt: '2026-02-27T10:00:00.000Z' },
      lastNonZero: { doseMcgPerDay: 400, bolusDoseMcg: 20, maxBolusesPerDay: 2 },
      interruption: { since: '2026-02-27T08:00:00.000Z', restartRecorded: true },
      history: [{ doseMcgPerDay: 400, bolusDoseMcg: 20, maxBolusesPerDay: 2, effectiveAt: '2025-06-01T10:00:00.000Z' }],
    });
  });

  it('current is the latest by effectiveAt (a scheduled one included), ties to the later-recorded', () => {
    const ctx = doseChangeContext({
      programs: [
        program('2026-03-10T09:00:00Z', 440, { createdAt: '2026-03-01T09:00:00Z' }),
        program('2026-03-10T09:00:00Z', 420, { createdAt: '2026-03-02T09:00:00Z' }),
        program('2026-01-01T09:00:00Z', 400),
      ],
      events: [],
      proposedEffectiveAt: '2026-03-05T09:00:00Z',
    });
    expect(ctx.current).toMatchObject({ doseMcgPerDay: 420, changedAt: '2026-03-10T09:00:00.000Z' });
    expect(ctx.lastNonZero).toBeNull(); // only given when current is 0
    expect(ctx.history.map((h) => h.doseMcgPerDay)).toEqual([400, 440]);
  });

  it('a program with a dose > 0 recorded and taking effect after the stop closes the interruption', () => {
    const args = {
      programs: [program('2026-01-01T09:00:00Z', 400), program('2026-03-02T09:00:00Z', 200)],
      events: [event('MOTOR_STALL', '2026-03-01T09:00:00Z'), event('RESTARTED', '2026-03-01T12:00:00Z')],
      proposedEffectiveAt: '2026-03-05T09:00:00Z',
    };
    expect(doseChangeContext(args).interruption).toBeNull();
  });

  it('a change scheduled before the stop, or back-dated before it, does not close it', () => {
    const scheduled = program('2026-03-02T09:00:00Z', 440, { createdAt: '2026-02-28T09:00:00Z' });
    const backDated = program('2026-02-28T09:00:00Z', 400, { createdAt: '2026-03-02T09:00:00Z' });
    for (const p of [scheduled, backDated]) {
      const ctx = doseChangeContext({
        programs: [program('2026-01-01T09:00:00Z', 400), p],
        events: [event('EMPTY_RESERVOIR', '2026-03-01T09:00:00Z')],
        proposedEffectiveAt: '2026-03-05T09:00:00Z',
      });
      expect(ctx.interruption).toEqual({ since: '2026-03-01T09:00:00.000Z', restartRecorded: false });
    }
  });

  it('stops without a restart program between them are one interruption from the first; RESTARTED must follow the last', () => {
    const ctx = doseChangeContext({
      programs: [program('2026-01-01T09:00:00Z', 400)],
      events: [
        event('MOTOR_STALL', '2026-02-20T09:00:00Z'),
        event('RESTARTED', '2026-02-20T12:00:00Z'),
        event('INTERROGATION', '2026-02-25T12:00:00Z'),
        event('PUMP_STOPPED', '2026-03-01T09:00:00Z'),
      ],
      proposedEffectiveAt: '2026-03-05T09:00:00Z',
    });
    expect(ctx.interruption).toEqual({ since: '2026-02-20T09:00:00.000Z', restartRecorded: false });
  });

  it('history reaches 90 days back from the proposed instant, from the program then in force', () => {
    const ctx = doseChangeContext({
      programs: [
        program('2025-09-01T09:00:00Z', 100),
        program('2025-10-01T09:00:00Z', 200),
        program('2026-01-01T09:00:00Z', 300),
        program('2026-03-01T09:00:00Z', 400),
      ],
      events: [],
      proposedEffectiveAt: new Date('2026-03-05T09:00:00Z'),
    });
    // window start 2025-12-05: 200 was in force then; 100 is older
    expect(ctx.history.map((h) => h.doseMcgPerDay)).toEqual([200, 300]);
    expect(ctx.current?.doseMcgPerDay).toBe(400);
  });

  it('feeds the engine: 0 → 400 while the interruption is open and no restart was recorded is refused', () => {
    const ctx = doseChangeContext({
      programs: [program('2025-06-01T10:00:00Z', 400), program('2026-03-04T10:00:00Z', 0)],
      events: [event('PUMP_STOPPED', '2026-03-04T09:00:00Z')],
      proposedEffectiveAt: '2026-03-05T09:00:00Z',
    });
    const out = checkDoseChange({
      now: '2026-03-05T09:00:00Z',
      patient: { spasticityOrigin: 'spinal', implantedAt: '2024-01-01T00:00:00Z' },
      ...ctx,
      proposedDoseMcgPerDay: 400,
      override: { reason: 'patient asked for the old dose' },
    });
    expect(out).toEqual({ accepted: false, errors: ['RESTART_NOT_RECORDED'], overridden: [], warnings: [] });
  });

  it('refuses a record it cannot read', () => {
    expect(() =>
      doseChangeContext({
        programs: [program('yesterday', 1)],
        events: [],
        proposedEffectiveAt: '2026-03-05T09:00:00Z',
      }),
    ).toThrow();
    expect(() =>
      doseChangeContext({
        programs: [program('2026-01-01T09:00:00Z', -1)],
        events: [],
        proposedEffectiveAt: '2026-03-05T09:00:00Z',
      }),
    ).toThrow();
  });
});

describe('therapyAlarms', () => {
  const running = program('2025-06-01T10:00:00Z', 400);
  const stopped = program('2026-03-01T10:00:00Z', 0);

  it('THERAPY_STOPPED while a 0 mcg/day program is in force: high, critical for a high-risk patient', () => {
    const args = { programs: [running, stopped, program('2026-03-02T10:00:00Z', 0)], events: [] };
    expect(therapyAlarms({ ...args, now: '2026-03-03T09:00:00Z' })).toEqual([
      { code: 'THERAPY_STOPPED', priority: 'high', details: { stoppedSince: '2026-03-01T10:00:00.000Z' } },
    ]);
    expect(therapyAlarms({ ...args, now: '2026-03-03T09:00:00Z', highRisk: true })[0].priority).toBe('critical');
    expect(therapyAlarms({ ...args, now: '2026-03-01T09:59:59Z' })).toEqual([]);
  });

  it('clears when a dose > 0 is in force, and then watches the restart for 72 h (medium; high for high-risk)', () => {
    const restart = program('2026-03-04T10:00:00Z', 200);
    const args = { programs: [running, stopped, restart], events: [] };
    const watch = {
      code: 'POST_RESTART_WATCH',
      priority: 'medium',
      details: { restartAt: '2026-03-04T10:00:00.000Z', watchUntil: '2026-03-07T10:00:00.000Z' },
    };
    expect(therapyAlarms({ ...args, now: '2026-03-04T10:00:00Z' })).toEqual([watch]);
    expect(therapyAlarms({ ...args, now: '2026-03-07T09:59:59.999Z' })).toEqual([watch]);
    expect(therapyAlarms({ ...args, now: '2026-03-07T10:00:00Z' })).toEqual([]);
    expect(therapyAlarms({ ...args, now: '2026-03-05T10:00:00Z', highRisk: true })[0].priority).toBe('high');
  });

  it('a program after an interruption event is a restart even without a 0 program between', () => {
    const args = {
      programs: [running, program('2026-03-04T10:00:00Z', 300)],
      events: [event('EMPTY_RESERVOIR', '2026-03-03T08:00:00Z'), event('RESTARTED', '2026-03-04T09:00:00Z')],
    };
    expect(therapyAlarms({ ...args, now: '2026-03-05T10:00:00Z' }).map((a) => a.code)).toEqual(['POST_RESTART_WATCH']);
  });

  it('an ordinary change, or a stop before the running program began, starts no watch', () => {
    const programs = [running, program('2026-03-04T10:00:00Z', 440)];
    expect(therapyAlarms({ programs, events: [], now: '2026-03-05T10:00:00Z' })).toEqual([]);
    const events = [event('PUMP_STOPPED', '2025-05-01T10:00:00Z'), event('MRI', '2026-03-03T10:00:00Z')];
    expect(therapyAlarms({ programs, events, now: '2026-03-05T10:00:00Z' })).toEqual([]);
  });

  it('of two programs taking effect at one instant only the later-recorded one counts', () => {
    const programs = [
      running,
      program('2026-03-01T10:00:00Z', 400, { createdAt: '2026-03-01T11:00:00Z' }),
      program('2026-03-01T10:00:00Z', 0, { createdAt: '2026-03-01T10:00:00Z' }),
    ];
    expect(therapyAlarms({ programs, events: [], now: '2026-03-02T10:00:00Z' })).toEqual([]);
  });

  it('nextTherapyAlarmChangeAt: the next program taking effect or the end of a watch', () => {
    const programs = [running, stopped, program('2026-03-04T10:00:00Z', 200)];
    expect(nextTherapyAlarmChangeAt({ programs, events: [], now: '2026-03-02T00:00:00Z' })).toBe(
      '2026-03-04T10:00:00.000Z',
    );
    expect(nextTherapyAlarmChangeAt({ programs, events: [], now: '2026-03-05T00:00:00Z' })).toBe(
      '2026-03-07T10:00:00.000Z',
    );
    expect(nextTherapyAlarmChangeAt({ programs, events: [], now: '2026-03-08T00:00:00Z' })).toBeNull();
  });
});
