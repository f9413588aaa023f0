/** Appointments of one pump as the worklist and the patient page both change them (cancel, done, missed). */
import type { AppointmentDto, UpdateAppointmentRequest } from '@pumpwatch/contracts';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './api-client';
import { invalidatePumpViews, queryKeys } from './query-keys';

/** Booked appointments of one pump, soonest first (the first is the one the projection counts as next). */
export const bookedAppointmentsQuery = (pumpId: string) =>
  queryOptions({
    queryKey: [...queryKeys.pumpAppointments(pumpId), 'booked'],
    queryFn: () => apiFetch<AppointmentDto[]>(`/api/appointments?pumpId=${pumpId}&status=booked`),
  });

export const updateAppointmentStatus = ({ id, body }: { id: string; body: UpdateAppointmentRequest }) =>
  apiFetch<AppointmentDto>(`/api/appointments/${id}`, { method: 'PATCH', json: body });

/**
 * Cancels or marks missed one of the pump's appointments; a cancelled or missed refill changes the pump's alarms
 * (REFILL_NOT_BOOKED, APPOINTMENT_MISSED), so its views are read again.
 */
export function useUpdateAppointmentStatus(pumpId: string, onDone: (appointment: AppointmentDto) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateAppointmentStatus,
    onSuccess: (appointment) => {
      invalidatePumpViews(queryClient, pumpId);
      onDone(appointment);
    },
  });
}

export const APPOINTMENT_CODE_WORDS: Record<string, string> = {
  APPOINTMENT_NOT_YET_DUE: 'This appointment is still ahead: it can be marked missed only once its time has passed.',
  APPOINTMENT_NOT_BOOKED: 'This appointment is no longer booked (already cancelled, missed or completed).',
  VERSION_CONFLICT: 'This appointment changed since you opened it: close and check it again.',
  FORBIDDEN: 'Your role may not change appointments.',
  NOT_FOUND: 'This appointment no longer exists.',
};
