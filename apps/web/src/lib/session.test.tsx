import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '../test/render';
import { apiFetch, ApiError } from './api-client';
import { SessionProvider, useSession } from './session';

const user = { id: 'u1', email: 'nora@clinic.example', name: 'Nora Nurse', role: 'nurse' as const };

function Probe() {
  const { user: current, signOut } = useSession();
  return (
    <div>
      <span data-testid="who">{current ? current.name : 'signed out'}</span>
      <button type="button" onClick={signOut}>
        Sign out
      </button>
    </div>
  );
}

function renderSession() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <SessionProvider>
        <Probe />
      </SessionProvider>
    </QueryClientProvider>,
  );
}

type Call = [string, RequestInit | undefined];
const authOf = (call: Call) => new Headers(call[1]?.headers).get('Authorization');

describe('session: access token renewal and sign-out', () => {
  beforeEach(() => {
    sessionStorage.setItem(
      'pumpwatch.session',
      JSON.stringify({ accessToken: 'old', user, expiresAt: Date.now() + 10 * 60_000 }),
    );
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it('renews an expired access token through the refresh cookie and repeats the call once', async () => {
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/auth/refresh') return jsonResponse({ accessToken: 'new', user, expiresInSeconds: 900 });
      const auth = new Headers(init?.headers).get('Authorization');
      return auth === 'Bearer new'
        ? jsonResponse({ items: [], total: 0 })
        : jsonResponse({ statusCode: 401, code: 'UNAUTHORIZED', message: 'expired' }, 401);
    });
    vi.stubGlobal('fetch', fetchMock);
    renderSession();
    const result = await act(() => apiFetch<{ total: number }>('/api/patients'));
    expect(result).toEqual({ items: [], total: 0 });
    const calls = fetchMock.mock.calls as unknown as Call[];
    expect(calls.map((c) => c[0])).toEqual(['/api/patients', '/api/auth/refresh', '/api/patients']);
    expect(calls[1]![1]).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect(authOf(calls[2]!)).toBe('Bearer new');
    expect(JSON.parse(sessionStorage.getItem('pumpwatch.session')!).accessToken).toBe('new');
    expect(screen.getByTestId('who')).toHaveTextContent('Nora Nurse');
  });

  it('signs out when the server has ended the session (refresh refused)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse({ statusCode: 401, code: 'SESSION_ENDED', message: 'ended' }, 401)),
    );
    renderSession();
    await act(async () => {
      await expect(apiFetch('/api/patients')).rejects.toBeInstanceOf(ApiError);
    });
    expect(screen.getByTestId('who')).toHaveTextContent('signed out');
    expect(sessionStorage.getItem('pumpwatch.session')).toBeNull();
  });

  it('sign-out ends the session on the server with the current token', async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    renderSession();
    await act(async () => screen.getByRole('button', { name: 'Sign out' }).click());
    const calls = fetchMock.mock.calls as unknown as Call[];
    expect(calls[0]![0]).toBe('/api/auth/logout');
    expect(calls[0]![1]).toMatchObject({ method: 'POST' });
    expect(authOf(calls[0]!)).toBe('Bearer old');
    expect(screen.getByTestId('who')).toHaveTextContent('signed out');
  });
});
