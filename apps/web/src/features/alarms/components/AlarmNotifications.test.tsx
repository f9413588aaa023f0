import type { NotificationDeliveryDto } from '@pumpwatch/contracts';
import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '../../../test/render';
import { alarmItem } from '../testing/alarm-fixture';
import { AlarmDeliveries } from './AlarmDeliveries';
import { AlarmRow } from './AlarmRow';

/** fetch answered per "METHOD path-prefix". */
function serve(routes: Record<string, () => Response>) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const key = Object.keys(routes).find((k) => `${init?.method ?? 'GET'} ${url}`.startsWith(k));
      return key ? routes[key]() : jsonResponse({ code: 'NOT_FOUND', message: 'no route' }, 404);
    }),
  );
}

const NOW = Date.parse('2026-07-01T10:00:00Z');

/** What the alarm board shows about notifications: who was told about an alarm, and the clinic-wide alarm. */
describe('alarm board: notifications', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("alarm detail: each delivery's status in words, with the reason of a failure", async () => {
    const row = (over: Partial<NotificationDeliveryDto>): NotificationDeliveryDto => ({
      id: 'd1',
      deliveryId: 'x1',
      channel: 'email',
      recipient: 'ann@clinic.test',
      event: 'alarm.raised',
      status: 'sent',
      attempts: 1,
      lastError: null,
      createdAt: '2026-07-01T10:00:00Z',
      sentAt: '2026-07-01T10:00:02Z',
      alarmId: 'a1',
      nextAttemptAt: null,
      ...over,
    });
    serve({
      'GET /api/notifications?alarmId=a1': () =>
        jsonResponse([
          row({}),
          row({
            id: 'd2',
            channel: 'c1',
            recipient: 'Pager',
            status: 'failed',
            attempts: 2,
            lastError: 'webhook answered HTTP 500',
            sentAt: null,
            nextAttemptAt: '2026-07-01T10:01:30Z',
          }),
        ]),
      'GET /api/clinic-settings': () => jsonResponse({}),
    });
    renderWithProviders(<AlarmDeliveries alarmId="a1" />);
    expect(await screen.findByText('✓ Delivered')).toBeInTheDocument();
    expect(screen.getByText('↻ Failed, will retry')).toBeInTheDocument();
    expect(screen.getByText(/webhook answered HTTP 500/)).toBeInTheDocument();
    expect(screen.getByText('Webhook: Pager')).toBeInTheDocument();
  });

  it('a clinic-wide alarm (NOTIFICATIONS_FAILING) shows on the board as the whole clinic, with no patient link', () => {
    renderWithProviders(
      <AlarmRow
        alarm={alarmItem({
          id: 'f1',
          pumpId: null,
          patientId: null,
          code: 'NOTIFICATIONS_FAILING',
          raisedAt: '2026-07-01T10:00:00Z',
          updatedAt: '2026-07-01T10:00:00Z',
          patient: null,
        })}
        timeZone="Europe/London"
        nowMs={NOW}
        role="nurse"
        onAcknowledge={() => undefined}
        onSnooze={() => undefined}
        onResolve={() => undefined}
      />,
    );
    expect(screen.getByText('Whole clinic')).toBeInTheDocument();
    expect(screen.getByText('Alarm e-mails or pager messages are not being delivered')).toBeInTheDocument();
    expect(screen.queryByRole('link')).toBeNull();
  });
});
