/**
 * Triage of a call about symptoms (engine kind "triage"): the codes a nurse ticks and the classification the
 * engine returns. Kept apart from the pump engine's types: a call is about the patient, not a projection.
 */

/** Early and advanced signs of baclofen withdrawal (intrathecal baclofen labeling; Coffey et al. 2002). */
export const WITHDRAWAL_SYMPTOMS = [
  'SPASTICITY_RETURN',
  'ITCHING',
  'LOW_BLOOD_PRESSURE',
  'PARESTHESIA',
  'HIGH_FEVER',
  'ALTERED_MENTAL_STATE',
  'RIGIDITY',
] as const;

/** Signs of baclofen overdose (labeling). */
export const OVERDOSE_SYMPTOMS = ['DROWSINESS', 'DIZZINESS', 'SLOW_BREATHING', 'HYPOTONIA', 'UNRESPONSIVE'] as const;

/** A seizure can come from either: it counts as a sign of both. */
export const BOTH_SYMPTOMS = ['SEIZURE'] as const;

export const TRIAGE_SYMPTOMS = [...WITHDRAWAL_SYMPTOMS, ...OVERDOSE_SYMPTOMS, ...BOTH_SYMPTOMS] as const;
export type TriageSymptom = (typeof TRIAGE_SYMPTOMS)[number];

/** Signs that send the patient to an emergency department whatever the pump's state. */
export const SEVERE_SYMPTOMS: readonly TriageSymptom[] = [
  'HIGH_FEVER',
  'ALTERED_MENTAL_STATE',
  'SEIZURE',
  'RIGIDITY',
  'SLOW_BREATHING',
  'UNRESPONSIVE',
];

/** Most urgent first (also the order used to compare urgencies: a lower index is more urgent). */
export const TRIAGE_URGENCIES = ['EMERGENCY', 'URGENT_SAME_DAY', 'ROUTINE'] as const;
export type TriageUrgency = (typeof TRIAGE_URGENCIES)[number];

export const TRIAGE_SUSPECTED = ['WITHDRAWAL', 'OVERDOSE', 'UNCLEAR', 'NONE'] as const;
export type TriageSuspected = (typeof TRIAGE_SUSPECTED)[number];

export const TRIAGE_REASONS = [
  'HIGH_RISK_PATIENT',
  'OPEN_PUMP_ALARM',
  'PUMP_ALARM_HEARD',
  'RECENT_DOSE_INCREASE',
  'RECENT_REFILL',
  'RESERVOIR_LOW',
  'SEVERE_SYMPTOM',
] as const;
export type TriageReason = (typeof TRIAGE_REASONS)[number];

export const TRIAGE_ACTIONS = [
  'BRING_EMERGENCY_CARD',
  'EMERGENCY_DEPARTMENT_NOW',
  'PUMP_CHECK_TODAY',
  'ROUTINE_FOLLOW_UP',
  'START_ORAL_BACKUP_PLAN',
] as const;
export type TriageAction = (typeof TRIAGE_ACTIONS)[number];

/** Open pump alarms that by themselves make a symptomatic call an emergency (delivery stopped or in doubt). */
export const TRIAGE_RAISING_ALARMS = ['THERAPY_INTERRUPTED', 'RESERVOIR_EMPTY', 'REFILL_DISCREPANCY'] as const;

/** A dose increase this recent makes overdose signs an emergency (7 days, boundary included). */
export const RECENT_DOSE_INCREASE_MS = 7 * 86_400_000;
/** A refill this recent makes overdose signs an emergency (48 h: pocket fill, concentration error). */
export const RECENT_REFILL_MS = 48 * 3_600_000;

/** What the pump's records say at the time of the call; every field optional (absent = false / none). */
export interface TriageContext {
  reservoirAtOrBelowAlarm?: boolean | null;
  pastWorstCaseAlarm?: boolean | null;
  /** Codes of the pump's open alarms. */
  openAlarms?: string[] | null;
  lastDoseIncreaseAt?: string | null;
  lastRefillAt?: string | null;
}

/** A context with every field present, as built from a pump's records. */
export interface PumpTriageContext {
  reservoirAtOrBelowAlarm: boolean;
  pastWorstCaseAlarm: boolean;
  openAlarms: string[];
  lastDoseIncreaseAt: string | null;
  lastRefillAt: string | null;
}

/** The JSON input of kind "triage". */
export interface TriageInput {
  kind: 'triage';
  now: string;
  patient?: { highRisk?: boolean | null; oralBackupPlan?: boolean | null } | null;
  symptoms: TriageSymptom[];
  pumpAlarmHeard?: boolean | null;
  context?: TriageContext | null;
}

export interface TriageOutput {
  urgency: TriageUrgency;
  suspected: TriageSuspected;
  /** Sorted. */
  reasons: TriageReason[];
  /** Sorted. */
  actions: TriageAction[];
}

/** Validated input: instants as epoch milliseconds, defaults applied, symptoms de-duplicated. */
export interface TriageModel {
  nowMs: number;
  highRisk: boolean;
  oralBackupPlan: boolean;
  symptoms: TriageSymptom[];
  pumpAlarmHeard: boolean;
  reservoirAtOrBelowAlarm: boolean;
  pastWorstCaseAlarm: boolean;
  openAlarms: string[];
  lastDoseIncreaseAtMs: number | null;
  lastRefillAtMs: number | null;
}
