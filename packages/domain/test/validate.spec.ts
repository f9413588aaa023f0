import { DEFAULT_POLICY, evaluate, resolvePolicy, validatePolicy } from '../src';
import { expectCode, statusInput } from './helpers';

const base = statusInput() as unknown as Record<string, unknown>;
const withProgram = (program: Record<string, unknown>) => ({ ...base, dosePrograms: [program] });

describe('engine input errors', () => {
  it.each([
    ['not an object', 42, 'INVALID_INPUT'],
    ['array', [base], 'INVALID_INPUT'],
    ['missing kind', { ...base, kind: undefined }, 'INVALID_INPUT'],
    ['unknown kind', { ...base, kind: 'forecast' }, 'UNKNOWN_KIND'],
    ['missing now', { ...base, now: undefined }, 'INVALID_INPUT'],
    ['now as a number', { ...base, now: 1772355600000 }, 'INVALID_INPUT'],
    ['now without offset', { ...base, now: '2026-03-01T09:00:00' }, 'INVALID_INSTANT'],
    ['impossible date', { ...base, now: '2026-02-30T09:00:00Z' }, 'INVALID_INSTANT'],
    ['impossible hour', { ...base, now: '2026-03-01T24:00:00Z' }, 'INVALID_INSTANT'],
    ['free text instant', { ...base, now: 'tomorrow' }, 'INVALID_INSTANT'],
    ['bad appointment', { ...base, appointmentAt: '2026-13-01T00:00:00Z' }, 'INVALID_INSTANT'],
    ['unknown zone', { ...base, timeZone: 'Mars/Olympus_Mons' }, 'UNKNOWN_TIME_ZONE'],
    ['empty zone', { ...base, timeZone: '' }, 'UNKNOWN_TIME_ZONE'],
    ['zone not a string', { ...base, timeZone: 1 }, 'INVALID_INPUT'],
    ['now before lastRefill.at', { ...base, now: '2026-02-01T09:59:59Z' }, 'INVALID_INPUT'],
    ['no programs', { ...base, dosePrograms: [] }, 'NO_DOSE_PROGRAM'],
    [
      'only later programs',
      withProgram({ effectiveAt: '2026-02-01T10:00:01Z', basalDoseMcgPerDay: 200 }),
      'NO_DOSE_PROGRAM',
    ],
    ['programs not an array', { ...base, dosePrograms: {} }, 'INVALID_INPUT'],
    [
      'zero concentration',
      { ...base, lastRefill: { at: '2026-02-01T10:00:00Z', reservoirVolumeAfterMl: 40, concentrationMcgPerMl: 0 } },
      'INVALID_INPUT',
    ],
    ['negative capacity', { ...base, pump: { reservoirCapacityMl: -40 } }, 'INVALID_INPUT'],
    [
      'negative volume',
      { ...base, lastRefill: { at: '2026-02-01T10:00:00Z', reservoirVolumeAfterMl: -1, concentrationMcgPerMl: 500 } },
      'INVALID_INPUT',
    ],
    ['string dose', withProgram({ effectiveAt: '2025-12-01T10:00:00Z', basalDoseMcgPerDay: '200' }), 'INVALID_INPUT'],
    ['negative dose', withProgram({ effectiveAt: '2025-12-01T10:00:00Z', basalDoseMcgPerDay: -1 }), 'INVALID_INPUT'],
    [
      'basal and flex',
      withProgram({
        effectiveAt: '2025-12-01T10:00:00Z',
        basalDoseMcgPerDay: 1,
        flexSteps: [{ durationMinutes: 1440, doseRateMcgPerHour: 1 }],
      }),
      'INVALID_INPUT',
    ],
    ['neither basal nor flex', withProgram({ effectiveAt: '2025-12-01T10:00:00Z' }), 'INVALID_INPUT'],
    [
      'flex 23 h',
      withProgram({
        effectiveAt: '2025-12-01T10:00:00Z',
        flexSteps: [{ durationMinutes: 1380, doseRateMcgPerHour: 8 }],
      }),
      'FLEX_STEPS_NOT_24H',
    ],
    [
      'flex 25 h',
      withProgram({
        effectiveAt: '2025-12-01T10:00:00Z',
        flexSteps: [
          { durationMinutes: 1440, doseRateMcgPerHour: 8 },
          { durationMinutes: 60, doseRateMcgPerHour: 8 },
        ],
      }),
      'FLEX_STEPS_NOT_24H',
    ],
    ['empty flex', withProgram({ effectiveAt: '2025-12-01T10:00:00Z', flexSteps: [] }), 'INVALID_INPUT'],
    ['unknown pump model', { ...base, pump: { reservoirCapacityMl: 40, model: 'SYNCHROMED_IV' } }, 'INVALID_INPUT'],
    ['highRisk as a string', { ...base, patient: { highRisk: 'yes' } }, 'INVALID_INPUT'],
    [
      'worst-case factor below 1',
      { ...base, pump: { reservoirCapacityMl: 40, worstCaseFactor: 0.97 } },
      'INVALID_INPUT',
    ],
    ['fractional buffer days', { ...base, policy: { bufferDays: 7.5 } }, 'INVALID_INPUT'],
    ['negative policy value', { ...base, policy: { maxDailyDoseMcg: -1 } }, 'INVALID_INPUT'],
    ['string policy value', { ...base, policy: { bufferDays: '7' } }, 'INVALID_INPUT'],
    [
      'fractional beyond-use days',
      {
        ...base,
        lastRefill: {
          at: '2026-02-01T10:00:00Z',
          reservoirVolumeAfterMl: 40,
          concentrationMcgPerMl: 500,
          beyondUseDays: 1.5,
        },
      },
      'INVALID_INPUT',
    ],
  ])('%s', (_name, raw, code) => {
    expectCode(() => evaluate(raw), code);
  });

  it('accepts offsets, fractional seconds and nulls for optional fields', () => {
    const out = evaluate({
      ...base,
      now: '2026-03-01T10:00:00.5+01:00',
      appointmentAt: null,
      patient: null,
      policy: null,
      pump: { reservoirCapacityMl: 40, lowReservoirAlarmMl: null, worstCaseFactor: null },
    });
    expect(out).toMatchObject({ reservoirNowMl: 28.82, refillDueDate: '2026-04-24' });
  });
});

