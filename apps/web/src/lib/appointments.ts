/** Appointments of one pump as the worklist and the patient page both change them (cancel, done, missed). */
import type { AppointmentDto, UpdateAppointmentRequest } from '@pumpwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from './api-client';
import { queryKeys } from './query-keys';

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
