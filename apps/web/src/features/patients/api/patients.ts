import type { Page, PatientDto, UpdatePatientRequest } from '@pumpwatch/contracts';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export {
  patientQuery,
  pumpDoseProgramsQuery,
  pumpEventsQuery,
  pumpRefillsQuery,
  pumpStatusQuery,
} from '../../../lib/pump-queries';

export const patientsQuery = (search: string, page: number, pageSize = 25) =>
  queryOptions({
    queryKey: [...queryKeys.patients, 'list', { search, page, pageSize }],
    queryFn: () => {
      const q = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
      if (search.trim()) q.set('search', search.trim());
      return apiFetch<Page<PatientDto>>(`/api/patients?${q.toString()}`);
    },
    placeholderData: (prev) => prev,
  });

export const updatePatient = ({ id, body }: { id: string; body: UpdatePatientRequest }) =>
  apiFetch<PatientDto>(`/api/patients/${id}`, { method: 'PATCH', json: body });

/** Saves a patient edit; the patient page, lists and every pump projection (risk, limits) read it again. */
export function useUpdatePatient(patientId: string, onSaved: (patient: PatientDto) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdatePatientRequest) => updatePatient({ id: patientId, body }),
    onSuccess: (saved) => {
      onSaved(saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.patients });
      void queryClient.invalidateQueries({ queryKey: queryKeys.pumps });
      void queryClient.invalidateQueries({ queryKey: queryKeys.alarms });
      void queryClient.invalidateQueries({ queryKey: queryKeys.worklist });
    },
  });
}
