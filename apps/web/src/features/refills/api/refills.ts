import type { CreateRefillRequest, RefillDto } from '@pumpwatch/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { useIdempotencyKey } from '../../../lib/idempotency';
import { invalidatePumpViews } from '../../../lib/query-keys';

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

/** Records a refill (one Idempotency-Key per attempt, lib/idempotency.ts); the pump's views are read again. */
export function useCreateRefill(pumpId: string, onRecorded: (result: RefillResult) => void) {
  const queryClient = useQueryClient();
  const key = useIdempotencyKey();
  return useMutation({
    mutationFn: (body: CreateRefillRequest) => createRefill({ pumpId, body, idempotencyKey: key.current() }),
    onSettled: (_result, error) => key.settle(error),
    onSuccess: (res) => {
      onRecorded(res);
      invalidatePumpViews(queryClient, pumpId);
    },
  });
}
