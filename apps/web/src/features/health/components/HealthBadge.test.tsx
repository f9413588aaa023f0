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

  it('turns red and says the alarms may be stale when the alarm sweep has stopped finishing', async () => {
    const body = {
      status: 'ok',
      database: 'up',
      alarmSweep: { lastSuccessAt: '2026-03-01T08:00:00.000Z', ageSeconds: 3600, ok: false },
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(body))),
    );
    renderWithClient();
    const badge = await screen.findByText(/alarms may be stale/);
    expect(badge).toHaveTextContent('System degraded: alarms may be stale');
    expect(screen.getByTestId('health')).toHaveClass('badge-bad');
    expect(screen.getByTestId('health')).toHaveAttribute('title', expect.stringContaining('Last alarm check finished'));
  });

  it('stays green while the sweep is on time', async () => {
    const body = {
      status: 'ok',
      database: 'up',
      alarmSweep: { lastSuccessAt: '2026-03-01T08:00:00.000Z', ageSeconds: 60, ok: true },
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(body))),
    );
    renderWithClient();
    expect(await screen.findByText('System healthy')).toBeInTheDocument();
    expect(screen.getByTestId('health')).toHaveClass('badge-ok');
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
