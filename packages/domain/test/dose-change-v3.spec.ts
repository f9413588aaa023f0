/**
 * The clinician's findings of issue 14 that the dose check must stop (docs/clinical/DOSE-AND-REFILL-RULES.md), one
 * block each.
 */
import { assessDoseChange, checkDoseChange, isDoseCodeOverridable, type DoseChangeInput } from '../src';
import { expectCode } from './helpers';

const NOW = '2026-03-05T09:00:00Z';
const REASON = 'discussed with the patient and the team';

function dose(overrides: Partial<DoseChangeInput>): DoseChangeInput {
  return {
    kind: 'doseChange',
    now: NOW,
    patient: { spasticityOrigin: 'spinal', implantedAt: '2024-01-01T00:00:00Z' },
    current: { doseMcgPerDay: 400, changedAt: '2026-02-01T09:00:00Z' },
    proposedDoseMcgPerDay: 400,
    ...overrides,
  };
}
const check = (overrides: Partial<DoseChangeInput>) => checkDoseChange(dose(overrides));

/** PUMP_STOPPED at 08:00 yesterday → 0 programmed at 10:00 → RESTARTED: what the API passes for a restart. */
const stoppedYesterday = (previous: number, restartRecorded = true): Partial<DoseChangeInput> => ({
  current: { doseMcgPerDay: 0, changedAt: '2026-03-04T10:00:00Z' },
  lastNonZero: { doseMcgPerDay: previous },
  interruption: { since: '2026-03-04T08:00:00Z', restartRecorded },
});

describe('finding 1: a restart from 0 meets every guard', () => {
  it('0 → 1,500 after a 150 mcg/day therapy is a unit error, a restart above the previous dose and too soon', () => {
    const out = check({ ...stoppedYesterday(150), proposedDoseMcgPerDay: 1500, override: { reason: REASON } });
    expect(out).toEqual({
      accepted: false,
      errors: ['DOSE_CHANGE_TOO_SOON', 'DOSE_INCREASE_TOO_LARGE', 'DOSE_UNIT_SUSPECT', 'RESTART_DOSE_NEEDS_REVIEW'],
      overridden: [],
      warnings: ['DOSE_ABOVE_1000'],
    });
  });

  it('without the previous dose, 0 → 1,500 is held to the start limit', () => {
    const out = check({
      current: { doseMcgPerDay: 0, changedAt: '2026-02-01T09:00:00Z' },
      proposedDoseMcgPerDay: 1500,
    });
    expect(out.errors).toEqual(['FIRST_DOSE_ABOVE_START_LIMIT']);
  });

  it('0 → 400 while the interruption is open and no restart decision is recorded: refused, whatever the reason', () => {
    const out = check({ ...stoppedYesterday(400, false), proposedDoseMcgPerDay: 400, override: { reason: REASON } });
    expect(out).toEqual({ accepted: false, errors: ['RESTART_NOT_RECORDED'], overridden: [], warnings: [] });
  });

  it('an interruption with the program still running (empty reservoir) makes the next program a restart', () => {
    const interruption = { since: '2026-03-01T08:00:00Z', restartRecorded: true };
    expect(check({ interruption, proposedDoseMcgPerDay: 400 }).errors).toEqual(['RESTART_DOSE_NEEDS_REVIEW']);
    expect(check({ interruption, proposedDoseMcgPerDay: 200 }).errors).toEqual([]);
  });

  it('the previous dose is allowed without a reason up to exactly 48 h after the stop began', () => {
    const at = (proposedEffectiveAt: string) =>
      check({ ...stoppedYesterday(400), proposedEffectiveAt, proposedDoseMcgPerDay: 400 }).errors;
    expect(at('2026-03-06T08:00:00Z')).toEqual([]);
    expect(at('2026-03-06T08:00:00.001Z')).toEqual(['RESTART_DOSE_NEEDS_REVIEW']);
  });

  it('a low restart dose is the safe choice: no decrease rule; ≤ 1/10 is an overridable unit suspicion', () => {
    expect(check({ ...stoppedYesterday(400), proposedDoseMcgPerDay: 100 })).toEqual({
      accepted: true,
      errors: [],
      overridden: [],
      warnings: [],
    });
    expect(check({ ...stoppedYesterday(400), proposedDoseMcgPerDay: 40 }).errors).toEqual(['DOSE_UNIT_SUSPECT']);
    expect(check({ ...stoppedYesterday(400), proposedDoseMcgPerDay: 40, override: { reason: REASON } })).toEqual({
      accepted: true,
      errors: [],
      overridden: ['DOSE_UNIT_SUSPECT'],
      warnings: [],
    });
  });
});

