import { checkDoseChange, evaluate, type DoseChangeInput } from '../src';
import { doseInput, expectCode } from './helpers';

const check = (overrides: Partial<DoseChangeInput>) => checkDoseChange(doseInput(overrides));
const errorsOf = (overrides: Partial<DoseChangeInput>) => check(overrides).errors;
const patient = (p: Partial<DoseChangeInput['patient']>) => ({ ...doseInput().patient, ...p });
const current = (doseMcgPerDay: number, changedAt = '2026-02-01T08:00:00Z') => ({ doseMcgPerDay, changedAt });

describe('dose change: increase limits (exactly at the limit passes)', () => {
  it.each([
    ['spinal', false, 400, 560, []],
    ['spinal', false, 400, 560.01, ['DOSE_INCREASE_TOO_LARGE']],
    ['cerebral', false, 400, 480, []],
    ['cerebral', false, 400, 480.5, ['DOSE_INCREASE_TOO_LARGE']],
    ['mixed', false, 400, 480, []],
    ['mixed', false, 400, 481, ['DOSE_INCREASE_TOO_LARGE']],
    ['spinal', true, 400, 460, []],
    ['spinal', true, 400, 460.1, ['DOSE_INCREASE_TOO_LARGE']],
    ['cerebral', true, 400, 460, []],
    ['cerebral', true, 400, 461, ['DOSE_INCREASE_TOO_LARGE']],
    // Decimal doses: 123.4 × 1.4 = 172.76 exactly; binary floating point would say 172.76000000000002.
    ['spinal', false, 123.4, 172.76, []],
    ['spinal', false, 123.4, 172.77, ['DOSE_INCREASE_TOO_LARGE']],
    ['cerebral', false, 0.3, 0.36, []],
  ] as const)('%s pediatric=%s %d → %d', (origin, pediatric, from, to, expected) => {
    expect(
      errorsOf({
        patient: patient({ spasticityOrigin: origin, pediatric }),
        current: current(from),
        proposedDoseMcgPerDay: to,
      }),
    ).toEqual(expected);
  });

  it('uses the policy percentages', () => {
    const policy = { maxIncreasePctSpinal: 10 };
    expect(errorsOf({ proposedDoseMcgPerDay: 440, policy })).toEqual([]);
    expect(errorsOf({ proposedDoseMcgPerDay: 441, policy })).toEqual(['DOSE_INCREASE_TOO_LARGE']);
  });
});

describe('dose change: decreases', () => {
  it('passes exactly 50 % and warns only beyond 20 %', () => {
    expect(check({ proposedDoseMcgPerDay: 200 })).toEqual({
      accepted: true,
      errors: [],
      overridden: [],
      warnings: ['DOSE_DECREASE_LARGE'],
    });
    expect(check({ proposedDoseMcgPerDay: 199.99 }).errors).toEqual(['DOSE_DECREASE_TOO_LARGE']);
    expect(check({ proposedDoseMcgPerDay: 320 }).warnings).toEqual([]);
    expect(check({ proposedDoseMcgPerDay: 319.9 }).warnings).toEqual(['DOSE_DECREASE_LARGE']);
  });

  it('allows a decrease within 24 h of the last change and of implant', () => {
    const out = check({
      now: '2026-03-02T09:00:00Z',
      patient: patient({ implantedAt: '2026-03-02T08:00:00Z' }),
      current: current(400, '2026-03-02T08:59:00Z'),
      proposedDoseMcgPerDay: 360,
    });
    expect(out).toEqual({ accepted: true, errors: [], overridden: [], warnings: [] });
  });

  it('flags zero as a withdrawal risk (and a large decrease warning), never as too large a decrease', () => {
    expect(check({ proposedDoseMcgPerDay: 0 })).toEqual({
      accepted: false,
      errors: ['DOSE_ZERO_WITHDRAWAL_RISK'],
      overridden: [],
      warnings: ['DOSE_DECREASE_LARGE'],
    });
  });
});

describe('dose change: maxima and warnings', () => {
  it('passes exactly 2000 and warns only above 1000 on increases or first programming', () => {
    expect(check({ current: current(1900), proposedDoseMcgPerDay: 2000 })).toEqual({
      accepted: true,
      errors: [],
      overridden: [],
      warnings: ['DOSE_ABOVE_1000'],
    });
    expect(errorsOf({ current: current(1900), proposedDoseMcgPerDay: 2000.5 })).toEqual(['DOSE_ABOVE_MAXIMUM']);
    expect(check({ current: current(950), proposedDoseMcgPerDay: 1000 }).warnings).toEqual([]);
    expect(check({ current: current(950), proposedDoseMcgPerDay: 1000.1 }).warnings).toEqual(['DOSE_ABOVE_1000']);
    expect(check({ current: current(1200), proposedDoseMcgPerDay: 1100 }).warnings).toEqual([]);
    expect(check({ current: current(1100), proposedDoseMcgPerDay: 1100 }).warnings).toEqual([]);
    expect(check({ current: null, proposedDoseMcgPerDay: 1001 }).warnings).toEqual(['DOSE_ABOVE_1000']);
    // v3: a first programming above the start limit (200 without a screening dose) is flagged too.
    expect(check({ current: null, proposedDoseMcgPerDay: 2001 }).errors).toEqual([
      'DOSE_ABOVE_MAXIMUM',
      'FIRST_DOSE_ABOVE_START_LIMIT',
    ]);
  });

  it('applies no relative rule at first programming, but counts it as an increase for the implant rule (v3)', () => {
    expect(check({ current: null, proposedDoseMcgPerDay: 100 })).toEqual({
      accepted: true,
      errors: [],
      overridden: [],
      warnings: [],
    });
    expect(
      check({ current: null, proposedDoseMcgPerDay: 100, patient: patient({ implantedAt: '2026-03-02T08:00:00Z' }) })
        .errors,
    ).toEqual(['INCREASE_TOO_SOON_AFTER_IMPLANT']);
  });

  it('treats a current 0 without a previous dose as a first start: timed and held to the start limit (v3)', () => {
    expect(errorsOf({ current: current(0, '2026-03-02T08:00:00Z'), proposedDoseMcgPerDay: 500 })).toEqual([
      'DOSE_CHANGE_TOO_SOON',
      'FIRST_DOSE_ABOVE_START_LIMIT',
    ]);
    expect(errorsOf({ current: current(0), proposedDoseMcgPerDay: 500 })).toEqual(['FIRST_DOSE_ABOVE_START_LIMIT']);
    expect(errorsOf({ current: current(0), proposedDoseMcgPerDay: 200 })).toEqual([]);
  });
});

