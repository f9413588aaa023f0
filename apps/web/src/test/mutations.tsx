/** Helpers for tests of write hooks: what each request carried, and what the query client was told to re-read. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { vi } from 'vitest';

/** Every request's Idempotency-Key, in order; the answers are given by `answers`, one per request. */
export function stubFetch(answers: (() => Response | Promise<Response>)[]) {
  const keys: (string | null)[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      keys.push(new Headers(init.headers).get('Idempotency-Key'));
      return answers[keys.length - 1]!();
    }),
  );
  return keys;
}

/** A query client (no retries) to render hooks with, and the query keys it was asked to invalidate, in order. */
export function withClient() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const invalidated = vi.spyOn(client, 'invalidateQueries');
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return { wrapper, invalidatedKeys: () => invalidated.mock.calls.map(([f]) => f?.queryKey) };
}

/** A request that never reached the server (it may still have been stored). */
export const networkDown = () => Promise.reject(new TypeError('Failed to fetch'));
