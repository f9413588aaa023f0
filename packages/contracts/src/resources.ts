import type {
  AlarmCode,
  AlarmPriority,
  AlarmStatus,
  AppointmentStatus,
  DiscrepancyKind,
  PumpEventType,
  PumpModel,
  RiskFactor,
  Role,
  SpasticityOrigin,
} from './enums';
import type { OralBackupPlanDto } from './triage';

/** ISO-8601 UTC instant, e.g. 2026-03-01T09:00:00.000Z */
export type Instant = string;
/** Calendar date YYYY-MM-DD in the clinic's time zone. */
export type LocalDate = string;

export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: Role;
}
export interface LoginRequest {
  email: string;
  password: string;
}
export interface LoginResponse {
  accessToken: string;
  user: UserDto;
}

export interface CreatePatientRequest {
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: LocalDate;
  spasticityOrigin: SpasticityOrigin;
  riskFactors: RiskFactor[];
  phone?: string;
  /** Refill reminders go to this number through the SMS gateway; null = none. */
  contactPhone?: string | null;
  notes?: string;
  /** Physician or admin only; null removes it. */
  oralBackupPlan?: OralBackupPlanDto | null;
  /** Effective intrathecal screening bolus (mcg); the first programmed daily dose is limited to twice it. */
  screeningDoseMcg?: number | null;
}
export type UpdatePatientRequest = Partial<CreatePatientRequest> & { version: number };

export interface PatientDto extends CreatePatientRequest {
  id: string;
  /** The physician's oral baclofen bridge for a withdrawal; null when none is documented. */
  oralBackupPlan: OralBackupPlanDto | null;
  highRisk: boolean;
  pediatric: boolean;
  version: number;
  createdAt: Instant;
  updatedAt: Instant;
  pumps?: PumpDto[];
}

export interface CreatePumpRequest {
  model: PumpModel;
  serialNumber: string;
  reservoirCapacityMl: 20 | 40;
  lowReservoirAlarmMl?: number;
  implantedAt: Instant;
  manufacturedAt?: Instant;
  catheterModel?: string;
  catheterVolumeMl?: number;
  eriDate?: LocalDate;
  worstCaseFactor?: number;
  discrepancyThresholdMl?: number;
}

export interface PumpDto extends CreatePumpRequest {
  id: string;
  patientId: string;
  lowReservoirAlarmMl: number;
  active: boolean;
  explantedAt: Instant | null;
  eriReportedAt: Instant | null;
  batteryStopDate: LocalDate | null;
  therapyInterrupted: boolean;
  mriCheckDue: boolean;
  version: number;
}

export interface FlexStepDto {
  durationMinutes: number;
  doseRateMcgPerHour: number;
}
export interface CreateDoseProgramRequest {
  effectiveAt?: Instant;
  basalDoseMcgPerDay?: number;
  flexSteps?: FlexStepDto[];
  bolusDoseMcg?: number;
  maxBolusesPerDay?: number;
  override?: { reason: string };
  notes?: string;
}
export interface DoseProgramDto {
  id: string;
  pumpId: string;
  effectiveAt: Instant;
  basalDoseMcgPerDay: number | null;
  flexSteps: FlexStepDto[] | null;
  bolusDoseMcg: number | null;
  maxBolusesPerDay: number | null;
  programmedDoseMcgPerDay: number;
  planningDoseMcgPerDay: number;
  warnings: string[];
  overridden: string[];
  overrideReason: string | null;
  notes: string | null;
  createdBy: string;
  verifiedBy: string | null;
  verifiedAt: Instant | null;
  createdAt: Instant;
  version: number;
}

