import type {
  AppointmentDto,
  CreateAppointmentRequest,
  RefillCalendarDto,
  RefillWorklistItemDto,
} from '@pumpwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const worklistQuery = (range: { from?: string; to?: string }) =>
  queryOptions({
    queryKey: [...queryKeys.worklist, 'refills', range],
    queryFn: () => {
      const q = new URLSearchParams();
      if (range.from) q.set('from', range.from);
      if (range.to) q.set('to', range.to);
      const qs = q.toString();
      return apiFetch<RefillWorklistItemDto[]>(`/api/worklist/refills${qs ? `?${qs}` : ''}`);
    },
    refetchInterval: 120_000,
  });

export const calendarQuery = (month: string) =>
  queryOptions({
    queryKey: [...queryKeys.worklist, 'calendar', month],
    queryFn: () => apiFetch<RefillCalendarDto>(`/api/worklist/refills/calendar?month=${month}`),
  });

export const bookAppointment = (body: CreateAppointmentRequest) =>
  apiFetch<AppointmentDto>('/api/appointments', { method: 'POST', json: body });
