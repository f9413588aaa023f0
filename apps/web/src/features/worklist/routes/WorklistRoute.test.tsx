import type { RefillWorklistItemDto } from '@pumpwatch/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import WorklistRoute from './WorklistRoute';

vi.mock('../../../lib/session', async (importActual) => ({
  ...(await importActual<typeof import('../../../lib/session')>()),
  useRole: () => 'nurse',
}));

const item = (n: number, over: Partial<RefillWorklistItemDto> = {}): RefillWorklistItemDto => ({
  pumpId: `p${n}`,
  patient: { id: `pt${n}`, mrn: `MRN-${n}`, givenName: 'Ada', familyName: `Patient${n}` },
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
  proposedSlot: null,
  ...over,
});

const json = (body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json', ...headers } });

describe('worklist: the first page at once, the rest as the nurse scrolls', () => {
  let calls: string[];
  beforeEach(() => {
    calls = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string) => {
        calls.push(input);
        if (input === '/api/clinic-settings') return json({ timeZone: 'UTC' });
        if (input.startsWith('/api/worklist/refills/calendar'))
          return json({ month: '2026-03', timeZone: 'UTC', days: [] });
        if (input.startsWith('/api/worklist/refills?')) {
          const counts = { 'X-Total-Count': '3', 'X-Overdue-Count': '1' };
          if (input.includes('cursor=C1')) return json([item(3)], counts);
          return json([item(1, { overdue: true }), item(2)], { ...counts, 'X-Next-Cursor': 'C1' });
        }
        return new Response('{}', { status: 404 });
      }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('reads one page with a limit, counts the whole list from the headers, and appends the next page', async () => {
    renderWithProviders(<WorklistRoute />);
    const table = await screen.findByTestId('worklist');
    expect(within(table).getAllByRole('row')).toHaveLength(3); // header + 2
    const first = calls.find((c) => c.startsWith('/api/worklist/refills?'))!;
    expect(first).toMatch(/[?&]limit=100(&|$)/);
    expect(first).not.toContain('cursor=');
    expect(screen.getByText(/3 due/)).toHaveTextContent('3 due · 1 overdue · 2 shown');

    fireEvent.click(screen.getByRole('button', { name: /Show more \(1 more due\)/ }));
    await waitFor(() => expect(within(screen.getByTestId('worklist')).getAllByRole('row')).toHaveLength(4));
    expect(calls.filter((c) => c.startsWith('/api/worklist/refills?')).at(-1)).toContain('cursor=C1');
    expect(screen.getByText(/3 due/)).toHaveTextContent('3 due · 1 overdue · times in UTC');
    expect(screen.queryByRole('button', { name: /Show more/ })).not.toBeInTheDocument();
  });
});
