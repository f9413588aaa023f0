/** Reads of one patient's pumps, shared by the patient page, the refill form and the dose form. */
import type { DoseProgramDto, PatientDto, PumpDto, PumpEventDto, PumpStatusDto, RefillDto } from '@pumpwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from './api-client';
import { queryKeys } from './query-keys';

export const patientQuery = (id: string) =>
  queryOptions({
    queryKey: queryKeys.patient(id),
    queryFn: () => apiFetch<PatientDto & { pumps: PumpDto[] }>(`/api/patients/${id}`),
  });

export const pumpQuery = (pumpId: string) =>
  queryOptions({ queryKey: queryKeys.pump(pumpId), queryFn: () => apiFetch<PumpDto>(`/api/pumps/${pumpId}`) });

export const pumpStatusQuery = (pumpId: string) =>
  queryOptions({
    queryKey: queryKeys.pumpStatus(pumpId),
    queryFn: () => apiFetch<PumpStatusDto>(`/api/pumps/${pumpId}/status`),
    refetchInterval: 60_000,
  });

export const pumpRefillsQuery = (pumpId: string) =>
  queryOptions({
    queryKey: queryKeys.pumpRefills(pumpId),
    queryFn: () => apiFetch<RefillDto[]>(`/api/pumps/${pumpId}/refills`),
  });

export const pumpDoseProgramsQuery = (pumpId: string) =>
  queryOptions({
    queryKey: queryKeys.pumpDosePrograms(pumpId),
    queryFn: () => apiFetch<DoseProgramDto[]>(`/api/pumps/${pumpId}/dose-programs`),
  });

export const pumpEventsQuery = (pumpId: string) =>
  queryOptions({
    queryKey: queryKeys.pumpEvents(pumpId),
    queryFn: () => apiFetch<PumpEventDto[]>(`/api/pumps/${pumpId}/events`),
  });
