/**
 * Turns raw (unknown, usually JSON) input into the validated model, or throws EngineError.
 * Everything downstream may assume finite numbers, parsed instants and a known time zone.
 */
import { planningDoseMcgPerDay, programmedDoseMcgPerDay } from './dosing';
import { EngineError } from './errors';
import { DEFAULT_POLICY, INTEGER_POLICY_FIELDS, POLICY_FIELDS, type Policy } from './policy';
import { programInForce } from './projection';
import {
  PUMP_MODELS,
  SPASTICITY_ORIGINS,
  type DoseChangeModel,
  type DoseLevelModel,
  type DoseProgram,
  type FlexStep,
  type ProgramModel,
  type ProjectionModel,
  type ProposedDose,
  type RefillModel,
  type StatusModel,
} from './types';
import {
  asArray,
  asEnum,
  asInstant,
  asNumber,
  asObject,
  asString,
  asTimeZone,
  instantField,
  invalid,
  isAbsent,
  NON_NEGATIVE,
  NON_NEGATIVE_INTEGER,
  numberField,
  optionalBoolean,
  optionalInstant,
  optionalNumber,
  optionalNumberField,
  POSITIVE,
  POSITIVE_INTEGER,
  requireKey,
  satisfies,
  type Raw,
} from './validate-primitives';

export { asObject } from './validate-primitives';

// ---------- Policy ----------

// Spreading the frozen DEFAULT_POLICY costs ~7× a plain object's spread; this private copy is never mutated.
const DEFAULT_POLICY_VALUES: Policy = { ...DEFAULT_POLICY };
const POLICY_RULES = POLICY_FIELDS.map((field) => ({
  field,
  rule: INTEGER_POLICY_FIELDS.has(field) ? NON_NEGATIVE_INTEGER : NON_NEGATIVE,
}));

export function validatePolicy(value: unknown, path = 'policy'): Policy {
  const policy: Policy = { ...DEFAULT_POLICY_VALUES };
  if (isAbsent(value)) return policy;
  const raw = asObject(value, path);
  for (const { field, rule } of POLICY_RULES) {
    const given = optionalNumberField(raw, field, path, rule);
    if (given !== null) policy[field] = given;
  }
  // A factor below 1 would make the "worst case" later than the nominal projection.
  if (policy.worstCaseFactor < 1) invalid(`${path}.worstCaseFactor`, 'must be ≥ 1');
  if (policy.unitErrorFactor <= 1) invalid(`${path}.unitErrorFactor`, 'must be > 1');
  return policy;
}

// ---------- Dose programs ----------

function validateFlexSteps(value: unknown, path: string): FlexStep[] {
  const steps = asArray(value, path);
  if (steps.length === 0) invalid(path, 'must not be empty');
  return steps.map((step, i) => {
    const stepPath = `${path}[${i}]`;
    const raw = asObject(step, stepPath);
    return {
      durationMinutes: numberField(raw, 'durationMinutes', stepPath, POSITIVE_INTEGER),
      doseRateMcgPerHour: numberField(raw, 'doseRateMcgPerHour', stepPath, NON_NEGATIVE),
    };
  });
}

function validateProgram(value: unknown, path: string): ProgramModel {
  const raw = asObject(value, path);
  requireKey(raw, 'effectiveAt', path);
  const effectiveAtMs = instantField(raw, 'effectiveAt', path);
  const hasBasal = !isAbsent(raw.basalDoseMcgPerDay);
  const hasFlex = !isAbsent(raw.flexSteps);
  if (hasBasal === hasFlex) invalid(path, 'needs exactly one of basalDoseMcgPerDay or flexSteps');
  const program: DoseProgram = {
    effectiveAt: raw.effectiveAt as string,
    basalDoseMcgPerDay: hasBasal ? numberField(raw, 'basalDoseMcgPerDay', path, NON_NEGATIVE) : undefined,
    flexSteps: hasFlex ? validateFlexSteps(raw.flexSteps, `${path}.flexSteps`) : undefined,
    bolusDoseMcg: optionalNumberField(raw, 'bolusDoseMcg', path, NON_NEGATIVE),
    maxBolusesPerDay: optionalNumberField(raw, 'maxBolusesPerDay', path, NON_NEGATIVE_INTEGER),
  };
  return {
    effectiveAtMs,
    programmedDoseMcgPerDay: programmedDoseMcgPerDay(program),
    planningDoseMcgPerDay: planningDoseMcgPerDay(program),
  };
}

