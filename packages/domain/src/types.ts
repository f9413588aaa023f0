import type { Policy } from './policy';

// ---------- Enumerations (const arrays double as runtime validation lists) ----------

export const ENGINE_KINDS = ['status', 'refill', 'doseChange'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];

export const ENGINE_ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_KIND',
  'INVALID_INSTANT',
  'UNKNOWN_TIME_ZONE',
  'NO_DOSE_PROGRAM',
  'FLEX_STEPS_NOT_24H',
] as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

/** Highest first: this is also the sort order of alarm lists. */
export const ALARM_PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export type AlarmPriority = (typeof ALARM_PRIORITIES)[number];

/** Alarms the engine derives from the projection (`status` kind). */
export const STATUS_ALARM_CODES = [
  'RESERVOIR_EMPTY',
  'LOW_RESERVOIR',
  'REFILL_OVERDUE',
  'APPOINTMENT_AFTER_ALARM',
  'APPOINTMENT_AFTER_DUE_DATE',
  'REFILL_NOT_BOOKED',
] as const;
export type StatusAlarmCode = (typeof STATUS_ALARM_CODES)[number];

/** Alarms raised from stored facts by the alarm engine (docs/clinical/PROJECTION-AND-ALARMS.md §6). */
export const FACT_ALARM_CODES = [
  'APPOINTMENT_MISSED',
  'REFILL_DISCREPANCY',
  'THERAPY_INTERRUPTED',
  'MRI_CHECK_DUE',
  'BATTERY_ERI_SOON',
  'BATTERY_ERI_REACHED',
  'DOSE_UNVERIFIED',
] as const;
export type FactAlarmCode = (typeof FACT_ALARM_CODES)[number];

/** Alarms about delivery itself, from programs and events (therapy/therapy-alarms.ts). */
export const THERAPY_ALARM_CODE_LIST = ['THERAPY_STOPPED', 'POST_RESTART_WATCH'] as const;

export const ALARM_CODES = [...STATUS_ALARM_CODES, ...FACT_ALARM_CODES, ...THERAPY_ALARM_CODE_LIST] as const;
export type AlarmCode = (typeof ALARM_CODES)[number];

/** Base priority of alarms whose priority does not depend on the situation (before high-risk escalation). */
export const FACT_ALARM_PRIORITY: Readonly<Record<FactAlarmCode, AlarmPriority>> = {
  APPOINTMENT_MISSED: 'high',
  REFILL_DISCREPANCY: 'high',
  THERAPY_INTERRUPTED: 'critical',
  MRI_CHECK_DUE: 'critical',
  BATTERY_ERI_SOON: 'medium',
  BATTERY_ERI_REACHED: 'critical',
  DOSE_UNVERIFIED: 'medium',
};

export interface Alarm<C extends AlarmCode = AlarmCode> {
  code: C;
  priority: AlarmPriority;
}

/** Listed in the contract's tie-break order. */
export const REFILL_DUE_REASONS = ['LOW_RESERVOIR', 'WORST_CASE_LOW_RESERVOIR', 'DRUG_STABILITY'] as const;
export type RefillDueReason = (typeof REFILL_DUE_REASONS)[number];

export const SPASTICITY_ORIGINS = ['spinal', 'cerebral', 'mixed'] as const;
export type SpasticityOrigin = (typeof SPASTICITY_ORIGINS)[number];

export const PUMP_MODELS = ['SYNCHROMED_II', 'SYNCHROMED_III', 'PROMETRA_II', 'OTHER'] as const;
export type PumpModel = (typeof PUMP_MODELS)[number];

export const REFILL_ERROR_CODES = [
  'CONCENTRATION_NOT_IN_LIBRARY',
  'CONCENTRATION_SCREENING_ONLY',
  'FILL_EXCEEDS_RESERVOIR',
  'NEEDLE_POSITION_NOT_CONFIRMED',
  'NO_VOLUME_ADDED',
  'PROGRAMMED_CONCENTRATION_MISMATCH',
  'RESIDUAL_EXCEEDS_CAPACITY',
  'VOLUME_INVALID',
] as const;
export type RefillErrorCode = (typeof REFILL_ERROR_CODES)[number];