describe('finding 2: patient-activated boluses count', () => {
  const bolus = (proposedBolusDoseMcg: unknown, proposedMaxBolusesPerDay: unknown) => ({
    current: { doseMcgPerDay: 150, changedAt: '2026-01-10T09:00:00Z' },
    proposedDoseMcgPerDay: 150,
    proposedBolusDoseMcg,
    proposedMaxBolusesPerDay,
  });

  it('150 mcg/day + 10 × 500 mcg cannot be overridden (5,150 mcg/day planning is a 34× increase)', () => {
    const out = check({ ...bolus(500, 10), override: { reason: REASON } });
    expect(out.accepted).toBe(false);
    expect(out.errors).toEqual([
      'BOLUS_TOO_LARGE',
      'DOSE_ABOVE_MAXIMUM',
      'DOSE_INCREASE_TOO_LARGE',
      'DOSE_UNIT_SUSPECT',
    ]);
  });

  it('a bolus up to exactly 25 % of the programmed dose passes; the planning dose is what grows', () => {
    expect(check(bolus(37.5, 1)).errors).toEqual([]);
    expect(check(bolus(37.6, 1)).errors).toEqual(['BOLUS_TOO_LARGE']);
    expect(check(bolus(30, 2)).errors).toEqual([]); // 210 = 150 × 1.4 exactly
    expect(check(bolus(30, 3)).errors).toEqual(['DOSE_INCREASE_TOO_LARGE']); // 240 > 150 × 1.4
  });

  it('the maximum applies to the planning dose; zero still looks at the programmed dose', () => {
    const high = { current: { doseMcgPerDay: 1800, changedAt: '2026-01-10T09:00:00Z' } };
    expect(
      check({ ...high, proposedDoseMcgPerDay: 1800, proposedBolusDoseMcg: 60, proposedMaxBolusesPerDay: 4 }).errors,
    ).toEqual(['DOSE_ABOVE_MAXIMUM']);
    expect(check({ proposedDoseMcgPerDay: 0, proposedBolusDoseMcg: 0, proposedMaxBolusesPerDay: 0 }).errors).toEqual([
      'DOSE_ZERO_WITHDRAWAL_RISK',
    ]);
  });

  it('dropping the boluses is a decrease', () => {
    const current = { doseMcgPerDay: 300, bolusDoseMcg: 50, maxBolusesPerDay: 4, changedAt: '2026-01-10T09:00:00Z' };
    expect(check({ current, proposedDoseMcgPerDay: 300 }).warnings).toEqual(['DOSE_DECREASE_LARGE']);
  });

  it.each([
    [50, undefined],
    [null, 4],
    ['50', 4],
    [50, -1],
    [50, 2.5],
  ])('a proposed bolus pair (%j, %j) that is not two numbers ≥ 0 is DOSE_INVALID', (b, n) => {
    expect(check({ proposedDoseMcgPerDay: 400, proposedBolusDoseMcg: b, proposedMaxBolusesPerDay: n })).toEqual({
      accepted: false,
      errors: ['DOSE_INVALID'],
      overridden: [],
      warnings: [],
    });
  });
});