/** Stable sort: on equal effectiveAt the later array entry stays later, and the latest entry wins. */
export function validatePrograms(value: unknown, path = 'dosePrograms'): ProgramModel[] {
  const programs = asArray(value, path).map((program, i) => validateProgram(program, `${path}[${i}]`));
  // Stored programs usually arrive in order already; a stable sort would then return them unchanged.
  let sorted = true;
  for (let i = 1; i < programs.length && sorted; i++)
    sorted = programs[i - 1].effectiveAtMs <= programs[i].effectiveAtMs;
  if (sorted) return programs;
  return programs
    .map((program, index) => ({ program, index }))
    .sort((a, b) => a.program.effectiveAtMs - b.program.effectiveAtMs || a.index - b.index)
    .map(({ program }) => program);
}

// ---------- Shared projection inputs ----------

export function validateProjection(value: unknown): ProjectionModel {
  const raw = asObject(value, 'input');
  const timeZone = asTimeZone(requireKey(raw, 'timeZone', 'input'), 'timeZone');
  const policy = validatePolicy(raw.policy);
  const pump = asObject(requireKey(raw, 'pump', 'input'), 'pump');
  const lastRefill = asObject(requireKey(raw, 'lastRefill', 'input'), 'lastRefill');
  const lastRefillAtMs = asInstant(requireKey(lastRefill, 'at', 'lastRefill'), 'lastRefill.at');
  const programs = validatePrograms(requireKey(raw, 'dosePrograms', 'input'));
  if (!programInForce(programs, lastRefillAtMs)) {
    throw new EngineError('NO_DOSE_PROGRAM', 'no dose program is in force at lastRefill.at');
  }
  const pumpFactor = optionalNumber(pump.worstCaseFactor, 'pump.worstCaseFactor', NON_NEGATIVE);
  if (pumpFactor !== null && pumpFactor < 1) invalid('pump.worstCaseFactor', 'must be ≥ 1');
  if (!isAbsent(pump.model)) asEnum(pump.model, PUMP_MODELS, 'pump.model');
  const reservoirCapacityMl = asNumber(pump.reservoirCapacityMl, 'pump.reservoirCapacityMl', POSITIVE);
  const startVolumeMl = asNumber(lastRefill.reservoirVolumeAfterMl, 'lastRefill.reservoirVolumeAfterMl', NON_NEGATIVE);
  // An overfilled reservoir is itself a risk of over-infusion, and no projection from it can be trusted.
  if (startVolumeMl > reservoirCapacityMl) {
    invalid('lastRefill.reservoirVolumeAfterMl', `${startVolumeMl} mL is more than the reservoir holds`);
  }
  const measuredRateFactor = optionalNumber(lastRefill.measuredRateFactor, 'lastRefill.measuredRateFactor', POSITIVE);
  const pumpWorstCaseFactor = pumpFactor ?? policy.worstCaseFactor;
  return {
    timeZone,
    policy,
    lastRefillAtMs,
    startVolumeMl,
    concentrationMcgPerMl: asNumber(lastRefill.concentrationMcgPerMl, 'lastRefill.concentrationMcgPerMl', POSITIVE),
    beyondUseDays: optionalNumber(lastRefill.beyondUseDays, 'lastRefill.beyondUseDays', NON_NEGATIVE_INTEGER),
    reservoirCapacityMl,
    lowReservoirAlarmMl: optionalNumber(pump.lowReservoirAlarmMl, 'pump.lowReservoirAlarmMl', NON_NEGATIVE) ?? 2.0,
    pumpWorstCaseFactor,
    measuredRateFactor,
    // A pump measured running fast is projected at least that fast until its next refill.
    worstCaseFactor:
      measuredRateFactor !== null ? Math.max(pumpWorstCaseFactor, measuredRateFactor) : pumpWorstCaseFactor,
    discrepancyThresholdMl: optionalNumber(pump.discrepancyThresholdMl, 'pump.discrepancyThresholdMl', NON_NEGATIVE),
    programs,
  };
}

// ---------- Per kind ----------

