import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HealthBadge } from './HealthBadge';

function renderWithClient() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <HealthBadge />
    </QueryClientProvider>,
  );
}

describe('HealthBadge', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says healthy when the API reports the database up', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ status: 'ok', database: 'up' }))),
    );
    renderWithClient();
    expect(await screen.findByText('System healthy')).toBeInTheDocument();
  });

  it('says degraded on a 503', async () => {
    const body = JSON.stringify({ status: 'degraded', database: 'down' });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(body, { status: 503 })),
    );
    renderWithClient();
    expect(await screen.findByText(/database down/)).toBeInTheDocument();
  });
});