describe('finding 3: 10× both ways, and the first programming', () => {
  const firstStart = (proposedDoseMcgPerDay: number, screeningDoseMcg?: number) =>
    check({
      current: null,
      patient: { spasticityOrigin: 'spinal', implantedAt: '2024-01-01T00:00:00Z', screeningDoseMcg },
      proposedDoseMcgPerDay,
    });

  it('1,500 on a new pump is above the start limit; twice the screening dose is the limit', () => {
    expect(firstStart(1500).errors).toEqual(['FIRST_DOSE_ABOVE_START_LIMIT']);
    expect(firstStart(200).errors).toEqual([]);
    expect(firstStart(201).errors).toEqual(['FIRST_DOSE_ABOVE_START_LIMIT']);
    expect(firstStart(150, 75).errors).toEqual([]);
    expect(firstStart(151, 75).errors).toEqual(['FIRST_DOSE_ABOVE_START_LIMIT']);
  });

  it('a transfer from another clinic overrides the start limit with the documented dose as reason', () => {
    const out = check({ current: null, proposedDoseMcgPerDay: 600, override: { reason: 'transfer: 600 mcg/day' } });
    expect(out).toEqual({ accepted: true, errors: [], overridden: ['FIRST_DOSE_ABOVE_START_LIMIT'], warnings: [] });
  });

  it('the correction 1,500 → 150 is a 10× decrease: overridable with a reason', () => {
    const correction = {
      current: { doseMcgPerDay: 1500, changedAt: '2026-03-05T08:00:00Z' },
      proposedDoseMcgPerDay: 150,
    };
    expect(check(correction)).toEqual({
      accepted: false,
      errors: ['DOSE_DECREASE_TOO_LARGE', 'DOSE_UNIT_SUSPECT'],
      overridden: [],
      warnings: ['DOSE_DECREASE_LARGE'],
    });
    expect(check({ ...correction, override: { reason: 'unit error corrected' } })).toEqual({
      accepted: true,
      errors: [],
      overridden: ['DOSE_DECREASE_TOO_LARGE', 'DOSE_UNIT_SUSPECT'],
      warnings: ['DOSE_DECREASE_LARGE'],
    });
  });

  it('a 10× increase is never overridable', () => {
    const out = check({
      current: { doseMcgPerDay: 100, changedAt: '2026-01-01T00:00:00Z' },
      proposedDoseMcgPerDay: 1000,
      override: { reason: REASON },
    });
    expect(out.errors).toContain('DOSE_UNIT_SUSPECT');
    expect(out.overridden).toEqual([]);
  });

  it('assessDoseChange names what a reason would lift for this very proposal', () => {
    const up = assessDoseChange(
      dose({ current: { doseMcgPerDay: 100, changedAt: '2026-01-01T00:00:00Z' }, proposedDoseMcgPerDay: 1000 }),
    );
    expect(up.nonOverridable).toEqual(['DOSE_UNIT_SUSPECT']);
    expect(up.overridable).toEqual(['DOSE_INCREASE_TOO_LARGE']);
    expect(up.direction).toBe('increase');
    const down = assessDoseChange(
      dose({ current: { doseMcgPerDay: 1500, changedAt: '2026-01-01T00:00:00Z' }, proposedDoseMcgPerDay: 150 }),
    );
    expect(down.nonOverridable).toEqual([]);
    expect(down.overridable).toEqual(['DOSE_DECREASE_TOO_LARGE', 'DOSE_UNIT_SUSPECT']);
    expect(isDoseCodeOverridable('DOSE_UNIT_SUSPECT', true)).toBe(true);
    expect(isDoseCodeOverridable('DOSE_UNIT_SUSPECT', false)).toBe(false);
    expect(isDoseCodeOverridable('RESTART_NOT_RECORDED', true)).toBe(false);
    expect(isDoseCodeOverridable('BOLUS_TOO_LARGE', false)).toBe(true);
  });

  it('assessDoseChange reports the doses compared and the interruption', () => {
    const a = assessDoseChange(
      dose({
        current: { doseMcgPerDay: 0, changedAt: '2026-03-04T10:00:00Z' },
        lastNonZero: { doseMcgPerDay: 300, bolusDoseMcg: 25, maxBolusesPerDay: 4 },
        interruption: { since: '2026-03-04T09:00:00Z', restartRecorded: true },
        proposedDoseMcgPerDay: 200,
        override: { reason: 'short' },
      }),
    );
    expect(a).toMatchObject({
      output: { accepted: true, errors: [], overridden: [], warnings: [] },
      findings: [],
      currentPlanningDoseMcgPerDay: 0,
      referenceDoseMcgPerDay: 400,
      proposedPlanningDoseMcgPerDay: 200,
      direction: 'decrease',
      restart: true,
      firstStart: false,
      interruptionSince: '2026-03-04T09:00:00Z',
      interruptionHours: 24,
      restartRecorded: true,
      minOverrideReasonChars: 8,
      reasonSufficient: false,
    });
  });
});