export function validateStatusInput(value: unknown): StatusModel {
  const raw = asObject(value, 'input');
  const nowMs = asInstant(requireKey(raw, 'now', 'input'), 'now');
  const projection = validateProjection(raw);
  if (nowMs < projection.lastRefillAtMs) invalid('now', 'is before lastRefill.at');
  const { worstCaseMarginDays, highRiskBufferDays, bufferDays } = projection.policy;
  // Unsafe policies are refused, not evaluated: the worst-case alarm must fall before the due day, and a
  // high-risk patient never gets less notice than anyone else.
  if (worstCaseMarginDays < 1) invalid('policy.worstCaseMarginDays', 'must be ≥ 1');
  if (highRiskBufferDays < bufferDays) invalid('policy.highRiskBufferDays', 'must be ≥ policy.bufferDays');
  const patient = isAbsent(raw.patient) ? {} : asObject(raw.patient, 'patient');
  optionalBoolean(patient.pediatric, 'patient.pediatric');
  // Not `{ ...projection, … }`: V8 copies a spread plus extra fields ~10× slower than this literal (measured),
  // and this runs for every pump on every status read. The type still requires every model field.
  const model: StatusModel = {
    timeZone: projection.timeZone,
    policy: projection.policy,
    lastRefillAtMs: projection.lastRefillAtMs,
    startVolumeMl: projection.startVolumeMl,
    concentrationMcgPerMl: projection.concentrationMcgPerMl,
    beyondUseDays: projection.beyondUseDays,
    reservoirCapacityMl: projection.reservoirCapacityMl,
    lowReservoirAlarmMl: projection.lowReservoirAlarmMl,
    pumpWorstCaseFactor: projection.pumpWorstCaseFactor,
    measuredRateFactor: projection.measuredRateFactor,
    worstCaseFactor: projection.worstCaseFactor,
    discrepancyThresholdMl: projection.discrepancyThresholdMl,
    programs: projection.programs,
    nowMs,
    highRisk: optionalBoolean(patient.highRisk, 'patient.highRisk') ?? false,
    appointmentAtMs: optionalInstant(raw.appointmentAt, 'appointmentAt'),
  };
  return model;
}

export const DEFAULT_DRUG_LIBRARY: ReadonlyArray<{ concentrationMcgPerMl: number; screeningOnly: boolean }> = [
  { concentrationMcgPerMl: 500, screeningOnly: false },
  { concentrationMcgPerMl: 1000, screeningOnly: false },
  { concentrationMcgPerMl: 2000, screeningOnly: false },
  { concentrationMcgPerMl: 50, screeningOnly: true },
];

function validateDrugLibrary(value: unknown): RefillModel['drugLibrary'] {
  if (isAbsent(value)) return DEFAULT_DRUG_LIBRARY.map((entry) => ({ ...entry }));
  return asArray(value, 'drugLibrary').map((entry, i) => {
    const raw = asObject(entry, `drugLibrary[${i}]`);
    return {
      concentrationMcgPerMl: asNumber(raw.concentrationMcgPerMl, `drugLibrary[${i}].concentrationMcgPerMl`, {
        min: 0,
        exclusiveMin: true,
      }),
      screeningOnly: optionalBoolean(raw.screeningOnly, `drugLibrary[${i}].screeningOnly`) ?? false,
    };
  });
}

export function validateRefillInput(value: unknown): RefillModel {
  const raw = asObject(value, 'input');
  const projection = validateProjection(raw);
  const refill = asObject(requireKey(raw, 'refill', 'input'), 'refill');
  const atMs = asInstant(requireKey(refill, 'at', 'refill'), 'refill.at');
  // The contract's "now before lastRefill.at" rule, applied to the refill being recorded.
  if (atMs < projection.lastRefillAtMs) invalid('refill.at', 'is before lastRefill.at');
  return {
    ...projection,
    refill: {
      atMs,
      // Negative volumes are not rejected: they are reported as VOLUME_INVALID with the discrepancy.
      actualResidualMl: asNumber(refill.actualResidualMl, 'refill.actualResidualMl'),
      volumeAddedMl: asNumber(refill.volumeAddedMl, 'refill.volumeAddedMl'),
      concentrationMcgPerMl: asNumber(refill.concentrationMcgPerMl, 'refill.concentrationMcgPerMl', {
        min: 0,
        exclusiveMin: true,
      }),
      programmedConcentrationMcgPerMl: optionalNumber(
        refill.programmedConcentrationMcgPerMl,
        'refill.programmedConcentrationMcgPerMl',
        { min: 0, exclusiveMin: true },
      ),
      needlePositionConfirmed: optionalBoolean(refill.needlePositionConfirmed, 'refill.needlePositionConfirmed'),
    },
    drugLibrary: validateDrugLibrary(raw.drugLibrary),
  };
}

/** Current, last non-zero and history programs: bolus fields are taken as given (missing = no boluses). */
function doseLevel(raw: Raw, path: string): DoseLevelModel {
  return {
    doseMcgPerDay: numberField(raw, 'doseMcgPerDay', path, NON_NEGATIVE),
    bolusDoseMcg: optionalNumberField(raw, 'bolusDoseMcg', path, NON_NEGATIVE),
    maxBolusesPerDay: optionalNumberField(raw, 'maxBolusesPerDay', path, NON_NEGATIVE_INTEGER),
  };
}

