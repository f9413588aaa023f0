/** Reports feature API: quality metrics and the printable refill sheet / emergency card (types from contracts). */
import type { EmergencyCardDto, QualityMetricsDto, RefillSheetDto } from '@pumpwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

export type QualityMetrics = QualityMetricsDto;
export type RefillSheet = RefillSheetDto;
export type EmergencyCard = EmergencyCardDto;

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