describe('dose change: unit error (10×, both directions)', () => {
  it.each([
    [100, 1000, true],
    [100, 999.99, false],
    [100, 10, true],
    [100, 10.01, false],
    [250, 6000, true],
    [0.5, 5, true],
  ])('%d → %d suspect=%s', (from, to, suspect) => {
    expect(errorsOf({ current: current(from), proposedDoseMcgPerDay: to }).includes('DOSE_UNIT_SUSPECT')).toBe(suspect);
  });
});

describe('dose change: timing (exactly 24 h passes; future counts as too soon)', () => {
  const now = '2026-03-02T09:00:00Z';
  it.each([
    ['2026-03-01T09:00:00Z', []],
    ['2026-03-01T09:00:00.001Z', ['DOSE_CHANGE_TOO_SOON']],
    ['2026-03-03T09:00:00Z', ['DOSE_CHANGE_TOO_SOON']],
    ['2026-03-02T10:00:00+01:00', ['DOSE_CHANGE_TOO_SOON']],
  ])('last change %s', (changedAt, expected) => {
    expect(errorsOf({ now, current: current(400, changedAt), proposedDoseMcgPerDay: 440 })).toEqual(expected);
  });

  it.each([
    ['2026-03-01T09:00:00Z', []],
    ['2026-03-01T09:00:01Z', ['INCREASE_TOO_SOON_AFTER_IMPLANT']],
    ['2026-04-01T09:00:00Z', ['INCREASE_TOO_SOON_AFTER_IMPLANT']],
  ])('implanted %s', (implantedAt, expected) => {
    expect(errorsOf({ now, patient: patient({ implantedAt }), proposedDoseMcgPerDay: 440 })).toEqual(expected);
  });
});

describe('dose change: override rules', () => {
  const tooSoonAndLarge = { current: current(200, '2026-03-01T20:00:00Z'), proposedDoseMcgPerDay: 300 };

  it('moves every overridable error with a non-blank reason', () => {
    expect(check({ ...tooSoonAndLarge, override: { reason: ' discussed with patient ' } })).toEqual({
      accepted: true,
      errors: [],
      overridden: ['DOSE_CHANGE_TOO_SOON', 'DOSE_INCREASE_TOO_LARGE'],
      warnings: [],
    });
  });

  it.each(['', '   ', '\n\t', null])('ignores a blank reason %j', (reason) => {
    expect(check({ ...tooSoonAndLarge, override: { reason } })).toEqual({
      accepted: false,
      errors: ['DOSE_CHANGE_TOO_SOON', 'DOSE_INCREASE_TOO_LARGE'],
      overridden: [],
      warnings: [],
    });
  });

  it('overrides nothing when a non-overridable error applies (mix)', () => {
    const out = check({
      patient: patient({ implantedAt: '2026-03-02T08:00:00Z' }),
      ...tooSoonAndLarge,
      override: { reason: 'urgent' },
    });
    expect(out).toEqual({
      accepted: false,
      errors: ['DOSE_CHANGE_TOO_SOON', 'DOSE_INCREASE_TOO_LARGE', 'INCREASE_TOO_SOON_AFTER_IMPLANT'],
      overridden: [],
      warnings: [],
    });
  });

  it('accepts with nothing overridden when there is nothing to override', () => {
    expect(check({ proposedDoseMcgPerDay: 420, override: { reason: 'fine' } })).toEqual({
      accepted: true,
      errors: [],
      overridden: [],
      warnings: [],
    });
  });
});

describe('dose change: invalid proposals', () => {
  it.each([null, '480', true, -1, {}, [480]])('%j is DOSE_INVALID and the only code', (proposed) => {
    expect(check({ proposedDoseMcgPerDay: proposed, override: { reason: 'x' } })).toEqual({
      accepted: false,
      errors: ['DOSE_INVALID'],
      overridden: [],
      warnings: [],
    });
  });

  it('rejects malformed inputs with engine error codes', () => {
    const base = doseInput() as unknown as Record<string, unknown>;
    expectCode(() => evaluate({ ...base, proposedDoseMcgPerDay: undefined }), 'INVALID_INPUT');
    expectCode(() => evaluate({ ...base, current: undefined }), 'INVALID_INPUT');
    expectCode(
      () => evaluate({ ...base, patient: { ...doseInput().patient, spasticityOrigin: 'spine' } }),
      'INVALID_INPUT',
    );
    expectCode(() => evaluate({ ...base, now: '2026-03-02 09:00' }), 'INVALID_INSTANT');
    expectCode(
      () => evaluate({ ...base, current: { doseMcgPerDay: -5, changedAt: '2026-03-01T00:00:00Z' } }),
      'INVALID_INPUT',
    );
    expectCode(() => evaluate({ ...base, override: { reason: 42 } }), 'INVALID_INPUT');
  });
});
