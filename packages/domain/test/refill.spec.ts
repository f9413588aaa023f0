import { checkRefill, evaluate, type RefillInput } from '../src';
import { expectCode, refillInput } from './helpers';

// Base: 40 mL at 0.4 mL/day; refill after 10 days → expected residual 36, delivered 4, threshold max(0.5, 0.58).
const check = (overrides: Partial<RefillInput> = {}, refill: Partial<RefillInput['refill']> = {}) =>
  checkRefill(refillInput(overrides, refill));

describe('refill: expected volumes', () => {
  it('matches the hand computation', () => {
    expect(check({}, { actualResidualMl: 35.5 })).toEqual({
      expectedResidualMl: 36,
      expectedDeliveredMl: 4,
      discrepancyMl: -0.5,
      discrepancyPct: -12.5,
      discrepancyThresholdMl: 0.58,
      discrepancy: 'NONE',
      // 4.5 mL left the reservoir where 4 were expected
      measuredRateFactor: 1.125,
      errors: [],
      warnings: [],
    });
  });

  it('follows program changes between the refills and ignores later ones', () => {
    const out = check({
      dosePrograms: [
        { effectiveAt: '2025-12-01T10:00:00Z', basalDoseMcgPerDay: 200 },
        { effectiveAt: '2026-02-06T10:00:00Z', basalDoseMcgPerDay: 400 },
        { effectiveAt: '2026-02-12T10:00:00Z', basalDoseMcgPerDay: 2000 },
      ],
    });
    expect(out.expectedResidualMl).toBe(34);
    expect(out.expectedDeliveredMl).toBe(6);
  });

  it('never expects a negative residual', () => {
    const out = check({}, { at: '2026-12-01T10:00:00Z', actualResidualMl: 0 });
    expect(out.expectedResidualMl).toBe(0);
    expect(out.expectedDeliveredMl).toBe(40);
    expect(out.discrepancy).toBe('NONE');
  });

  it('gives a null percentage when nothing was expected to be delivered', () => {
    const atRefill = check({}, { at: '2026-02-01T10:00:00Z', actualResidualMl: 39 });
    expect(atRefill.discrepancyPct).toBeNull();
    expect(atRefill.discrepancyThresholdMl).toBe(0.5);
    expect(atRefill.discrepancy).toBe('SUSPECTED_OVER_INFUSION');
    const zeroRate = check(
      { dosePrograms: [{ effectiveAt: '2025-12-01T10:00:00Z', basalDoseMcgPerDay: 0 }] },
      { actualResidualMl: 40 },
    );
    expect(zeroRate).toMatchObject({
      expectedDeliveredMl: 0,
      discrepancyMl: 0,
      discrepancyPct: null,
      discrepancy: 'NONE',
    });
  });
});

describe('refill: discrepancy threshold', () => {
  it('uses the 0.5 mL noise floor (exactly at it is no discrepancy)', () => {
    // 2 days: delivered 0.8, 0.145 × 0.8 = 0.116 < 0.5
    const at = '2026-02-03T10:00:00Z';
    expect(check({}, { at, actualResidualMl: 39.7 })).toMatchObject({
      discrepancyThresholdMl: 0.5,
      discrepancy: 'NONE',
    });
    expect(check({}, { at, actualResidualMl: 39.71 }).discrepancy).toBe('SUSPECTED_UNDER_DELIVERY');
    expect(check({}, { at, actualResidualMl: 38.7 }).discrepancy).toBe('NONE');
    expect(check({}, { at, actualResidualMl: 38.69 }).discrepancy).toBe('SUSPECTED_OVER_INFUSION');
  });

  it('caps the threshold at 2 mL (exactly at it is no discrepancy)', () => {
    // 55 days: delivered 22, 0.145 × 22 = 3.19 > 2
    const at = '2026-03-28T10:00:00Z';
    expect(check({}, { at, actualResidualMl: 20 })).toMatchObject({ discrepancyThresholdMl: 2, discrepancy: 'NONE' });
    expect(check({}, { at, actualResidualMl: 20.01 }).discrepancy).toBe('SUSPECTED_UNDER_DELIVERY');
    expect(check({}, { at, actualResidualMl: 16 }).discrepancy).toBe('NONE');
    expect(check({}, { at, actualResidualMl: 15.99 }).discrepancy).toBe('SUSPECTED_OVER_INFUSION');
  });

  it('uses the pump accuracy in between, the pump factor and the pump threshold', () => {
    expect(check().discrepancyThresholdMl).toBe(0.58);
    expect(check({ pump: { reservoirCapacityMl: 40, worstCaseFactor: 1.3 } }).discrepancyThresholdMl).toBe(1.2);
    expect(check({ policy: { worstCaseFactor: 1.3 } }).discrepancyThresholdMl).toBe(1.2);
    expect(
      check({ pump: { reservoirCapacityMl: 40, discrepancyThresholdMl: 0.25 } }, { actualResidualMl: 35.7 }),
    ).toMatchObject({
      discrepancyThresholdMl: 0.25,
      discrepancy: 'SUSPECTED_OVER_INFUSION',
    });
    expect(check({ policy: { discrepancyNoiseMl: 1, discrepancyMaxMl: 3 } }).discrepancyThresholdMl).toBe(1);
  });
});

