import type { PatientDto } from '@pumpwatch/contracts';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../../../lib/session';
import { patient } from '../../../test/fixtures';
import { jsonResponse } from '../../../test/render';
import { OralBackupPlanCard } from './OralBackupPlanCard';

function renderAs(role: 'nurse' | 'physician', p: PatientDto) {
  sessionStorage.setItem(
    'pumpwatch.session',
    JSON.stringify({ accessToken: 't', user: { id: 'u1', email: 'x@y', name: 'X', role } }),
  );
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <SessionProvider>
        <MemoryRouter>
          <OralBackupPlanCard patient={p} />
        </MemoryRouter>
      </SessionProvider>
    </QueryClientProvider>,
  );
}

describe('oral backup plan on the patient page', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it('a nurse reads it, with the kidney caution, but cannot change it', () => {
    renderAs('nurse', {
      ...patient,
      riskFactors: ['RENAL_IMPAIRMENT'],
      oralBackupPlan: { doseMg: 5, timesPerDay: 3, notes: null },
    });
    expect(screen.getByTestId('oral-backup-plan')).toHaveTextContent('5 mg of baclofen by mouth, 3 times a day');
    expect(screen.getByText(/Kidney problems on record/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /plan/ })).not.toBeInTheDocument();
  });

  it('a physician adds one: the patient is saved with the version read', async () => {
    const fetchMock = vi.fn(async () => jsonResponse({ ...patient, oralBackupPlan: { doseMg: 10, timesPerDay: 4 } }));
    vi.stubGlobal('fetch', fetchMock);
    renderAs('physician', patient);
    expect(screen.getByTestId('oral-backup-plan')).toHaveTextContent('None documented');
    await userEvent.click(screen.getByRole('button', { name: 'Add plan' }));
    await userEvent.type(screen.getByLabelText('Dose per intake (mg)'), '10');
    await userEvent.clear(screen.getByLabelText('Times a day'));
    await userEvent.type(screen.getByLabelText('Times a day'), '4');
    await userEvent.click(screen.getByRole('button', { name: 'Save plan' }));
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/patients/pt1');
    expect(JSON.parse(init.body as string)).toEqual({
      version: 1,
      oralBackupPlan: { doseMg: 10, timesPerDay: 4, notes: null },
    });
  });
});
