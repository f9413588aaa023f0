import type { AlarmDto, AlarmListItemDto, AlarmStatus, Page, PatientDto } from '@pumpwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** A board row: the alarm with its patient and the pump's projection (older APIs may omit the extras). */
export type AlarmView = AlarmDto & Partial<Omit<AlarmListItemDto, keyof AlarmDto>>;

/** `active` = every unresolved alarm (open, acknowledged, snoozed). */
export type StatusFilter = AlarmStatus | 'active' | 'all';

export const alarmsQuery = (status: StatusFilter) =>
  queryOptions({
    queryKey: [...queryKeys.alarms, { status }],
    queryFn: () => apiFetch<AlarmView[]>(status === 'all' ? '/api/alarms' : `/api/alarms?status=${status}`),
    // The stream invalidates on change; polling is the fallback when the stream is down.
    refetchInterval: 60_000,
  });

/** Names and risk flags for rows when the alarm list does not embed them. */
export const patientLookupQuery = () =>
  queryOptions({
    queryKey: [...queryKeys.patients, 'lookup'],
    queryFn: () => apiFetch<Page<PatientDto>>('/api/patients?pageSize=500'),
    select: (page) => new Map(page.items.map((p) => [p.id, p])),
    staleTime: 60_000,
  });

export const acknowledgeAlarm = ({ id, note }: { id: string; note?: string }) =>
  apiFetch<AlarmDto>(`/api/alarms/${id}/acknowledge`, { method: 'POST', json: note ? { note } : {} });

export const snoozeAlarm = ({ id, until, reason }: { id: string; until: string; reason: string }) =>
  apiFetch<AlarmDto>(`/api/alarms/${id}/snooze`, { method: 'POST', json: { until, reason } });

export const resolveAlarm = ({ id, note }: { id: string; note: string }) =>
  apiFetch<AlarmDto>(`/api/alarms/${id}/resolve`, { method: 'POST', json: { note } });
