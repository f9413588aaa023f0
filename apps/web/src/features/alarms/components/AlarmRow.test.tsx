import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import type { AlarmView } from '../api/alarms';
import { alarmItem } from '../testing/alarm-fixture';
import { AlarmRow, type AlarmRowProps } from './AlarmRow';

const NOW = Date.parse('2026-03-01T09:00:00Z');

/** A critical low-reservoir alarm of Ada Lovelace (high risk), raised an hour before NOW, with its times. */
const alarm = (over: Partial<AlarmView> = {}): AlarmView =>
  alarmItem({
    priority: 'critical',
    raisedAt: '2026-03-01T08:00:00Z',
    updatedAt: '2026-03-01T08:00:00Z',
    patient: { id: 'pt1', mrn: 'MRN-1', givenName: 'Ada', familyName: 'Lovelace' },
    highRisk: true,
    reservoirNowMl: 2.4,
    lowReservoirAlarmAt: '2026-03-02T13:00:00Z',
    projectedEmptyAt: '2026-03-08T09:00:00Z',
    refillDueDate: '2026-02-20',
    ...over,
  });

const handlers = () => ({ onAcknowledge: vi.fn(), onSnooze: vi.fn(), onResolve: vi.fn() });

/**
 * Renders the row of `alarm(over)` at NOW for a nurse in UTC (`props` may change the role or the time zone);
 * returns its action handlers.
 */
function renderRow(over: Partial<AlarmView> = {}, props: Partial<Pick<AlarmRowProps, 'role' | 'timeZone'>> = {}) {
  const h = handlers();
  renderWithProviders(<AlarmRow alarm={alarm(over)} timeZone="UTC" nowMs={NOW} role="nurse" {...h} {...props} />);
  return h;
}

describe('AlarmRow', () => {
  it('shows priority as text with an icon, the code in words, the patient, risk and time left', () => {
    renderRow({}, { timeZone: 'Europe/London' });
    const badge = screen.getByText('Critical');
    expect(badge).toHaveAttribute('data-priority', 'critical');
    const icon = badge.querySelector('[aria-hidden="true"]');
    expect(icon).toHaveTextContent('◆');
    expect(screen.getByText('Low reservoir alarm reached')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Lovelace, Ada' })).toHaveAttribute('href', '/patients/pt1');
    expect(screen.getByText('High risk')).toBeInTheDocument();
    expect(screen.getByText('Low-reservoir alarm in 1 d 4 h')).toBeInTheDocument();
    expect(screen.getByText('Empty in 7 d 0 h')).toBeInTheDocument();
  });

  it('shows the worst-case empty time on a critical row, with the nominal one only beside it', () => {
    renderRow({ worstCaseEmptyAt: '2026-03-02T07:30:00Z', worstCaseLowReservoirAlarmAt: '2026-03-01T10:00:00Z' });
    expect(screen.getByTestId('worst-case-empty')).toHaveTextContent(
      'Empty by 02 Mar 2026, 07:30 UTC at worst (in 22 h)',
    );
    expect(screen.getByText('Nominal: empty in 7 d 0 h')).toBeInTheDocument();
    expect(screen.queryByText('Empty in 7 d 0 h')).not.toBeInTheDocument();
  });

  it('shows the worst case on an overdue row that is not yet critical, and says when it may already be empty', () => {
    renderRow({ code: 'REFILL_OVERDUE', priority: 'high', worstCaseEmptyAt: '2026-03-01T06:00:00Z' });
    expect(screen.getByTestId('worst-case-empty')).toHaveTextContent(
      'May already be empty: empty by 01 Mar 2026, 06:00 UTC at worst (3 h ago)',
    );
  });

  it('keeps the nominal times on a row that is neither critical nor overdue', () => {
    renderRow({ code: 'REFILL_NOT_BOOKED', priority: 'medium', worstCaseEmptyAt: '2026-03-06T09:00:00Z' });
    expect(screen.queryByTestId('worst-case-empty')).not.toBeInTheDocument();
    expect(screen.getByText('Empty in 7 d 0 h')).toBeInTheDocument();
  });

  it('uses a different icon per priority so priority never depends on colour', () => {
    renderRow({ priority: 'medium', code: 'DOSE_UNVERIFIED' });
    const badge = screen.getByText('Medium');
    expect(badge.querySelector('[aria-hidden="true"]')).toHaveTextContent('●');
    expect(screen.getByText('Dose change awaiting second-clinician verification')).toBeInTheDocument();
  });

  it('lets a nurse acknowledge and snooze', async () => {
    const h = renderRow();
    await userEvent.click(screen.getByRole('button', { name: /^Acknowledge/ }));
    expect(h.onAcknowledge).toHaveBeenCalledWith(expect.objectContaining({ id: 'a1' }));
    await userEvent.click(screen.getByRole('button', { name: /^Snooze/ }));
    expect(h.onSnooze).toHaveBeenCalled();
  });

  it('does not let front-desk staff acknowledge a critical alarm, nor snooze', () => {
    renderRow({}, { role: 'staff' });
    expect(screen.getByRole('button', { name: /^Acknowledge/ })).toBeDisabled();
    expect(screen.getByText('Critical: nurse or physician only')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Snooze/ })).not.toBeInTheDocument();
  });

  it('lets staff acknowledge a non-critical alarm', () => {
    renderRow({ priority: 'high', code: 'REFILL_NOT_BOOKED' }, { role: 'staff' });
    expect(screen.getByRole('button', { name: /^Acknowledge/ })).toBeEnabled();
  });
});
