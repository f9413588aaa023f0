import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '../../../test/render';
import QualityRoute from './QualityRoute';

const metrics = {
  from: '2026-01-01',
  to: '2026-03-31',
  timeZone: 'UTC',
  refills: {
    total: 0,
    initialFills: 0,
    assessed: 0,
    onOrBeforeDueDate: 0,
    onOrBeforeDueDatePct: null,
    beforeAlarm: 0,
    beforeAlarmPct: null,
    medianMarginDays: null,
    discrepancies: 0,
    discrepancyRatePct: null,
  },
  refillsByMonth: [],
  alarmsByCodePerMonth: [],
  acknowledgement: { acknowledged: 0, medianMinutes: null, byPriority: [] },
  calls: {
    total: 3,
    open: 1,
    medianMinutesToOutcome: 45,
    byUrgency: [
      { urgency: 'EMERGENCY', total: 2, open: 0, medianMinutesToOutcome: 45 },
      { urgency: 'URGENT_SAME_DAY', total: 0, open: 0, medianMinutesToOutcome: null },
      { urgency: 'ROUTINE', total: 1, open: 1, medianMinutesToOutcome: null },
    ],
  },
};

describe('quality page: calls about symptoms', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the median time from call to outcome, in all and by urgency', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(metrics)),
    );
    renderWithProviders(<QualityRoute />);
    const tiles = await screen.findByTestId('quality-tiles');
    expect(tiles).toHaveTextContent('Calls: median time to outcome45 min');
    expect(tiles).toHaveTextContent('3 calls about symptoms, 1 without outcome');
    const rows = within(screen.getByTestId('quality-calls')).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('Emergency2045 min');
    expect(rows[3]).toHaveTextContent('Routine11—');
  });
});
