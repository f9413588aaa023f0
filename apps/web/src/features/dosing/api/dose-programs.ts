import type { CreateDoseProgramRequest, DoseProgramDto } from '@pumpwatch/contracts';
import type { DoseChangeInput } from '@pumpwatch/domain';
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { useIdempotencyKey } from '../../../lib/idempotency';
import { invalidatePumpViews, queryKeys } from '../../../lib/query-keys';

/** GET /api/pumps/:id/dose-change-context: the engine's doseChange input without the proposal. */
export type DoseChangeContextDto = Omit<
  DoseChangeInput,
  'proposedDoseMcgPerDay' | 'proposedBolusDoseMcg' | 'proposedMaxBolusesPerDay' | 'proposedEffectiveAt' | 'override'
> & { now: string };

/**
 * What a proposal is checked against (current, the dose before a stop, the open interruption, history), for a
 * program taking effect at `effectiveAt` (default now). Always fresh: a program or event recorded elsewhere
 * changes the guards.
 */
export const doseChangeContextQuery = (pumpId: string, effectiveAt: string | null) =>
  queryOptions({
    queryKey: [...queryKeys.pump(pumpId), 'dose-change-context', { effectiveAt }],
    queryFn: () =>
      apiFetch<DoseChangeContextDto>(
        `/api/pumps/${pumpId}/dose-change-context${effectiveAt ? `?effectiveAt=${encodeURIComponent(effectiveAt)}` : ''}`,
      ),
    staleTime: 0,
    // Keep the form on screen while the context for a new effective time loads.
    placeholderData: keepPreviousData,
  });

/** The Idempotency-Key makes a double click or a retried request record one program, not two. */
export const createDoseProgram = ({
  pumpId,
  body,
  idempotencyKey,
}: {
  pumpId: string;
  body: CreateDoseProgramRequest;
  idempotencyKey: string;
}) =>
  apiFetch<DoseProgramDto>(`/api/pumps/${pumpId}/dose-programs`, {
    method: 'POST',
    json: body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });

/** Saves a dose program (one Idempotency-Key per attempt, lib/idempotency.ts); the pump's views are read again. */
export function useCreateDoseProgram(pumpId: string, onSaved: (program: DoseProgramDto) => void) {
  const queryClient = useQueryClient();
  const key = useIdempotencyKey();
  return useMutation({
    mutationFn: (body: CreateDoseProgramRequest) => createDoseProgram({ pumpId, body, idempotencyKey: key.current() }),
    onSettled: (_program, error) => key.settle(error),
    onSuccess: (res) => {
      onSaved(res);
      invalidatePumpViews(queryClient, pumpId);
    },
  });
}

/** Second-person verification; the version read guards against verifying a program that changed meanwhile. */
export const verifyDoseProgram = ({ id, version }: { id: string; version: number }) =>
  apiFetch<DoseProgramDto>(`/api/dose-programs/${id}/verify`, { method: 'POST', json: { version } });

/** Verifies a program; the API re-evaluates the pump's alarms after the write, so DOSE_UNVERIFIED clears. */
export function useVerifyDoseProgram(
  program: Pick<DoseProgramDto, 'id' | 'pumpId' | 'version'>,
  onVerified: () => void,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => verifyDoseProgram({ id: program.id, version: program.version }),
    onSuccess: () => {
      onVerified();
      invalidatePumpViews(queryClient, program.pumpId);
    },
  });
}

/** The API's refusals of a verification, in words. */
export const VERIFY_CODE_WORDS: Record<string, string> = {
  VERIFIER_IS_AUTHOR: 'You wrote this dose program: a second clinician, not the author, must verify it.',
  ALREADY_VERIFIED: 'Another clinician has already verified this dose program.',
  VERSION_CONFLICT: 'This dose program changed since you opened it: close and check it again.',
  FORBIDDEN: 'Only a nurse or physician may verify a dose program.',
  NOT_FOUND: 'This dose program no longer exists.',
};
