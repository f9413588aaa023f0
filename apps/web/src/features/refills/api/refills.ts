import type { CreateRefillRequest, RefillDto } from '@pumpwatch/contracts';
import { apiFetch } from '../../../lib/api-client';

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
