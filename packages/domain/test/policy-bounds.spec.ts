import { DEFAULT_POLICY, evaluate, POLICY_BOUNDS, POLICY_FIELDS, policyProblems, type Policy } from '../src';
import { doseInput, expectCode, statusInput } from './helpers';

const fields = (policy: Partial<Policy> | Record<string, unknown>) => policyProblems(policy).map((p) => p.field);

describe('policyProblems: what an admin may save', () => {
  it('accepts the defaults, an empty policy and every field at its bounds', () => {
    expect(policyProblems(DEFAULT_POLICY)).toEqual([]);
    expect(policyProblems({})).toEqual([]);
    expect(policyProblems(null)).toEqual([]);
    for (const field of POLICY_FIELDS) expect(POLICY_BOUNDS[field]).toBeDefined();
    // each default lies within its own bounds
    for (const field of POLICY_FIELDS) {
      const b = POLICY_BOUNDS[field];
      const v = DEFAULT_POLICY[field];
      expect([field, b.exclusiveMin ? v > b.min : v >= b.min, v <= b.max]).toEqual([field, true, true]);
    }
  });

  it('refuses the unsafe values the clinician saved (issue 14)', () => {
    expect(fields({ bufferDays: 7, highRiskBufferDays: 5 })).toEqual(['highRiskBufferDays']);
    expect(fields({ unitErrorFactor: 100 })).toEqual(['unitErrorFactor']);
    expect(fields({ worstCaseMarginDays: 0 })).toEqual(['worstCaseMarginDays']);
  });

  it.each([
    ['worstCaseFactor', 0.9],
    ['worstCaseFactor', 2.5],
    ['unitErrorFactor', 1.5],
    ['unitErrorFactor', 11],
    ['bufferDays', 0],
    ['bufferDays', 7.5],
    ['maxRefillIntervalDays', 181],
    ['maxIncreasePctSpinal', 41],
    ['maxIncreasePctCerebral', 0],
    ['maxIncreasePctPediatric', 16],
    ['maxDailyDoseMcg', 2500],
    ['warnDailyDoseMcg', 1200],
    ['maxDecreasePct', 60],
    ['minHoursBetweenIncreases', 12],
    ['noIncreaseAfterImplantHours', 0],
    ['restartFractionWithoutOverride', 0],
    ['restartFractionWithoutOverride', 1],
    ['restartFullDoseMaxHours', 72],
    ['maxStartDoseMcgPerDay', 400],
    ['maxBolusPctOfDailyDose', 30],
    ['maxCumulativeIncreasePct30d', 80],
    ['minOverrideReasonChars', 1],
    ['minOverrideReasonChars', 8.5],
    ['discrepancyMaxMl', 3],
    ['discrepancyNoiseMl', -0.1],
    ['batteryEriSoonDays', 30],
    ['synchroMedEriAgeMonths', 84],
  ] as const)('refuses %s = %s', (field, value) => {
    const problems = policyProblems({ [field]: value });
    expect(problems.map((p) => p.field)).toEqual([field]);
    expect(problems[0].problem).toMatch(/^must be /);
  });

  it.each([
    ['worstCaseFactor', 1],
    ['worstCaseFactor', 1.3],
    ['unitErrorFactor', 2],
    ['unitErrorFactor', 8],
    ['maxIncreasePctSpinal', 30],
    ['restartFullDoseMaxHours', 0],
    ['restartFractionWithoutOverride', 0.25],
    ['minOverrideReasonChars', 20],
    ['notBookedHighDays', 0],
    ['discrepancyNoiseMl', 0],
  ] as const)('accepts a stricter or in-range %s = %s', (field, value) => {
    expect(policyProblems({ [field]: value })).toEqual([]);
  });

  it('refuses non-numbers and names each field once', () => {
    expect(fields({ bufferDays: '7', worstCaseFactor: null, maxDailyDoseMcg: Infinity })).toEqual([
      'bufferDays',
      'maxDailyDoseMcg',
    ]);
  });

  it('checks the relations on effective values (defaults filled in)', () => {
    expect(fields({ highRiskBufferDays: 6 })).toEqual(['highRiskBufferDays']); // default buffer 7
    expect(fields({ bufferDays: 20 })).toEqual(['highRiskBufferDays']); // default high-risk 14
    expect(fields({ notBookedHighDays: 30 })).toEqual(['notBookedHighDays']);
    expect(fields({ maxDailyDoseMcg: 800 })).toEqual(['warnDailyDoseMcg']);
    expect(fields({ maxDecreasePct: 15 })).toEqual(['largeDecreasePct']);
    expect(fields({ discrepancyMaxMl: 0.4 })).toEqual(['discrepancyNoiseMl']);
    // a relation is not reported again when one side is already out of bounds
    expect(fields({ bufferDays: 100 })).toEqual(['bufferDays']);
  });

  it('ignores keys that are not engine policy fields (the API decides about those)', () => {
    expect(policyProblems({ escalateCriticalMinutes: 15 })).toEqual([]);
  });
});

describe('engine policy checks on effective values (v3)', () => {
  it('status: worstCaseMarginDays < 1 or highRiskBufferDays < bufferDays is INVALID_INPUT', () => {
    expectCode(() => evaluate(statusInput({ policy: { worstCaseMarginDays: 0 } })), 'INVALID_INPUT');
    expectCode(() => evaluate(statusInput({ policy: { worstCaseMarginDays: 0.5 } })), 'INVALID_INPUT');
    expectCode(() => evaluate(statusInput({ policy: { bufferDays: 15 } })), 'INVALID_INPUT');
    expectCode(() => evaluate(statusInput({ policy: { highRiskBufferDays: 6 } })), 'INVALID_INPUT');
    expect(() => evaluate(statusInput({ policy: { bufferDays: 14, worstCaseMarginDays: 1 } }))).not.toThrow();
  });

  it('doseChange: unitErrorFactor outside 2–10 is INVALID_INPUT, the bounds themselves pass', () => {
    expectCode(() => evaluate(doseInput({ policy: { unitErrorFactor: 100 } })), 'INVALID_INPUT');
    expectCode(() => evaluate(doseInput({ policy: { unitErrorFactor: 1.5 } })), 'INVALID_INPUT');
    expect(() => evaluate(doseInput({ policy: { unitErrorFactor: 2 } }))).not.toThrow();
    expect(() => evaluate(doseInput({ policy: { unitErrorFactor: 10 } }))).not.toThrow();
  });
});
