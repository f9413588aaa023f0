import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../lib/api-client';
import { ClinicDateFormatProvider } from '../../../lib/clinic-date-format';
import { EventForm, type EventFormProps } from './EventForm';

const NOW = Date.parse('2026-03-04T10:00:00Z');

function setup(over: Partial<EventFormProps> = {}) {
  const onSubmit = vi.fn();
  render(
    <EventForm role="nurse" timeZone="Europe/London" nowMs={NOW} onSubmit={onSubmit} onCancel={vi.fn()} {...over} />,
  );
  return { onSubmit };
}

describe('EventForm', () => {
  it('hides RESTARTED from nurses and offers every other type with its explanation', () => {
    setup();
    expect(screen.queryByRole('radio', { name: /Pump restarted/ })).not.toBeInTheDocument();
    expect(screen.getAllByRole('radio')).toHaveLength(9);
    expect(screen.getByRole('radio', { name: /MRI scan/ })).toBeInTheDocument();
    expect(
      screen.getByText(/SynchroMed motors stall during MRI: interrogate right after the scan/),
    ).toBeInTheDocument();
    expect(screen.getByText(/recorded by a physician/)).toBeInTheDocument();
  });

  it('offers RESTARTED to physicians', () => {
    setup({ role: 'physician' });
    expect(screen.getByRole('radio', { name: /Pump restarted/ })).toBeInTheDocument();
    expect(screen.getAllByRole('radio')).toHaveLength(10);
  });

  it('defaults the time to now in the clinic zone and sends the instant in UTC', async () => {
    const { onSubmit } = setup();
    // year-first until a clinic format is provided (see the clinic-format test below)
    expect(screen.getByLabelText('When')).toHaveValue('2026-03-04 10:00');
    await userEvent.click(screen.getByRole('radio', { name: /Pump interrogation/ }));
    await userEvent.type(screen.getByLabelText('Notes'), 'Motor running after MRI');
    await userEvent.click(screen.getByRole('button', { name: 'Record event' }));
    await vi.waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({
        type: 'INTERROGATION',
        at: '2026-03-04T10:00:00.000Z',
        notes: 'Motor running after MRI',
      }),
    );
  });

  it('requires a type and refuses a future time', async () => {
    const { onSubmit } = setup();
    await userEvent.clear(screen.getByLabelText('When'));
    await userEvent.type(screen.getByLabelText('When'), '2026-03-05 10:00');
    await userEvent.click(screen.getByRole('button', { name: 'Record event' }));
    expect(await screen.findByText('Choose what happened.')).toBeInTheDocument();
    expect(screen.getByText('An event cannot be in the future.')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("reads the time in the clinic's date format and zone, whatever the browser's", async () => {
    const onSubmit = vi.fn();
    render(
      <ClinicDateFormatProvider value="MM/DD/YYYY">
        <EventForm role="nurse" timeZone="Australia/Sydney" nowMs={NOW} onSubmit={onSubmit} onCancel={vi.fn()} />
      </ClinicDateFormatProvider>,
    );
    const when = screen.getByLabelText('When');
    // 10:00 UTC is 21:00 in Sydney (summer time, UTC+11)
    expect(when).toHaveValue('03/04/2026 21:00');
    expect(when).toHaveAccessibleDescription(/Australia\/Sydney \(GMT\+11\).*Wed, 04 Mar 2026, 21:00 GMT\+11/);
    await userEvent.clear(when);
    await userEvent.type(when, '03/03/2026 08:15');
    expect(screen.getByText('Tue, 03 Mar 2026, 08:15 GMT+11')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: /Pump interrogation/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Record event' }));
    await vi.waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({ type: 'INTERROGATION', at: '2026-03-02T21:15:00.000Z' }),
    );
  });

  it('refuses a day-first date typed into a month-first clinic, and says how to write it', async () => {
    const onSubmit = vi.fn();
    render(
      <ClinicDateFormatProvider value="MM/DD/YYYY">
        <EventForm role="nurse" timeZone="UTC" nowMs={NOW} onSubmit={onSubmit} onCancel={vi.fn()} />
      </ClinicDateFormatProvider>,
    );
    const when = screen.getByLabelText('When');
    await userEvent.clear(when);
    await userEvent.type(when, '25/02/2026 10:00');
    expect(screen.getByText('Date and time as MM/DD/YYYY HH:MM')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: /Pump interrogation/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Record event' }));
    expect(await screen.findByText('Enter a date and a 24-hour time.')).toBeInTheDocument();
    expect(when).toHaveValue('25/02/2026 10:00');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('shows the server refusal in words', () => {
    setup({ serverError: new ApiError(422, 'EVENT_IN_FUTURE', 'x') });
    expect(screen.getByTestId('event-error')).toHaveTextContent('An event cannot be recorded in the future');
  });
});
