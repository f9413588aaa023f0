import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DEFAULT_ALARM_POLICY, type AlarmLifecyclePolicy } from '@pumpwatch/domain';
import { describe, expect, it, vi } from 'vitest';
import { ClinicDateFormatProvider } from '../../../lib/clinic-date-format';
import type { AlarmView } from '../api/alarms';
import { SnoozeDialog } from './SnoozeDialog';

// 1 July 2026, 09:00 UTC = 10:00 in London (summer time)
const NOW = Date.parse('2026-07-01T09:00:00Z');
const alarm = { id: 'a1', code: 'BATTERY_ERI_SOON', priority: 'medium' } as AlarmView;

function setup(over: { alarm?: AlarmView; policy?: AlarmLifecyclePolicy } = {}) {
  const onSubmit = vi.fn();
  render(
    <ClinicDateFormatProvider value="DD/MM/YYYY">
      <SnoozeDialog
        alarm={over.alarm ?? alarm}
        policy={over.policy}
        timeZone="Europe/London"
        nowMs={NOW}
        onSubmit={onSubmit}
        onClose={vi.fn()}
      />
    </ClinicDateFormatProvider>,
  );
  return { onSubmit, until: () => screen.getByLabelText('Snooze until') };
}

describe('SnoozeDialog', () => {
  it('offers two hours from now in the clinic format and zone, and sends that instant', async () => {
    const { onSubmit, until } = setup();
    expect(until()).toHaveValue('01/07/2026 12:00');
    expect(until()).toHaveAccessibleDescription(/Europe\/London \(BST\).*Wed, 01 Jul 2026, 12:00 BST/);
    await userEvent.type(screen.getByLabelText('Reason'), 'Replacement being scheduled');
    await userEvent.click(screen.getByRole('button', { name: 'Snooze alarm' }));
    await vi.waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({
        until: '2026-07-01T11:00:00.000Z',
        reason: 'Replacement being scheduled',
      }),
    );
  });

  it('refuses a time it cannot read and one beyond the limit, in words', async () => {
    const { onSubmit, until } = setup();
    await userEvent.type(screen.getByLabelText('Reason'), 'Replacement being scheduled');
    await userEvent.clear(until());
    await userEvent.type(until(), '07/01/2026 12:00 pm');
    await userEvent.click(screen.getByRole('button', { name: 'Snooze alarm' }));
    expect(await screen.findByText('Enter a date and a 24-hour time.')).toBeInTheDocument();
    await userEvent.clear(until());
    await userEvent.type(until(), '03/07/2026 12:00');
    await userEvent.click(screen.getByRole('button', { name: 'Snooze alarm' }));
    expect(await screen.findByText('At most 24 hours ahead for a medium alarm.')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("holds the clinic's own limits: a shorter snooze, and a critical alarm's shorter still", async () => {
    const policy = { ...DEFAULT_ALARM_POLICY, maxSnoozeHours: 12, maxCriticalSnoozeHours: 1 };
    const { onSubmit, until } = setup({ policy });
    expect(until()).toHaveAccessibleDescription(/At most 12 h ahead/);
    await userEvent.type(screen.getByLabelText('Reason'), 'Replacement being scheduled');
    await userEvent.clear(until());
    await userEvent.type(until(), '01/07/2026 23:00');
    await userEvent.click(screen.getByRole('button', { name: 'Snooze alarm' }));
    expect(await screen.findByText('At most 12 hours ahead for a medium alarm.')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('offers a critical alarm at most its own limit', () => {
    const policy = { ...DEFAULT_ALARM_POLICY, maxCriticalSnoozeHours: 1 };
    setup({ policy, alarm: { ...alarm, priority: 'critical' } });
    // the default offer is 2 h or the limit, whichever is sooner: 10:00 + 1 h in London
    expect(screen.getByLabelText('Snooze until')).toHaveValue('01/07/2026 11:00');
    expect(screen.getByLabelText('Snooze until')).toHaveAccessibleDescription(/At most 1 h ahead/);
  });
});
