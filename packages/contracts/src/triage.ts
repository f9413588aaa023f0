// Triage calls (a patient or carer calling about symptoms) and the physician's oral backup plan.
// Symptom, urgency, reason and action codes are the engine's own (re-exported: one source of truth).
import type {
  OralBackupPlan,
  PumpTriageContext,
  TriageAction,
  TriageReason,
  TriageSuspected,
  TriageSymptom,
  TriageUrgency,
} from '@pumpwatch/domain';
import type { PatientRef } from './alarms-worklist';
import type { Instant } from './resources';

export {
  BOTH_SYMPTOMS,
  OVERDOSE_SYMPTOMS,
  ORAL_BACKUP_LIMITS,
  SEVERE_SYMPTOMS,
  TRIAGE_ACTIONS,
  TRIAGE_REASONS,
  TRIAGE_SUSPECTED,
  TRIAGE_SYMPTOMS,
  TRIAGE_URGENCIES,
  WITHDRAWAL_SYMPTOMS,
  type TriageAction,
  type TriageReason,
  type TriageSuspected,
  type TriageSymptom,
  type TriageUrgency,
} from '@pumpwatch/domain';

export const TRIAGE_CALLERS = ['patient', 'carer', 'clinician', 'other'] as const;
export type TriageCaller = (typeof TRIAGE_CALLERS)[number];

/** What was done about the call; recording one closes the call and its TRIAGE_OPEN alarm. */
export const TRIAGE_OUTCOMES = ['SENT_TO_EMERGENCY', 'PUMP_CHECKED', 'REFILLED', 'ADVICE_ONLY'] as const;
export type TriageOutcome = (typeof TRIAGE_OUTCOMES)[number];

/** Physician-documented oral baclofen bridge: `doseMg` per intake, `timesPerDay` intakes, optional notes. */
export type OralBackupPlanDto = OralBackupPlan;

/** `POST /api/patients/:id/triage-calls` */
export interface CreateTriageCallRequest {
  /** When the call came in (defaults to now; at most 24 h back). */
  at?: Instant;
  caller: TriageCaller;
  symptoms: TriageSymptom[];
  pumpAlarmHeard: boolean;
  notes?: string;
}

/** `PATCH /api/triage-calls/:id` */
export interface CloseTriageCallRequest {
  outcome: TriageOutcome;
  notes?: string;
  version: number;
}

export interface TriageCallDto {
  id: string;
  patientId: string;
  /** Name and MRN, on the clinic-wide list of open calls. */
  patient?: PatientRef;
  /** The active pump the context was read from; null when the patient had none on record. */
  pumpId: string | null;
  at: Instant;
  caller: TriageCaller;
  symptoms: TriageSymptom[];
  pumpAlarmHeard: boolean;
  notes: string | null;
  urgency: TriageUrgency;
  suspected: TriageSuspected;
  reasons: TriageReason[];
  actions: TriageAction[];
  /** What the engine was told about the pump at the time of the call. */
  context: PumpTriageContext;
  /** False when the pump's reservoir could not be projected from its records (then counted as low). */
  projectionAvailable: boolean;
  /** The patient as the engine saw them at the call: high risk, and the oral backup plan then on record. */
  highRisk: boolean;
  oralBackupPlan: OralBackupPlanDto | null;
  status: 'open' | 'closed';
  outcome: TriageOutcome | null;
  outcomeNotes: string | null;
  closedAt: Instant | null;
  closedBy: string | null;
  recordedBy: string;
  createdAt: Instant;
  version: number;
}