export const REFILL_WARNING_CODES = ['CONCENTRATION_CHANGED'] as const;
export type RefillWarningCode = (typeof REFILL_WARNING_CODES)[number];

export const DISCREPANCY_KINDS = ['NONE', 'SUSPECTED_OVER_INFUSION', 'SUSPECTED_UNDER_DELIVERY'] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

/** Dose guards no reason can ever lift. */
export const DOSE_ALWAYS_BLOCKING_CODES = [
  'DOSE_INVALID',
  'INCREASE_TOO_SOON_AFTER_IMPLANT',
  'RESTART_NOT_RECORDED',
] as const;
/**
 * Overridable only when the proposal is a decrease: a 10× increase is refused outright as a unit slip, but a
 * wrong high dose must always be correctable (with a reason). See isDoseCodeOverridable / assessDoseChange.
 */
export const DOSE_OVERRIDABLE_ON_DECREASE_CODES = ['DOSE_UNIT_SUSPECT'] as const;
/**
 * Codes that no reason can lift in at least one situation (the always-blocking ones plus DOSE_UNIT_SUSPECT):
 * the cautious answer for a consumer that looks a code up without its context. For the exact answer about
 * one proposal use assessDoseChange (its `overridable` / `nonOverridable` lists).
 */
export const DOSE_NON_OVERRIDABLE_CODES = [
  'DOSE_INVALID',
  'DOSE_UNIT_SUSPECT',
  'INCREASE_TOO_SOON_AFTER_IMPLANT',
  'RESTART_NOT_RECORDED',
] as const;
/** Codes a sufficient override reason always lifts (when nothing non-overridable applies beside them). */
export const DOSE_OVERRIDABLE_CODES = [
  'BOLUS_TOO_LARGE',
  'CUMULATIVE_INCREASE_TOO_LARGE',
  'DOSE_ABOVE_MAXIMUM',
  'DOSE_CHANGE_TOO_SOON',
  'DOSE_DECREASE_TOO_LARGE',
  'DOSE_INCREASE_TOO_LARGE',
  'DOSE_ZERO_WITHDRAWAL_RISK',
  'FIRST_DOSE_ABOVE_START_LIMIT',
  'RESTART_DOSE_NEEDS_REVIEW',
] as const;
export type DoseNonOverridableCode = (typeof DOSE_NON_OVERRIDABLE_CODES)[number];
export type DoseOverridableCode = (typeof DOSE_OVERRIDABLE_CODES)[number];
export type DoseErrorCode = DoseNonOverridableCode | DoseOverridableCode;
export const DOSE_ERROR_CODES: readonly DoseErrorCode[] = [
  ...DOSE_NON_OVERRIDABLE_CODES,
  ...DOSE_OVERRIDABLE_CODES,
].sort();

export const DOSE_WARNING_CODES = ['DOSE_ABOVE_1000', 'DOSE_DECREASE_LARGE'] as const;
export type DoseWarningCode = (typeof DOSE_WARNING_CODES)[number];

// ---------- Inputs (the JSON shapes `pnpm scenario` reads; instants are ISO-8601 strings) ----------

export interface FlexStep {
  durationMinutes: number;
  doseRateMcgPerHour: number;
}

/** Exactly one of `basalDoseMcgPerDay` / `flexSteps`. The bolus term needs both bolus fields. */
export interface DoseProgram {
  effectiveAt: string;
  basalDoseMcgPerDay?: number;
  flexSteps?: FlexStep[];
  bolusDoseMcg?: number | null;
  maxBolusesPerDay?: number | null;
}

