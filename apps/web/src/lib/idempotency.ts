import { useRef } from 'react';
import { ApiError, newIdempotencyKey } from './api-client';

/**
 * The Idempotency-Key of a write the API replays (refills, dose programs, appointments): one key per attempt. A
 * retry after a network error reuses it — the first request may have been stored, so the API answers it again
 * instead of recording twice; any answer (success or refusal) ends the attempt, and the next starts a new key (the
 * same key with another body is refused).
 */
export function useIdempotencyKey(): { current(): string; settle(error: unknown): void } {
  const key = useRef<string | null>(null);
  return {
    current: () => (key.current ??= newIdempotencyKey()),
    settle: (error) => {
      if (error === null || error === undefined || error instanceof ApiError) key.current = newIdempotencyKey();
    },
  };
}