export interface CreateRefillRequest {
  at?: Instant;
  actualResidualMl: number;
  volumeAddedMl: number;
  concentrationMcgPerMl: number;
  programmedConcentrationMcgPerMl: number;
  needlePositionConfirmed: boolean;
  /** Required: an active nurse or physician other than the recorder (four-eyes check). */
  secondCheckerId: string;
  /**
   * Required (true) when the check finds a discrepancy: the nurse re-aspirated, confirmed the needle position
   * and informed the physician before injecting.
   */
  discrepancyAcknowledged?: boolean;
  lotNumber?: string;
  lotExpiry?: LocalDate;
  bridgeBolusMcg?: number;
  /**
   * Required (true, together with `bridgeBolusMcg`) when the concentration differs from the last refill:
   * the bridge bolus was programmed and documented and the physician re-confirmed the dose.
   */
  concentrationChangeConfirmed?: boolean;
  notes?: string;
}
export interface RefillDto {
  id: string;
  pumpId: string;
  at: Instant;
  /** Null (with the two fields below) for a refill imported from the clinic's spreadsheet at go-live. */
  actualResidualMl: number | null;
  volumeAddedMl: number;
  concentrationMcgPerMl: number;
  programmedConcentrationMcgPerMl: number | null;
  needlePositionConfirmed: boolean | null;
  drugLibraryId: string | null;
  /** The drug-library entry's stability limit, used for the DRUG_STABILITY due date. */
  beyondUseDays: number | null;
  expectedResidualMl: number | null;
  expectedDeliveredMl: number | null;
  discrepancyMl: number | null;
  discrepancyPct: number | null;
  discrepancyThresholdMl: number | null;
  discrepancy: DiscrepancyKind;
  initialFill: boolean;
  warnings: string[];
  secondCheckerId: string | null;
  /** Measured ÷ expected delivery over the interval this refill closed; carried into the next worst case when fast. */
  measuredRateFactor: number | null;
  discrepancyAcknowledged: boolean;
  lotNumber: string | null;
  lotExpiry: LocalDate | null;
  bridgeBolusMcg: number | null;
  notes: string | null;
  recordedBy: string;
  createdAt: Instant;
}

export interface AppointmentDto {
  id: string;
  pumpId: string;
  at: Instant;
  kind: 'refill';
  status: AppointmentStatus;
  refillId: string | null;
  notes: string | null;
  createdBy: string;
  createdAt: Instant;
  updatedAt: Instant;
  version: number;
  /** Alarms this booking raises against the projection (e.g. APPOINTMENT_AFTER_ALARM); on booking only. */
  alarms?: { code: AlarmCode; priority: AlarmPriority }[];
  /** The projection the booking was checked against (null when the pump cannot be projected); on booking only. */
  projection?: AppointmentProjectionDto | null;
}
export interface AppointmentProjectionDto {
  refillDueDate: LocalDate;
  refillDueReason: string;
  lowReservoirAlarmAt: Instant | null;
  worstCaseLowReservoirAlarmAt: Instant | null;
}
export interface CreateAppointmentRequest {
  pumpId: string;
  at: Instant;
  kind: 'refill';
  notes?: string;
}
export interface UpdateAppointmentRequest {
  status: 'cancelled' | 'missed';
  version?: number;
  notes?: string;
}

export interface PumpEventDto {
  id: string;
  pumpId: string;
  type: PumpEventType;
  at: Instant;
  notes: string | null;
  recordedBy: string;
  createdAt: Instant;
}

export interface AlarmDto {
  id: string;
  /** Null for a clinic-wide alarm (NOTIFICATIONS_FAILING). */
  pumpId: string | null;
  patientId: string | null;
  code: AlarmCode;
  priority: AlarmPriority;
  status: AlarmStatus;
  raisedAt: Instant;
  updatedAt: Instant;
  acknowledgedBy: string | null;
  acknowledgedAt: Instant | null;
  acknowledgeNote: string | null;
  snoozedUntil: Instant | null;
  snoozeReason: string | null;
  resolvedAt: Instant | null;
  resolvedBy: string | null;
  resolution: string | null;
  escalated: boolean;
  escalatedAt: Instant | null;
  details: Record<string, unknown> | null;
  version: number;
}

export interface PumpStatusDto {
  pumpId: string;
  patientId: string;
  concentrationMcgPerMl: number | null;
  lastRefillAt: Instant | null;
  nextAppointmentAt: Instant | null;
  programmedDoseMcgPerDay: number;
  planningDoseMcgPerDay: number;
  rateMlPerDay: number;
  reservoirNowMl: number;
  lowReservoirAlarmAt: Instant | null;
  worstCaseLowReservoirAlarmAt: Instant | null;
  projectedEmptyAt: Instant | null;
  worstCaseEmptyAt: Instant | null;
  refillDueDate: LocalDate | null;
  refillDueReason: string | null;
  alarms: { code: AlarmCode; priority: AlarmPriority }[];
}

export interface WorklistItemDto {
  pumpId: string;
  patient: { id: string; mrn: string; givenName: string; familyName: string };
  refillDueDate: LocalDate;
  refillDueReason: string;
  lowReservoirAlarmAt: Instant | null;
  reservoirNowMl: number;
  nextAppointmentAt: Instant | null;
  highRisk: boolean;
  overdue: boolean;
}

export interface DrugLibraryEntryDto {
  id: string;
  name: string;
  concentrationMcgPerMl: number;
  screeningOnly: boolean;
  compounded: boolean;
  maxRefillIntervalDays: number;
  version: number;
}

export interface AuditEntryDto {
  id: string;
  seq: number;
  at: Instant;
  userId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  hash: string;
  prevHash: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}
