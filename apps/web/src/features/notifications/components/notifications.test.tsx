import type { OnCallShiftDto } from '@pumpwatch/contracts';
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '../../../test/render';
import { ChannelsAdmin } from './ChannelsAdmin';
import { MyNotifications } from './MyNotifications';
import { OnCallRota, rotaSummary } from './OnCallRota';

type Handler = (init: RequestInit | undefined) => Response;

/** fetch answered per "METHOD path-prefix"; every call is recorded. */
function serve(routes: Record<string, Handler>) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      const key = Object.keys(routes).find((k) => `${method} ${url}`.startsWith(k));
      return key ? routes[key](init) : jsonResponse({ code: 'NOT_FOUND', message: 'no route' }, 404);
    }),
  );
  return calls;
}

const NOW = Date.parse('2026-07-01T10:00:00Z');
const shift = (over: Partial<OnCallShiftDto>): OnCallShiftDto => ({
  id: 's1',
  userId: 'u1',
  userName: 'Nurse Ann',
  userEmail: 'ann@clinic.test',
  userRole: 'nurse',
  level: 1,
  startsAt: '2026-07-01T08:00:00Z',
  endsAt: '2026-07-01T20:00:00Z',
  ...over,
});

describe('notification screens', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('rota: who is on call now and next per level; nobody at level 2 says who is paged instead', async () => {
    const shifts = [
      shift({}),
      shift({ id: 's2', userName: 'Nurse Ben', startsAt: '2026-07-01T20:00:00Z', endsAt: '2026-07-02T08:00:00Z' }),
    ];
    expect(rotaSummary(shifts, NOW).map((s) => [s.level, s.now?.userName, s.next?.userName])).toEqual([
      [1, 'Nurse Ann', 'Nurse Ben'],
      [2, undefined, undefined],
    ]);
    serve({ 'GET /api/on-call': () => jsonResponse(shifts), 'GET /api/clinic-settings': () => jsonResponse({}) });
    renderWithProviders(<OnCallRota canEdit={false} nowMs={NOW} />);
    const level1 = await screen.findByTestId('on-call-level-1');
    expect(level1).toHaveTextContent('Now: Nurse Ann');
    expect(level1).toHaveTextContent('Next: Nurse Ben');
    expect(screen.getByTestId('on-call-level-2')).toHaveTextContent('every administrator is paged');
    expect(screen.queryByRole('form', { name: 'Add a shift' })).toBeNull();
  });

  it('rota: an overlapping shift is refused with the API message', async () => {
    const calls = serve({
      'GET /api/on-call': () => jsonResponse([shift({})]),
      'GET /api/users/directory': () => jsonResponse([{ id: 'u2', name: 'Nurse Cy', role: 'nurse', active: true }]),
      'GET /api/clinic-settings': () => jsonResponse({}),
      'POST /api/on-call': () =>
        jsonResponse({ code: 'ON_CALL_OVERLAP', message: 'Nurse Ann is already on call at level 1' }, 409),
    });
    renderWithProviders(<OnCallRota canEdit nowMs={NOW} />);
    const form = await screen.findByRole('form', { name: 'Add a shift' });
    fireEvent.change(within(form).getByLabelText('Clinician'), { target: { value: 'u2' } });
    fireEvent.change(within(form).getByLabelText('Starts', { exact: false }), {
      target: { value: '2026-07-01T12:00' },
    });
    fireEvent.change(within(form).getByLabelText('Ends'), { target: { value: '2026-07-01T18:00' } });
    fireEvent.submit(form);
    expect(await screen.findByRole('alert')).toHaveTextContent('already on call at level 1');
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({ userId: 'u2', level: 1 });
  });

  it('channels: lists without secrets, adds one, shows the reasons of a 422', async () => {
    const calls = serve({
      'GET /api/notification-channels': () =>
        jsonResponse([
          {
            id: 'c1',
            name: 'Pager',
            kind: 'webhook',
            url: 'http://10.0.0.5/hook',
            events: ['alarm.raised'],
            minPriority: 'critical',
            createdAt: '2026-07-01T08:00:00Z',
          },
        ]),
      'POST /api/notification-channels': () =>
        jsonResponse(
          {
            code: 'CHANNEL_INVALID',
            message: 'This channel cannot be saved',
            details: { errors: [{ field: 'secret', problem: 'a secret of at least 16 characters is required' }] },
          },
          422,
        ),
    });
    renderWithProviders(<ChannelsAdmin />);
    expect(await screen.findByText('http://10.0.0.5/hook')).toBeInTheDocument();
    const form = screen.getByRole('form', { name: 'Add a webhook channel' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'SMS' } });
    fireEvent.change(within(form).getByLabelText(/Address/), { target: { value: 'http://10.0.0.6/sms' } });
    fireEvent.change(within(form).getByLabelText(/Secret/), { target: { value: 'short' } });
    fireEvent.submit(form);
    expect(await screen.findByRole('alert')).toHaveTextContent('at least 16 characters');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'SMS',
      kind: 'webhook',
      url: 'http://10.0.0.6/sms',
      secret: 'short',
      events: ['alarm.raised', 'alarm.escalated'],
      minPriority: 'high',
    });
  });

  it('my notifications: turning the digest off sends only that choice', async () => {
    const calls = serve({
      'GET /api/users/me/notifications': () => jsonResponse({ email: true, digest: true }),
      'PUT /api/users/me/notifications': () => jsonResponse({ email: true, digest: false }),
    });
    renderWithProviders(<MyNotifications />);
    const box = await screen.findByLabelText(/Daily digest/);
    expect(box).toBeChecked();
    fireEvent.click(box);
    await vi.waitFor(() => expect(screen.getByLabelText(/Daily digest/)).not.toBeChecked());
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ digest: false });
  });
});
