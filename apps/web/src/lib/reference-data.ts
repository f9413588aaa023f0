/** Reference data every feature reads (clinic zone + policy, drug library, clinicians). */
import type { ClinicianDto, DateFormat, DrugLibraryEntryDto } from '@pumpwatch/contracts';
import type { Policy } from '@pumpwatch/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from './api-client';
import { queryKeys } from './query-keys';

export interface ClinicSettingsDto {
  clinicName: string;
  timeZone: string;
  /** How dates are typed in forms (the browser's locale never decides). */
  dateFormat: DateFormat;
  policy: Policy;
  version: number;
}

export const clinicSettingsQuery = () =>
  queryOptions({
    queryKey: queryKeys.clinicSettings,
    queryFn: () => apiFetch<ClinicSettingsDto>('/api/clinic-settings'),
    staleTime: 5 * 60_000,
  });

export const drugLibraryQuery = () =>
  queryOptions({
    queryKey: queryKeys.drugLibrary,
    queryFn: () => apiFetch<DrugLibraryEntryDto[]>('/api/drug-library'),
    staleTime: 5 * 60_000,
  });

/**
 * The clinician directory (nurses and physicians, no e-mails), former ones included so the names in a record's
 * history still resolve; pickers offer only the active ones.
 */
export const usersQuery = () =>
  queryOptions({
    queryKey: queryKeys.users,
    queryFn: () => apiFetch<ClinicianDto[]>('/api/users/directory?former=include'),
    staleTime: 5 * 60_000,
  });

/** The clinic's IANA zone; UTC until settings load so nothing renders in the browser's zone by accident. */
export function useClinicTimeZone(): string {
  const { data } = useQuery(clinicSettingsQuery());
  return data?.timeZone ?? 'UTC';
}