export interface LastRefill {
  at: string;
  reservoirVolumeAfterMl: number;
  concentrationMcgPerMl: number;
  /** The drug-library entry's stability limit (docs/clinical/PROJECTION-AND-ALARMS.md §4). */
  beyondUseDays?: number | null;
  /**
   * Delivered ÷ expected at the refill that started this interval (the refill check's output), passed when
   * that refill found a suspected over-infusion: the worst case then projects at least this fast.
   */
  measuredRateFactor?: number | null;
}

export interface Pump {
  reservoirCapacityMl: number;
  /** Default 2.0 mL; store 3.0 for Prometra (docs/clinical/PROJECTION-AND-ALARMS.md §2). */
  lowReservoirAlarmMl?: number | null;
  worstCaseFactor?: number | null;
  discrepancyThresholdMl?: number | null;
  model?: PumpModel | null;
}

export interface StatusPatient {
  highRisk?: boolean | null;
  pediatric?: boolean | null;
}

export interface DoseChangePatient {
  spasticityOrigin: SpasticityOrigin;
  implantedAt: string;
  pediatric?: boolean | null;
  highRisk?: boolean | null;
  /** The effective intrathecal screening bolus (mcg): a first program above twice it needs a reason. */
  screeningDoseMcg?: number | null;
}

export interface DrugLibraryEntry {
  concentrationMcgPerMl: number;
  screeningOnly?: boolean | null;
}

/** The inputs every projection needs. */
export interface ProjectionInput {
  timeZone: string;
  pump: Pump;
  lastRefill: LastRefill;
  dosePrograms: DoseProgram[];
  policy?: Partial<Policy> | null;
}

export interface StatusInput extends ProjectionInput {
  kind?: 'status';
  now: string;
  patient?: StatusPatient | null;
  appointmentAt?: string | null;
}

export interface RefillRecord {
  at: string;
  actualResidualMl: number;
  volumeAddedMl: number;
  concentrationMcgPerMl: number;
  programmedConcentrationMcgPerMl?: number | null;
  needlePositionConfirmed?: boolean | null;
}

export interface RefillInput extends ProjectionInput {
  kind?: 'refill';
  refill: RefillRecord;
  drugLibrary?: DrugLibraryEntry[] | null;
}

/** A program's doses as the dose check sees them: programmed mcg/day plus optional patient boluses. */
export interface DoseLevel {
  doseMcgPerDay: number;
  bolusDoseMcg?: number | null;
  maxBolusesPerDay?: number | null;
}

export interface CurrentDose extends DoseLevel {
  changedAt: string;
}

export interface DoseHistoryEntry extends DoseLevel {
  effectiveAt: string;
}

/** The latest therapy interruption not yet followed by a program with a dose > 0. */
export interface DoseInterruption {
  since: string;
  /** Whether a physician recorded the restart decision (RESTARTED) after it. */
  restartRecorded: boolean;
}

export interface DoseChangeInput {
  kind?: 'doseChange';
  now: string;
  patient: DoseChangePatient;
  /** The latest program by effectiveAt (one not yet in force included); null at first programming. */
  current: CurrentDose | null;
  /** `unknown` on purpose: a non-number is reported as DOSE_INVALID, not rejected. */
  proposedDoseMcgPerDay: unknown;
  /** Both or neither; `unknown` for the same reason as the dose. */
  proposedBolusDoseMcg?: unknown;
  proposedMaxBolusesPerDay?: unknown;
  /** When the proposed program takes effect (default `now`): the "too soon" rules are measured there. */
  proposedEffectiveAt?: string | null;
  /** The latest earlier program with a programmed dose > 0, when `current` is 0. */
  lastNonZero?: DoseLevel | null;
  interruption?: DoseInterruption | null;
  /** Earlier programs (the API passes 90 days) for the 30-day cumulative-increase rule. */
  history?: DoseHistoryEntry[] | null;
  override?: { reason?: string | null } | null;
  policy?: Partial<Policy> | null;
}

export type EngineInput =
  (StatusInput & { kind: 'status' }) | (RefillInput & { kind: 'refill' }) | (DoseChangeInput & { kind: 'doseChange' });

// ---------- Outputs ----------

