import type { CreateRefillRequest, RefillDto } from '@pumpwatch/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { ApiError, apiFetch, newIdempotencyKey } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export type RefillResult = Pick<RefillDto, 'id' | 'expectedResidualMl' | 'discrepancyMl' | 'discrepancy' | 'warnings'> &
  Partial<RefillDto>;

/** The Idempotency-Key makes a double click or a retried request record one refill, not two. */
export const createRefill = ({
  pumpId,
  body,
  idempotencyKey,
}: {
  pumpId: string;
  body: CreateRefillRequest;
  idempotencyKey: string;
}) =>
  apiFetch<RefillResult>(`/api/pumps/${pumpId}/refills`, {
    method: 'POST',
    json: body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });

/**
 * Records a refill. One key per attempt: a retry after a network error reuses it (the API replays, no
 * duplicate refill); a refusal or a success starts a new attempt.
 */
export function useCreateRefill(pumpId: string, onRecorded: (result: RefillResult) => void) {
  const queryClient = useQueryClient();
  const keyRef = useRef(newIdempotencyKey());
  return useMutation({
    mutationFn: (body: CreateRefillRequest) => createRefill({ pumpId, body, idempotencyKey: keyRef.current }),
    onSuccess: (res) => {
      onRecorded(res);
      keyRef.current = newIdempotencyKey();
      void queryClient.invalidateQueries({ queryKey: queryKeys.pump(pumpId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.alarms });
      void queryClient.invalidateQueries({ queryKey: queryKeys.worklist });
    },
    onError: (e) => {
      if (e instanceof ApiError) keyRef.current = newIdempotencyKey();
    },
  });
}
