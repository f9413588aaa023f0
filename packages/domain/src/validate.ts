/**
 * Turns raw (unknown, usually JSON) input into the validated model, or throws EngineError.
 * Everything downstream may assume finite numbers, parsed instants and a known time zone.
 */
import { planningDoseMcgPerDay, programmedDoseMcgPerDay } from './dosing';
import { EngineError } from './errors';
import { DEFAULT_POLICY, INTEGER_POLICY_FIELDS, POLICY_FIELDS, type Policy } from './policy';
import { programInForce } from './projection';
import { assertTimeZone, parseCanonicalInstant, parseInstant } from './time';
import {
  PUMP_MODELS,
  SPASTICITY_ORIGINS,
  type DoseChangeModel,
  type DoseProgram,
  type FlexStep,
  type ProgramModel,
  type ProjectionModel,
  type RefillModel,
  type StatusModel,
} from './types';

type Raw = Record<string, unknown>;

interface NumberRule {
  min?: number;
  /** Strictly greater than `min`. */
  exclusiveMin?: boolean;
  integer?: boolean;
}

function invalid(path: string, message: string): never {
  throw new EngineError('INVALID_INPUT', `${path}: ${message}`);
}

/** Optional fields accept `null` as "absent": API rows and forms send null for empty values. */
function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

export function asObject(value: unknown, path: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(path, 'must be an object');
  return value as Raw;
}

function asArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) invalid(path, 'must be an array');
  return value;
}

function asNumber(value: unknown, path: string, rule: NumberRule = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) invalid(path, 'must be a finite number');
  if (rule.integer && !Number.isInteger(value)) invalid(path, 'must be an integer');
  if (rule.min !== undefined) {
    const below = rule.exclusiveMin ? value <= rule.min : value < rule.min;
    if (below) invalid(path, `must be ${rule.exclusiveMin ? '>' : '≥'} ${rule.min}`);
  }
  return value;
}

function optionalNumber(value: unknown, path: string, rule: NumberRule = {}): number | null {
  return isAbsent(value) ? null : asNumber(value, path, rule);
}

// Shared rules, and field readers that build the `path.key` text only for an error: validation runs once
// per pump on every status read, and the path strings were most of its allocations.
const NON_NEGATIVE: NumberRule = { min: 0 };
const NON_NEGATIVE_INTEGER: NumberRule = { min: 0, integer: true };
const POSITIVE: NumberRule = { min: 0, exclusiveMin: true };
const POSITIVE_INTEGER: NumberRule = { min: 0, exclusiveMin: true, integer: true };

/** True when asNumber(value, …, rule) would return `value` rather than throw. */
function satisfies(value: unknown, rule: NumberRule): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (rule.integer && !Number.isInteger(value)) return false;
  if (rule.min === undefined) return true;
  return rule.exclusiveMin ? value > rule.min : value >= rule.min;
}

function numberField(raw: Raw, key: string, path: string, rule: NumberRule): number {
  const value = raw[key];
  return satisfies(value, rule) ? value : asNumber(value, `${path}.${key}`, rule);
}

function optionalNumberField(raw: Raw, key: string, path: string, rule: NumberRule): number | null {
  return isAbsent(raw[key]) ? null : numberField(raw, key, path, rule);
}

function asString(value: unknown, path: string): string {
  if (typeof value !== 'string') invalid(path, 'must be a string');
  return value;
}

function optionalBoolean(value: unknown, path: string): boolean | null {
  if (isAbsent(value)) return null;
  if (typeof value !== 'boolean') invalid(path, 'must be a boolean');
  return value;
}

function asInstant(value: unknown, path: string): number {
  return parseInstant(asString(value, path), path);
}

function optionalInstant(value: unknown, path: string): number | null {
  return isAbsent(value) ? null : asInstant(value, path);
}

/** asInstant(raw[key], `${path}.${key}`), building the path only when the value is not canonical. */
function instantField(raw: Raw, key: string, path: string): number {
  const value = raw[key];
  const fast = typeof value === 'string' ? parseCanonicalInstant(value) : NaN;
  return fast === fast ? fast : asInstant(value, `${path}.${key}`);
}

function asEnum<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    invalid(path, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function asTimeZone(value: unknown, path: string): string {
  const timeZone = asString(value, path);
  assertTimeZone(timeZone, path);
  return timeZone;
}

function requireKey(raw: Raw, key: string, path: string): unknown {
  if (!(key in raw) || raw[key] === undefined) invalid(`${path}.${key}`, 'is required');
  return raw[key];
}

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
  return {
    timeZone,
    policy,
    lastRefillAtMs,
    startVolumeMl: asNumber(lastRefill.reservoirVolumeAfterMl, 'lastRefill.reservoirVolumeAfterMl', NON_NEGATIVE),
    concentrationMcgPerMl: asNumber(lastRefill.concentrationMcgPerMl, 'lastRefill.concentrationMcgPerMl', POSITIVE),
    beyondUseDays: optionalNumber(lastRefill.beyondUseDays, 'lastRefill.beyondUseDays', NON_NEGATIVE_INTEGER),
    reservoirCapacityMl: asNumber(pump.reservoirCapacityMl, 'pump.reservoirCapacityMl', POSITIVE),
    lowReservoirAlarmMl: optionalNumber(pump.lowReservoirAlarmMl, 'pump.lowReservoirAlarmMl', NON_NEGATIVE) ?? 2.0,
    worstCaseFactor: pumpFactor ?? policy.worstCaseFactor,
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
      doseMcgPerDay: asNumber(c.doseMcgPerDay, 'current.doseMcgPerDay', { min: 0 }),
      changedAtMs: asInstant(requireKey(c, 'changedAt', 'current'), 'current.changedAt'),
    };
  }
  const proposedRaw = requireKey(raw, 'proposedDoseMcgPerDay', 'input');
  const proposedValid = typeof proposedRaw === 'number' && Number.isFinite(proposedRaw) && proposedRaw >= 0;
  let overrideReason: string | null = null;
  if (!isAbsent(raw.override)) {
    const override = asObject(raw.override, 'override');
    overrideReason = isAbsent(override.reason) ? null : asString(override.reason, 'override.reason');
  }
  return {
    nowMs,
    spasticityOrigin: asEnum(patient.spasticityOrigin, SPASTICITY_ORIGINS, 'patient.spasticityOrigin'),
    implantedAtMs: asInstant(requireKey(patient, 'implantedAt', 'patient'), 'patient.implantedAt'),
    pediatric: optionalBoolean(patient.pediatric, 'patient.pediatric') ?? false,
    current,
    proposed: proposedValid ? { valid: true, doseMcgPerDay: proposedRaw } : { valid: false },
    overrideReason,
    policy: validatePolicy(raw.policy),
  };
}