export interface StatusOutput {
  programmedDoseMcgPerDay: number;
  planningDoseMcgPerDay: number;
  rateMlPerDay: number;
  reservoirNowMl: number;
  lowReservoirAlarmAt: string | null;
  worstCaseLowReservoirAlarmAt: string | null;
  projectedEmptyAt: string | null;
  worstCaseEmptyAt: string | null;
  refillDueDate: string;
  refillDueReason: RefillDueReason;
  alarms: Alarm<StatusAlarmCode>[];
  /** The worst-case factor used: the pump's (else the policy's), raised to a measured over-infusion. */
  worstCaseFactor: number;
}

export interface RefillCheckOutput {
  expectedResidualMl: number;
  expectedDeliveredMl: number;
  discrepancyMl: number;
  discrepancyPct: number | null;
  discrepancyThresholdMl: number;
  discrepancy: DiscrepancyKind;
  /** (volume after the last refill − actual residual) ÷ expected delivered; null when not measurable. */
  measuredRateFactor: number | null;
  errors: RefillErrorCode[];
  warnings: RefillWarningCode[];
}

export interface DoseChangeOutput {
  accepted: boolean;
  errors: DoseErrorCode[];
  /** DoseErrorCode, not DoseOverridableCode: a 10× decrease (DOSE_UNIT_SUSPECT) can be overridden. */
  overridden: DoseErrorCode[];
  warnings: DoseWarningCode[];
}

export type EngineOutput = StatusOutput | RefillCheckOutput | DoseChangeOutput;

// ---------- Validated model (instants as epoch milliseconds) ----------

export interface ProgramModel {
  effectiveAtMs: number;
  programmedDoseMcgPerDay: number;
  planningDoseMcgPerDay: number;
}

export interface ProjectionModel {
  timeZone: string;
  lastRefillAtMs: number;
  startVolumeMl: number;
  concentrationMcgPerMl: number;
  beyondUseDays: number | null;
  reservoirCapacityMl: number;
  lowReservoirAlarmMl: number;
  /** The pump's factor (else the policy's): the refill check's discrepancy threshold uses this one only. */
  pumpWorstCaseFactor: number;
  measuredRateFactor: number | null;
  /** The factor the worst-case projection uses: max(pumpWorstCaseFactor, measuredRateFactor). */
  worstCaseFactor: number;
  discrepancyThresholdMl: number | null;
  /** Sorted by effectiveAt, stable: on equal effectiveAt the later input entry comes later (and wins). */
  programs: ProgramModel[];
  policy: Policy;
}

export interface StatusModel extends ProjectionModel {
  nowMs: number;
  highRisk: boolean;
  appointmentAtMs: number | null;
}

export interface RefillModel extends ProjectionModel {
  refill: {
    atMs: number;
    actualResidualMl: number;
    volumeAddedMl: number;
    concentrationMcgPerMl: number;
    programmedConcentrationMcgPerMl: number | null;
    needlePositionConfirmed: boolean | null;
  };
  drugLibrary: { concentrationMcgPerMl: number; screeningOnly: boolean }[];
}

/** A validated program's doses; bolus fields null when absent. */
export interface DoseLevelModel {
  doseMcgPerDay: number;
  bolusDoseMcg: number | null;
  maxBolusesPerDay: number | null;
}

export type ProposedDose = ({ valid: true } & DoseLevelModel) | { valid: false };

export interface DoseChangeModel {
  nowMs: number;
  /** Defaults to nowMs. */
  proposedEffectiveAtMs: number;
  spasticityOrigin: SpasticityOrigin;
  implantedAtMs: number;
  pediatric: boolean;
  screeningDoseMcg: number | null;
  current: (DoseLevelModel & { changedAtMs: number }) | null;
  proposed: ProposedDose;
  lastNonZero: DoseLevelModel | null;
  interruption: { sinceMs: number; restartRecorded: boolean } | null;
  history: (DoseLevelModel & { effectiveAtMs: number })[] | null;
  overrideReason: string | null;
  policy: Policy;
}
