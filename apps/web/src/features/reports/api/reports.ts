/**
 * Reports feature API: quality metrics and the printable refill sheet / emergency card.
 * Types mirror apps/api/src/modules/{metrics,reports}/*.types.ts.
 */
import type { AlarmCode, AlarmPriority, DiscrepancyKind, PumpModel, RiskFactor } from '@pumpwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

export interface QualityMetrics {
  from: string;
  to: string;
  timeZone: string;
  refills: {
    total: number;
    initialFills: number;
    assessed: number;
    onOrBeforeDueDate: number;
    onOrBeforeDueDatePct: number | null;
    beforeAlarm: number;
    beforeAlarmPct: number | null;
    medianMarginDays: number | null;
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
}

export interface ReportClinic {
  name: string;
  timeZone: string;
  phone: string;
  outOfHoursPhone: string;
}

export interface RefillSheet {
  generatedAt: string;
  clinic: ReportClinic;
  patient: {
    id: string;
    mrn: string;
    givenName: string;
    familyName: string;
    birthDate: string;
    highRisk: boolean;
    riskFactors: RiskFactor[];
  };
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
    flexSteps: { durationMinutes: number; doseRateMcgPerHour: number }[] | null;
    bolusDoseMcg: number | null;
    maxBolusesPerDay: number | null;
    programmedDoseMcgPerDay: number;
    planningDoseMcgPerDay: number;
    verified: boolean;
  } | null;
  concentrationMcgPerMl: number | null;
  drugName: string | null;
  projection: {
    expectedResidualNowMl: number;
    rateMlPerDay: number;
    lowReservoirAlarmAt: string | null;
    worstCaseLowReservoirAlarmAt: string | null;
    refillDueDate: string;
    refillDueReason: string;
  } | null;
  nextAppointmentAt: string | null;
  lastRefills: {
    at: string;
    actualResidualMl: number;
    expectedResidualMl: number | null;
    volumeAddedMl: number;
    concentrationMcgPerMl: number;
    discrepancyMl: number | null;
    discrepancy: DiscrepancyKind;
    lotNumber: string | null;
  }[];
  checks: string[];
  signatures: { role: 'nurse' | 'second-checker'; label: string }[];
}

export interface EmergencyCard {
  generatedAt: string;
  clinic: ReportClinic;
  patient: { id: string; mrn: string; givenName: string; familyName: string; birthDate: string };
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
    nextRefillDate: string | null;
  }[];
  warning: string;
  withdrawalSigns: string[];
  overdoseSigns: string[];
  whatToDo: string[];
}

export const reportKeys = {
  quality: (from: string, to: string) => ['reports', 'quality', { from, to }] as const,
  refillSheet: (pumpId: string) => ['reports', 'refill-sheet', pumpId] as const,
  emergencyCard: (patientId: string) => ['reports', 'emergency-card', patientId] as const,
};

export const qualityMetricsQuery = (from: string, to: string) =>
  queryOptions({
    queryKey: reportKeys.quality(from, to),
    queryFn: () => {
      const q = new URLSearchParams();
      if (from) q.set('from', from);
      if (to) q.set('to', to);
      return apiFetch<QualityMetrics>(`/api/metrics/quality?${q.toString()}`);
    },
    placeholderData: (prev) => prev,
    staleTime: 60_000,
  });

// Printouts are always fetched fresh: a sheet must show the numbers of the moment it is printed.
export const refillSheetQuery = (pumpId: string) =>
  queryOptions({
    queryKey: reportKeys.refillSheet(pumpId),
    queryFn: () => apiFetch<RefillSheet>(`/api/reports/refill-sheet/${encodeURIComponent(pumpId)}`),
    staleTime: 0,
  });

export const emergencyCardQuery = (patientId: string) =>
  queryOptions({
    queryKey: reportKeys.emergencyCard(patientId),
    queryFn: () => apiFetch<EmergencyCard>(`/api/reports/emergency-card/${encodeURIComponent(patientId)}`),
    staleTime: 0,
  });