/**
 * The proposal is reported (DOSE_INVALID), never rejected: a dose that is not a number ≥ 0, or a bolus pair
 * with one half missing or not a number ≥ 0. A fractional number of boluses per day is no count either.
 */
function proposedDose(raw: Raw): ProposedDose {
  const dose = requireKey(raw, 'proposedDoseMcgPerDay', 'input');
  const bolus = raw.proposedBolusDoseMcg;
  const maxBoluses = raw.proposedMaxBolusesPerDay;
  if (!satisfies(dose, NON_NEGATIVE)) return { valid: false };
  if (isAbsent(bolus) && isAbsent(maxBoluses)) {
    return { valid: true, doseMcgPerDay: dose, bolusDoseMcg: null, maxBolusesPerDay: null };
  }
  if (!satisfies(bolus, NON_NEGATIVE) || !satisfies(maxBoluses, NON_NEGATIVE_INTEGER)) return { valid: false };
  return { valid: true, doseMcgPerDay: dose, bolusDoseMcg: bolus, maxBolusesPerDay: maxBoluses };
}

export function validateDoseChangeInput(value: unknown): DoseChangeModel {
  const raw = asObject(value, 'input');
  const nowMs = asInstant(requireKey(raw, 'now', 'input'), 'now');
  if (!isAbsent(raw.timeZone)) asTimeZone(raw.timeZone, 'timeZone');
  const patient = asObject(requireKey(raw, 'patient', 'input'), 'patient');
  // `current` must be given explicitly (null at first programming): a forgotten field must not
  // silently skip every increase check.
  if (!('current' in raw) || raw.current === undefined) invalid('current', 'is required (null at first programming)');
  let current: DoseChangeModel['current'] = null;
  if (raw.current !== null) {
    const c = asObject(raw.current, 'current');
    current = {
      ...doseLevel(c, 'current'),
      changedAtMs: asInstant(requireKey(c, 'changedAt', 'current'), 'current.changedAt'),
    };
  }
  let interruption: DoseChangeModel['interruption'] = null;
  if (!isAbsent(raw.interruption)) {
    const i = asObject(raw.interruption, 'interruption');
    const restartRecorded = optionalBoolean(
      requireKey(i, 'restartRecorded', 'interruption'),
      'interruption.restartRecorded',
    );
    if (restartRecorded === null) invalid('interruption.restartRecorded', 'must be a boolean');
    interruption = {
      sinceMs: asInstant(requireKey(i, 'since', 'interruption'), 'interruption.since'),
      restartRecorded,
    };
  }
  const history = isAbsent(raw.history)
    ? null
    : asArray(raw.history, 'history').map((entry, i) => {
        const path = `history[${i}]`;
        const e = asObject(entry, path);
        return {
          ...doseLevel(e, path),
          effectiveAtMs: asInstant(requireKey(e, 'effectiveAt', path), `${path}.effectiveAt`),
        };
      });
  let overrideReason: string | null = null;
  if (!isAbsent(raw.override)) {
    const override = asObject(raw.override, 'override');
    overrideReason = isAbsent(override.reason) ? null : asString(override.reason, 'override.reason');
  }
  const policy = validatePolicy(raw.policy);
  // Outside 2–10 the unit-error guard either refuses ordinary titration or misses a decimal slip.
  if (policy.unitErrorFactor < 2 || policy.unitErrorFactor > 10) invalid('policy.unitErrorFactor', 'must be 2–10');
  return {
    nowMs,
    proposedEffectiveAtMs: optionalInstant(raw.proposedEffectiveAt, 'proposedEffectiveAt') ?? nowMs,
    spasticityOrigin: asEnum(patient.spasticityOrigin, SPASTICITY_ORIGINS, 'patient.spasticityOrigin'),
    implantedAtMs: asInstant(requireKey(patient, 'implantedAt', 'patient'), 'patient.implantedAt'),
    pediatric: optionalBoolean(patient.pediatric, 'patient.pediatric') ?? false,
    screeningDoseMcg: optionalNumber(patient.screeningDoseMcg, 'patient.screeningDoseMcg', POSITIVE),
    current,
    proposed: proposedDose(raw),
    lastNonZero: isAbsent(raw.lastNonZero) ? null : doseLevel(asObject(raw.lastNonZero, 'lastNonZero'), 'lastNonZero'),
    interruption,
    history,
    overrideReason,
    policy,
  };
}