describe('finding 6: stacked increases and effective times', () => {
  // 100 mcg/day for months, then +40 % a day
  const history = [
    { effectiveAt: '2025-10-01T09:00:00Z', doseMcgPerDay: 100 },
    { effectiveAt: '2026-03-02T09:00:00Z', doseMcgPerDay: 140 },
  ];
  const day = (n: number) => `2026-03-0${n}T09:00:00Z`;

  it('the first +40 % passes; the second passes the daily rule but not the 30-day one', () => {
    expect(
      check({
        history: history.slice(0, 1),
        current: { doseMcgPerDay: 100, changedAt: '2025-10-01T09:00:00Z' },
        now: day(2),
        proposedDoseMcgPerDay: 140,
      }).errors,
    ).toEqual([]);
    const second = {
      history,
      current: { doseMcgPerDay: 140, changedAt: day(2) },
      now: day(3),
      proposedDoseMcgPerDay: 196,
    };
    expect(check(second).errors).toEqual(['CUMULATIVE_INCREASE_TOO_LARGE']);
    expect(check({ ...second, proposedDoseMcgPerDay: 150 }).errors).toEqual([]); // exactly +50 % over 100
    expect(check({ ...second, override: { reason: 'pump and catheter checked' } }).overridden).toEqual([
      'CUMULATIVE_INCREASE_TOO_LARGE',
    ]);
  });

  it('only the 720 h before the proposed program count; without history the rule does not apply', () => {
    const old = [{ effectiveAt: '2026-01-01T09:00:00Z', doseMcgPerDay: 50 }, ...history.slice(0, 1)];
    const current = { doseMcgPerDay: 140, changedAt: '2026-02-01T09:00:00Z' };
    // 100 was in force since 2025-10-01, replaced by 140 on 2026-02-01: the window from 2026-02-03 sees only 140
    expect(
      check({
        history: [{ effectiveAt: '2025-10-01T09:00:00Z', doseMcgPerDay: 100 }],
        current,
        now: '2026-03-05T09:00:00Z',
        proposedDoseMcgPerDay: 196,
      }).errors,
    ).toEqual([]);
    expect(check({ history: old, current, proposedDoseMcgPerDay: 196 }).errors).toEqual([]);
    expect(
      check({ current: { doseMcgPerDay: 140, changedAt: day(2) }, now: day(3), proposedDoseMcgPerDay: 196 }).errors,
    ).toEqual([]);
  });

  it('a back-dated program is checked where it takes effect, a scheduled one too', () => {
    const current = { doseMcgPerDay: 400, changedAt: '2026-03-04T12:00:00Z' };
    expect(check({ current, proposedEffectiveAt: '2026-03-04T20:00:00Z', proposedDoseMcgPerDay: 440 }).errors).toEqual([
      'DOSE_CHANGE_TOO_SOON',
    ]);
    const recent = { doseMcgPerDay: 400, changedAt: '2026-03-04T20:00:00Z' };
    expect(check({ current: recent, proposedDoseMcgPerDay: 440 }).errors).toEqual(['DOSE_CHANGE_TOO_SOON']);
    expect(
      check({ current: recent, proposedEffectiveAt: '2026-03-05T20:00:00Z', proposedDoseMcgPerDay: 440 }).errors,
    ).toEqual([]);
    const implanted = { spasticityOrigin: 'spinal' as const, implantedAt: '2026-03-04T10:00:00Z' };
    expect(
      check({
        patient: implanted,
        current: null,
        proposedEffectiveAt: '2026-03-05T10:00:00Z',
        proposedDoseMcgPerDay: 100,
      }).errors,
    ).toEqual([]);
    expect(
      check({
        patient: implanted,
        current: null,
        proposedEffectiveAt: '2026-03-05T09:59:59Z',
        proposedDoseMcgPerDay: 100,
      }).errors,
    ).toEqual(['INCREASE_TOO_SOON_AFTER_IMPLANT']);
  });
});

describe('finding 9: an override reason is a reason, not a keystroke', () => {
  const needsOverride = { proposedDoseMcgPerDay: 600 }; // +50 % spinal
  it.each([
    ['x', false],
    ['abcdefg', false],
    ['   abcdefg   ', false],
    ['abcdefgh', true],
    ['\u{1F489}'.repeat(4), false], // 4 code points (8 UTF-16 units)
    ['\u{1F489}'.repeat(8), true],
    ['été naît', true],
  ])('%j overrides: %s', (reason, overrides) => {
    expect(check({ ...needsOverride, override: { reason } }).accepted).toBe(overrides);
  });

  it('uses the policy minimum', () => {
    const policy = { minOverrideReasonChars: 20 };
    expect(check({ ...needsOverride, policy, override: { reason: 'abcdefghijklmnopqrs' } }).accepted).toBe(false);
    expect(check({ ...needsOverride, policy, override: { reason: 'abcdefghijklmnopqrst' } }).accepted).toBe(true);
  });
});

describe('v3 inputs that cannot be evaluated', () => {
  it.each([
    ['interruption without restartRecorded', { interruption: { since: NOW } }],
    ['lastNonZero without a dose', { lastNonZero: { bolusDoseMcg: 10 } }],
    ['history not a list', { history: { effectiveAt: NOW, doseMcgPerDay: 100 } }],
    ['history entry without effectiveAt', { history: [{ doseMcgPerDay: 100 }] }],
    ['a negative screening dose', { patient: { spasticityOrigin: 'spinal', implantedAt: NOW, screeningDoseMcg: -50 } }],
    ['a current bolus that is not a number', { current: { doseMcgPerDay: 400, changedAt: NOW, bolusDoseMcg: '20' } }],
  ])('%s', (_name, overrides) => {
    expectCode(() => checkDoseChange(dose(overrides as Partial<DoseChangeInput>)), 'INVALID_INPUT');
  });

  it('proposedEffectiveAt and interruption.since must be instants', () => {
    expectCode(() => checkDoseChange(dose({ proposedEffectiveAt: 'tomorrow' })), 'INVALID_INSTANT');
    const interruption = { since: 'monday', restartRecorded: true };
    expectCode(() => checkDoseChange(dose({ interruption })), 'INVALID_INSTANT');
  });
});
