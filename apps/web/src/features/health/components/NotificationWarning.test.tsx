import type { NotificationStatusDto } from '@pumpwatch/contracts';
import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '../../../test/render';
import { NotificationWarning } from './NotificationWarning';

const status = (over: Partial<NotificationStatusDto>): NotificationStatusDto => ({
  emailConfigured: true,
  webhookChannels: 1,
  failing: 0,
  deadLast24h: 0,
  alarmOpen: false,
  ...over,
});

function serve(body: NotificationStatusDto) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => jsonResponse(body)),
  );
}

describe('NotificationWarning', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('warns when e-mail is not configured', async () => {
    serve(status({ emailConfigured: false }));
    renderWithProviders(<NotificationWarning />);
    expect(await screen.findByText(/Alarm e-mail off/)).toBeInTheDocument();
  });

  it('warns when deliveries were given up', async () => {
    serve(status({ deadLast24h: 2, alarmOpen: true }));
    renderWithProviders(<NotificationWarning />);
    expect(await screen.findByText(/Notifications failing: 2 given up/)).toBeInTheDocument();
  });

  it('says nothing when e-mail is on and nothing fails', async () => {
    const fetch = vi.fn(async () => jsonResponse(status({})));
    vi.stubGlobal('fetch', fetch);
    renderWithProviders(<NotificationWarning />);
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(screen.queryByTestId('notify-health')).toBeNull();
  });
});
