import type { ImportReport } from '@pumpwatch/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '../../../test/render';
import { ImportForm } from './ImportForm';

const zero = { patients: 0, pumps: 0, refills: 0, dosePrograms: 0, appointments: 0 };
const dryRun: ImportReport = {
  dryRun: true,
  rows: 3,
  valid: 2,
  invalid: 1,
  creates: { patients: 2, pumps: 2, refills: 2, dosePrograms: 2, appointments: 0 },
  updates: zero,
  unchanged: 0,
  errors: [
    {
      row: 3,
      column: 'concentration_mcg_per_ml',
      code: 'UNIT_MISMATCH',
      message: '"mg/mL" is not this column\'s unit (mcg/mL); the import never converts units',
    },
  ],
  warnings: [{ column: 'ward', code: 'UNKNOWN_COLUMN', message: 'Column "ward" is not one the import knows' }],
  preview: [
    {
      row: 1,
      mrn: 'A1',
      pumpSerial: 'S1',
      refillDueDate: '2026-01-10',
      lowReservoirAlarmAt: null,
      alarms: ['REFILL_OVERDUE', 'DOSE_UNVERIFIED'],
    },
    {
      row: 2,
      mrn: 'A2',
      pumpSerial: 'S2',
      refillDueDate: '2026-04-01',
      lowReservoirAlarmAt: null,
      alarms: ['DOSE_UNVERIFIED'],
    },
  ],
};

describe('ImportForm', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks for a file before calling the API', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<ImportForm />);
    await userEvent.click(screen.getByRole('button', { name: 'Check file' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Choose the spreadsheet file');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('checks the file (dry run), shows each bad row and the overdue preview, then imports the valid rows', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(jsonResponse(dryRun))
      .mockResolvedValueOnce(jsonResponse({ ...dryRun, dryRun: false, importId: 'imp-1' }, 201));
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<ImportForm />);
    const file = new File(['mrn;family_name\n'], 'clinic.csv', { type: 'text/csv' });
    await userEvent.upload(screen.getByLabelText('Spreadsheet file'), file);
    await userEvent.selectOptions(screen.getByLabelText('Date order'), 'DMY');
    await userEvent.click(screen.getByRole('button', { name: 'Check file' }));

    const errors = await screen.findByTestId('import-errors');
    const bad = within(errors).getAllByRole('row')[1];
    expect(bad).toHaveTextContent('3');
    expect(bad).toHaveTextContent('concentration_mcg_per_ml');
    expect(bad).toHaveTextContent('the import never converts units');
    expect(screen.getByTestId('import-overdue')).toHaveTextContent('1 pump will be overdue on import');
    expect(screen.getByTestId('import-warnings')).toHaveTextContent('ward');
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/imports?dateOrder=DMY&dryRun=true');
    expect((init.body as FormData).get('file')).toBeInstanceOf(File);

    await userEvent.click(screen.getByRole('button', { name: 'Import the 2 valid rows (leave out 1)' }));
    const done = await screen.findByTestId('import-done');
    expect(done).toHaveTextContent('2 new pumps');
    expect(within(done).getByRole('link', { name: 'Go to the alarm board' })).toHaveAttribute('href', '/alarms');
    expect(fetchMock.mock.calls[1]![0]).toBe('/api/imports?dateOrder=DMY&dryRun=false&skipInvalid=true');
  });

  it('shows the refusal of a file that cannot be read', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse(
          {
            statusCode: 422,
            code: 'IMPORT_UNREADABLE',
            message: 'The file cannot be read as CSV at line 4',
            details: { line: 4 },
          },
          422,
        ),
      ),
    );
    renderWithProviders(<ImportForm />);
    await userEvent.upload(screen.getByLabelText('Spreadsheet file'), new File(['"'], 'bad.csv'));
    await userEvent.click(screen.getByRole('button', { name: 'Check file' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('line 4 (IMPORT_UNREADABLE)');
    expect(screen.queryByRole('button', { name: /^Import/ })).not.toBeInTheDocument();
  });
});
