import type { RefillWorklistItemDto } from '@pumpwatch/contracts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { WorklistTable } from './WorklistTable';

const NOW = Date.parse('2026-03-11T09:00:00Z');

function item(over: Partial<RefillWorklistItemDto> = {}): RefillWorklistItemDto {
  return {
    pumpId: 'p1',
    patient: { id: 'pt1', mrn: 'MRN-1', givenName: 'Ada', familyName: 'Lovelace' },
    refillDueDate: '2026-03-15',
    refillDueReason: 'LOW_RESERVOIR',
    lowReservoirAlarmAt: '2026-03-22T12:00:00Z',
    worstCaseLowReservoirAlarmAt: '2026-03-18T08:00:00Z',
    worstCaseEmptyAt: '2026-03-24T08:00:00Z',
    reservoirNowMl: 6.2,
    nextAppointmentAt: null,
    appointmentAfterWorstCaseAlarm: false,
    highRisk: false,
    overdue: false,
    // Sunday 15 March is due: the clinic's working day on or before it is Friday 13 March.
    proposedSlot: '2026-03-13T08:00:00Z',
    ...over,
  };
}

const renderTable = (items: RefillWorklistItemDto[]) =>
  renderWithProviders(
    <WorklistTable items={items} timeZone="UTC" nowMs={NOW} canBook={true} onBook={() => undefined} />,
  );

describe('WorklistTable', () => {
  it('proposes a clinic working day on or before a weekend due date', () => {
    renderTable([item()]);
    expect(screen.getByTestId('proposed-day')).toHaveTextContent('Proposed refill day: Fri, 13 Mar 2026');
  });

  it('flags a booking after the worst-case alarm as booked too late, with the time to rebook before', () => {
    renderTable([item({ nextAppointmentAt: '2026-03-19T10:00:00Z', appointmentAfterWorstCaseAlarm: true })]);
    expect(screen.getByTestId('booked-too-late')).toHaveTextContent(
      'Booked too late — rebook before 18 Mar 2026, 08:00 UTC',
    );
  });

  it('does not flag a booking before the worst-case alarm', () => {
    renderTable([item({ nextAppointmentAt: '2026-03-13T10:00:00Z', appointmentAfterWorstCaseAlarm: false })]);
    expect(screen.queryByTestId('booked-too-late')).not.toBeInTheDocument();
  });

  it('shows an overdue row the worst-case empty time, not only the nominal alarm', () => {
    renderTable([
      item({
        overdue: true,
        refillDueDate: '2026-03-09',
        worstCaseEmptyAt: '2026-03-12T06:00:00Z',
        lowReservoirAlarmAt: '2026-03-16T12:00:00Z',
      }),
    ]);
    const row = screen.getByRole('row', { name: /Lovelace/ });
    expect(within(row).getByTestId('worst-case-empty')).toHaveTextContent(
      'Empty by 12 Mar 2026, 06:00 UTC at worst (in 21 h)',
    );
    expect(row).toHaveTextContent('Nominal alarm 16 Mar 2026, 12:00 UTC');
  });

  it("names each row's buttons by their visible word first, then the patient (speech input says what it sees)", () => {
    renderTable([item({ nextAppointmentAt: '2026-03-13T10:00:00Z' })]);
    const row = screen.getByRole('row', { name: /Lovelace/ });
    expect(within(row).getByRole('button', { name: 'Rebook refill for Lovelace, Ada' })).toHaveTextContent(/^Rebook/);
    expect(within(row).getByRole('button', { name: 'Cancel appointment for Lovelace, Ada' })).toHaveTextContent(
      /^Cancel/,
    );
    expect(within(row).getByRole('button', { name: 'Mark missed appointment for Lovelace, Ada' })).toHaveTextContent(
      /^Mark missed/,
    );
  });
});
