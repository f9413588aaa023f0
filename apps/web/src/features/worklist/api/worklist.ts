import type {
  AppointmentDto,
  CreateAppointmentRequest,
  RefillCalendarDto,
  RefillWorklistItemDto,
  UpdateAppointmentRequest,
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

/** Booked appointments of one pump, soonest first (the first is the one the projection counts as next). */
export const bookedAppointmentsQuery = (pumpId: string) =>
  queryOptions({
    queryKey: [...queryKeys.pumpAppointments(pumpId), 'booked'],
    queryFn: () => apiFetch<AppointmentDto[]>(`/api/appointments?pumpId=${pumpId}&status=booked`),
  });

export const updateAppointmentStatus = ({ id, body }: { id: string; body: UpdateAppointmentRequest }) =>
  apiFetch<AppointmentDto>(`/api/appointments/${id}`, { method: 'PATCH', json: body });

export const APPOINTMENT_CODE_WORDS: Record<string, string> = {
  APPOINTMENT_NOT_YET_DUE: 'This appointment is still ahead: it can be marked missed only once its time has passed.',
  APPOINTMENT_NOT_BOOKED: 'This appointment is no longer booked (already cancelled, missed or completed).',
  VERSION_CONFLICT: 'This appointment changed since you opened it: close and check it again.',
  FORBIDDEN: 'Your role may not change appointments.',
  NOT_FOUND: 'This appointment no longer exists.',
};
