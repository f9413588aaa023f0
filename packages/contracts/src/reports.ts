import type { FlexStep, RefillDueReason } from '@pumpwatch/domain';
import type { AlarmCode, AlarmPriority, DiscrepancyKind, PumpModel, RiskFactor } from './enums';
import type { TriageUrgency } from './triage';

/** Response shapes of the printable reports (API and web). */
export interface ReportClinic {
  name: string;
  timeZone: string;
  phone: string;
  outOfHoursPhone: string;
}

export interface ReportPatient {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  highRisk: boolean;
  riskFactors: RiskFactor[];
}

export interface RefillSheetDto {
  generatedAt: string;
  clinic: ReportClinic;
  patient: ReportPatient;
  pump: {
    id: string;
    model: PumpModel;
    manufacturer: string | null;
    serialNumber: string;
    reservoirCapacityMl: number;
    lowReservoirAlarmMl: number;
    catheterModel: string | null;
    catheterVolumeMl: number | null;
    implantedAt: string;
  };
  currentProgram: {
    effectiveAt: string;
    basalDoseMcgPerDay: number | null;
    flexSteps: FlexStep[] | null;
    bolusDoseMcg: number | null;
    maxBolusesPerDay: number | null;
    programmedDoseMcgPerDay: number;
    planningDoseMcgPerDay: number;
    verified: boolean;
  } | null;
  concentrationMcgPerMl: number | null;
  drugName: string | null;
  /** The engine's projection for now; null before the initial fill. */
  projection: {
    expectedResidualNowMl: number;
    rateMlPerDay: number;
    lowReservoirAlarmAt: string | null;
    worstCaseLowReservoirAlarmAt: string | null;
    refillDueDate: string;
    refillDueReason: RefillDueReason;
  } | null;
  nextAppointmentAt: string | null;
  lastRefills: {
    at: string;
    /** Null for a refill imported at go-live (residual not known). */
    actualResidualMl: number | null;
    expectedResidualMl: number | null;
    volumeAddedMl: number;
    concentrationMcgPerMl: number;
    discrepancyMl: number | null;
    discrepancy: DiscrepancyKind;
    lotNumber: string | null;
  }[];
  /**
   * What the nurse and the second checker confirm against the pump printout (docs/clinical/PROJECTION-AND-ALARMS.md
   * §5).
   */
  checks: string[];
  signatures: { role: 'nurse' | 'second-checker'; label: string }[];
}

export interface EmergencyCardDto {
  generatedAt: string;
  clinic: ReportClinic;
  patient: Pick<ReportPatient, 'id' | 'mrn' | 'givenName' | 'familyName' | 'birthDate'>;
  pumps: {
    pumpId: string;
    model: PumpModel;
    manufacturer: string | null;
    serialNumber: string;
    drugName: string;
    concentrationMcgPerMl: number | null;
    dailyDoseMcgPerDay: number | null;
    refillDueDate: string | null;
    nextAppointmentAt: string | null;
    /** When the patient should next be refilled: the booked visit's clinic-local date, else the due date. */
    nextRefillDate: string | null;
    /** The due date once it has passed (clinic-local today is after it), else null: the card says OVERDUE. */
    overdueSince: string | null;
  }[];
  /** The physician's oral baclofen bridge with the card's wording; null when none is documented. */
  oralBackupPlan: {
    doseMg: number;
    timesPerDay: number;
    notes?: string | null;
    heading: string;
    /** e.g. "10 mg of baclofen by mouth, 3 times a day" */
    directions: string;
    /** When (and when not) to take it. */
    use: string[];
    /** Renal impairment / CNS depressants on record: why to watch for drowsiness. */
    cautions: string[];
  } | null;
  warning: string;
  withdrawalSigns: string[];
  overdoseSigns: string[];
  whatToDo: string[];
}

/** `GET /api/metrics/quality` . Dates are clinic-local. */
export interface QualityMetricsDto {
  from: string;
  to: string;
  timeZone: string;
  refills: {
    /** refills recorded in the range */
    total: number;
    initialFills: number;
    /** refills with a previous refill whose interval the engine could project */
    assessed: number;
    onOrBeforeDueDate: number;
    onOrBeforeDueDatePct: number | null;
    beforeAlarm: number;
    beforeAlarmPct: number | null;
    medianMarginDays: number | null;
    /** refills after the initial fill flagged SUSPECTED_OVER_INFUSION / SUSPECTED_UNDER_DELIVERY */
    discrepancies: number;
    discrepancyRatePct: number | null;
  };
  refillsByMonth: {
    month: string;
    assessed: number;
    onOrBeforeDueDatePct: number | null;
    beforeAlarmPct: number | null;
    medianMarginDays: number | null;
  }[];
  alarmsByCodePerMonth: { month: string; code: AlarmCode; count: number }[];
  acknowledgement: {
    acknowledged: number;
    medianMinutes: number | null;
    byPriority: { priority: AlarmPriority; acknowledged: number; medianMinutes: number | null }[];
  };
  /** Calls about symptoms taken in the range, and how long until their outcome was recorded. */
  calls: {
    total: number;
    /** still without an outcome */
    open: number;
    medianMinutesToOutcome: number | null;
    byUrgency: { urgency: TriageUrgency; total: number; open: number; medianMinutesToOutcome: number | null }[];
  };
}
