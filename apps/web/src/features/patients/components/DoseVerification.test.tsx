import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '../../../test/render';
import { program, users } from '../../../test/fixtures';
import { DoseVerification } from './DoseVerification';

const userMap = new Map(users.map((u) => [u.id, u]));
const [nurse, physician, staff] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0]];
// Written by the physician (u2): 480 mcg/day from 1 Mar, 10:00 UTC, at 1000 mcg/mL → 0.48 mL/day.
const unverified = program({
  id: 'dp9',
  effectiveAt: '2026-03-01T10:00:00Z',
  basalDoseMcgPerDay: 480,
  programmedDoseMcgPerDay: 480,
  planningDoseMcgPerDay: 480,
  createdBy: physician.id,
  version: 3,
});

function setup(user: (typeof users)[0], p = unverified) {
  renderWithProviders(
    <DoseVerification program={p} user={user} users={userMap} timeZone="Europe/London" concentrationMcgPerMl={1000} />,
  );
}

describe('Dose program verification', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('the author sees "Not verified" but no Verify button', () => {
    setup(physician);
    expect(screen.getByText('Not verified')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Verify' })).not.toBeInTheDocument();
    expect(screen.getByText(/another clinician verifies/)).toBeInTheDocument();
  });

  it('front-desk staff cannot verify', () => {
    setup(staff);
    expect(screen.queryByRole('button', { name: 'Verify' })).not.toBeInTheDocument();
  });

  it('a non-author nurse checks the restated dose, rate and time, then verifies', async () => {
    const fetchMock = vi.fn(async () =>
      jsonResponse({ ...unverified, verifiedBy: nurse.id, verifiedAt: '2026-03-01T11:00:00Z' }),
    );
    vi.stubGlobal('fetch', fetchMock);
    setup(nurse);
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));
    const dialog = screen.getByRole('dialog', { name: 'Verify dose program' });
    const restated = within(dialog).getByTestId('verify-restated');
    expect(restated).toHaveTextContent('480 mcg/day');
    expect(restated).toHaveTextContent('0.48 mL/day');
    expect(restated).toHaveTextContent('01 Mar 2026, 10:00 GMT');
    expect(restated).toHaveTextContent('Dr Phil');
    // Nothing is sent until the verifier says the printout matches.
    const confirm = within(dialog).getByRole('button', { name: 'Confirm verification' });
    expect(confirm).toBeDisabled();
    await userEvent.click(within(dialog).getByLabelText(/I have checked the printout/));
    await userEvent.click(confirm);
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/dose-programs/dp9/verify');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ version: 3 });
  });

  it('shows the refusal in words', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse({ statusCode: 409, code: 'ALREADY_VERIFIED', message: 'x' }, 409)),
    );
    setup(nurse);
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));
    await userEvent.click(screen.getByLabelText(/I have checked the printout/));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm verification' }));
    expect(await screen.findByTestId('verify-error')).toHaveTextContent(
      'Another clinician has already verified this dose program.',
    );
  });

  it('a verified program shows who verified and when', () => {
    setup(nurse, { ...unverified, verifiedBy: nurse.id, verifiedAt: '2026-03-01T11:00:00Z' });
    expect(screen.getByText(/Nora Nurse, 01 Mar 2026, 11:00 GMT/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Verify' })).not.toBeInTheDocument();
  });
});
