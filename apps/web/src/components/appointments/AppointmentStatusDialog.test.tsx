import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '../../test/render';
import { AppointmentStatusDialog, type AppointmentAction } from './AppointmentStatusDialog';

const NOW = Date.parse('2026-03-04T10:00:00Z');
const booked = {
  id: 'ap1',
  pumpId: 'p1',
  at: '2026-03-10T09:00:00Z',
  kind: 'refill',
  status: 'booked',
  refillId: null,
  notes: null,
  createdBy: 'u3',
  createdAt: '2026-03-01T09:00:00Z',
  updatedAt: '2026-03-01T09:00:00Z',
  version: 2,
};

function setup(action: AppointmentAction, fetchMock: ReturnType<typeof vi.fn>) {
  vi.stubGlobal('fetch', fetchMock);
  const onDone = vi.fn();
  renderWithProviders(
    <AppointmentStatusDialog
      pumpId="p1"
      patientName="Lovelace, Ada"
      action={action}
      timeZone="UTC"
      nowMs={NOW}
      onDone={onDone}
      onClose={vi.fn()}
    />,
  );
  return { onDone };
}

describe('AppointmentStatusDialog', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('does not offer "missed" before the appointment time, and says why', async () => {
    const fetchMock = vi.fn(async () => jsonResponse([booked]));
    setup('missed', fetchMock);
    expect(await screen.findByText(/only once its time has passed/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mark as missed' })).toBeDisabled();
    expect(fetchMock).toHaveBeenCalledTimes(1); // the read only
  });

  it('cancels the booked appointment with the version read, after confirmation', async () => {
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) =>
      init?.method === 'PATCH' ? jsonResponse({ ...booked, status: 'cancelled', version: 3 }) : jsonResponse([booked]),
    );
    const { onDone } = setup('cancelled', fetchMock);
    expect(await screen.findByTestId('appointment-restated')).toHaveTextContent('10 Mar 2026, 09:00');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel appointment' }));
    await vi.waitFor(() => expect(onDone).toHaveBeenCalledWith('Appointment cancelled.'));
    const patch = fetchMock.mock.calls.find(([, init]) => init?.method === 'PATCH')!;
    expect(patch[0]).toBe('/api/appointments/ap1');
    expect(JSON.parse(patch[1]!.body as string)).toEqual({ status: 'cancelled', version: 2 });
  });

  it('shows the server refusal in words', async () => {
    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) =>
      init?.method === 'PATCH'
        ? jsonResponse({ statusCode: 409, code: 'APPOINTMENT_NOT_BOOKED', message: 'x' }, 409)
        : jsonResponse([booked]),
    );
    setup('cancelled', fetchMock);
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel appointment' }));
    expect(await screen.findByTestId('appointment-error')).toHaveTextContent('no longer booked');
  });
});