describe('refill: errors and warnings', () => {
  it('flags a fill above capacity but not at it', () => {
    expect(check({}, { volumeAddedMl: 40 }).errors).toEqual([]);
    expect(check({}, { volumeAddedMl: 40.01 }).errors).toEqual(['FILL_EXCEEDS_RESERVOIR']);
  });

  it('checks the drug library (default and custom)', () => {
    expect(check({}, { concentrationMcgPerMl: 750 }).errors).toEqual(['CONCENTRATION_NOT_IN_LIBRARY']);
    expect(check({}, { concentrationMcgPerMl: 50 }).errors).toEqual(['CONCENTRATION_SCREENING_ONLY']);
    expect(check({}, { concentrationMcgPerMl: 2000 }).errors).toEqual([]);
    const drugLibrary = [{ concentrationMcgPerMl: 750 }];
    expect(check({ drugLibrary }, { concentrationMcgPerMl: 750 }).errors).toEqual([]);
    expect(check({ drugLibrary }, { concentrationMcgPerMl: 500 }).errors).toEqual(['CONCENTRATION_NOT_IN_LIBRARY']);
  });

  it('reports negative volumes and still computes the discrepancy', () => {
    const out = check({}, { actualResidualMl: -1, volumeAddedMl: -2 });
    expect(out.errors).toEqual(['VOLUME_INVALID']);
    expect(out.discrepancyMl).toBe(-37);
    expect(out.discrepancy).toBe('SUSPECTED_OVER_INFUSION');
  });

  it('hard-stops a programmed concentration mismatch and an unconfirmed needle position', () => {
    expect(check({}, { programmedConcentrationMcgPerMl: 500, needlePositionConfirmed: true }).errors).toEqual([]);
    expect(check({}, { programmedConcentrationMcgPerMl: 1000 }).errors).toEqual(['PROGRAMMED_CONCENTRATION_MISMATCH']);
    expect(check({}, { needlePositionConfirmed: false }).errors).toEqual(['NEEDLE_POSITION_NOT_CONFIRMED']);
    expect(check({}, { needlePositionConfirmed: null }).errors).toEqual([]);
  });

  it('sorts several errors by code and warns on a concentration change', () => {
    const out = check(
      {},
      {
        volumeAddedMl: 41,
        concentrationMcgPerMl: 50,
        programmedConcentrationMcgPerMl: 500,
        needlePositionConfirmed: false,
      },
    );
    expect(out.errors).toEqual([
      'CONCENTRATION_SCREENING_ONLY',
      'FILL_EXCEEDS_RESERVOIR',
      'NEEDLE_POSITION_NOT_CONFIRMED',
      'PROGRAMMED_CONCENTRATION_MISMATCH',
    ]);
    expect(out.warnings).toEqual(['CONCENTRATION_CHANGED']);
  });
});

describe('refill: invalid input', () => {
  const base = refillInput() as unknown as Record<string, unknown>;
  it.each([
    [
      'refill before lastRefill.at',
      { refill: { ...refillInput().refill, at: '2026-01-01T00:00:00Z' } },
      'INVALID_INPUT',
    ],
    [
      'non-positive refill concentration',
      { refill: { ...refillInput().refill, concentrationMcgPerMl: 0 } },
      'INVALID_INPUT',
    ],
    ['residual as a string', { refill: { ...refillInput().refill, actualResidualMl: '36' } }, 'INVALID_INPUT'],
    ['missing refill', { refill: undefined }, 'INVALID_INPUT'],
    ['zero capacity', { pump: { reservoirCapacityMl: 0 } }, 'INVALID_INPUT'],
    ['bad drug library', { drugLibrary: [{ concentrationMcgPerMl: -1 }] }, 'INVALID_INPUT'],
    ['bad refill instant', { refill: { ...refillInput().refill, at: '2026-02-11' } }, 'INVALID_INSTANT'],
    ['unknown zone', { timeZone: 'Europe/Atlantis' }, 'UNKNOWN_TIME_ZONE'],
  ])('%s', (_name, patch, code) => {
    expectCode(() => evaluate({ ...base, ...patch }), code);
  });
});
