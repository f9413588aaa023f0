/** Triage feature API: calls about symptoms and the patient's oral backup plan (types from contracts). */
import type { CloseTriageCallRequest, CreateTriageCallRequest, PatientDto, TriageCallDto } from '@pumpwatch/contracts';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const triageKeys = {
  all: ['triage-calls'] as const,
  open: ['triage-calls', 'open'] as const,
  call: (id: string) => ['triage-calls', 'call', id] as const,
  patient: (patientId: string) => ['triage-calls', 'patient', patientId] as const,
};

export const openCallsQuery = () =>
  queryOptions({
    queryKey: triageKeys.open,
    queryFn: () => apiFetch<TriageCallDto[]>('/api/triage-calls?status=open'),
    refetchInterval: 30_000,
  });

export const triageCallQuery = (id: string) =>
  queryOptions({
    queryKey: triageKeys.call(id),
    queryFn: () => apiFetch<TriageCallDto>(`/api/triage-calls/${encodeURIComponent(id)}`),
  });

export const patientCallsQuery = (patientId: string) =>
  queryOptions({
    queryKey: triageKeys.patient(patientId),
    queryFn: () => apiFetch<TriageCallDto[]>(`/api/patients/${encodeURIComponent(patientId)}/triage-calls`),
  });

/** A call also raises or lowers TRIAGE_OPEN on the board: alarms are read again. */
function useInvalidateAfterCall() {
  const queryClient = useQueryClient();
  return (call: TriageCallDto) => {
    queryClient.setQueryData(triageKeys.call(call.id), call);
    void queryClient.invalidateQueries({ queryKey: triageKeys.all });
    void queryClient.invalidateQueries({ queryKey: queryKeys.alarms });
  };
}

export function useCreateCall(onSaved: (call: TriageCallDto) => void) {
  const invalidate = useInvalidateAfterCall();
  return useMutation({
    mutationFn: ({ patientId, body }: { patientId: string; body: CreateTriageCallRequest }) =>
      apiFetch<TriageCallDto>(`/api/patients/${encodeURIComponent(patientId)}/triage-calls`, {
        method: 'POST',
        json: body,
      }),
    onSuccess: (call) => {
      invalidate(call);
      onSaved(call);
    },
  });
}

export function useCloseCall(onSaved?: (call: TriageCallDto) => void) {
  const invalidate = useInvalidateAfterCall();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: CloseTriageCallRequest }) =>
      apiFetch<TriageCallDto>(`/api/triage-calls/${encodeURIComponent(id)}`, { method: 'PATCH', json: body }),
    onSuccess: (call) => {
      invalidate(call);
      onSaved?.(call);
    },
  });
}

/** Sets (or with null removes) the patient's oral backup plan: physician or admin. */
export function useSaveOralBackupPlan(patient: PatientDto, onSaved: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (oralBackupPlan: PatientDto['oralBackupPlan']) =>
      apiFetch<PatientDto>(`/api/patients/${encodeURIComponent(patient.id)}`, {
        method: 'PATCH',
        json: { version: patient.version, oralBackupPlan },
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.patients });
      onSaved();
    },
  });
}