describe('policy', () => {
  it('has every contract field with its default', () => {
    expect(DEFAULT_POLICY).toMatchObject({
      bufferDays: 7,
      highRiskBufferDays: 14,
      discrepancyNoiseMl: 0.5,
      discrepancyMaxMl: 2.0,
      worstCaseFactor: 1.145,
      worstCaseMarginDays: 1,
      maxRefillIntervalDays: 180,
      notBookedMediumDays: 21,
      notBookedHighDays: 7,
      maxDailyDoseMcg: 2000,
      warnDailyDoseMcg: 1000,
      maxIncreasePctSpinal: 40,
      maxIncreasePctCerebral: 20,
      maxIncreasePctPediatric: 15,
      largeDecreasePct: 20,
      maxDecreasePct: 50,
      minHoursBetweenIncreases: 24,
      noIncreaseAfterImplantHours: 24,
      unitErrorFactor: 10,
    });
    expect(Object.isFrozen(DEFAULT_POLICY)).toBe(true);
  });

  it('resolves partial policies without mutating the defaults', () => {
    expect(resolvePolicy({ bufferDays: 10, highRiskBufferDays: undefined })).toEqual({
      ...DEFAULT_POLICY,
      bufferDays: 10,
    });
    expect(resolvePolicy()).toEqual(DEFAULT_POLICY);
    expect(validatePolicy({ worstCaseFactor: 1.2 }).worstCaseFactor).toBe(1.2);
    expect(DEFAULT_POLICY.bufferDays).toBe(7);
  });
});
