import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../lib/api-client';
import { drugLibrary, lastRefill, program, pump, users } from '../../../test/fixtures';
import { RefillForm, type RefillFormProps } from './RefillForm';

// 31 days after the last refill at 0.3 mL/day: 20 − 9.3 = 10.7 mL expected.
const NOW = '2026-03-04T10:00:00Z';

function setup(over: Partial<RefillFormProps> = {}) {
  const onSubmit = vi.fn();
  render(
    <RefillForm
      pump={pump}
      refills={[lastRefill]}
      programs={[program()]}
      drugLibrary={drugLibrary}
      users={users}
      currentUserId="u1"
      timeZone="UTC"
      nowIso={NOW}
      onSubmit={onSubmit}
      {...over}
    />,
  );
  return { onSubmit, preview: () => screen.getByTestId('refill-preview') };
}

describe('RefillForm live preview', () => {
  it('shows the expected residual and a discrepancy within tolerance as the nurse types', async () => {
    const { preview } = setup();
    expect(preview()).toHaveTextContent('Enter the residual volume');
    await userEvent.type(screen.getByLabelText('Residual withdrawn (mL)'), '10.5');
    expect(screen.getByTestId('expected-residual')).toHaveTextContent('10.7 mL');
    expect(screen.getByTestId('discrepancy')).toHaveTextContent('-0.2 mL');
    expect(screen.getByTestId('discrepancy-verdict')).toHaveTextContent('Within tolerance');
  });

  it('flags suspected over-infusion when much less is left than expected', async () => {
    setup();
    await userEvent.type(screen.getByLabelText('Residual withdrawn (mL)'), '6');
    expect(screen.getByTestId('discrepancy-verdict')).toHaveTextContent('Suspected over-infusion or leak');
  });

  it('flags under-delivery and an overfill in words', async () => {
    setup();
    await userEvent.type(screen.getByLabelText('Residual withdrawn (mL)'), '16');
    await userEvent.type(screen.getByLabelText('Volume added (mL)'), '25');
    expect(screen.getByTestId('discrepancy-verdict')).toHaveTextContent('Suspected under-delivery');
    expect(
      within(screen.getByTestId('refill-preview')).getByText('Volume added is more than the reservoir holds.'),
    ).toBeInTheDocument();
  });

  it('asks for the bridge bolus and confirmation when the concentration changes', async () => {
    const { onSubmit } = setup();
    expect(screen.queryByLabelText('Bridge bolus (mcg)')).not.toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Concentration filled'), '2000');
    expect(screen.getByLabelText('Bridge bolus (mcg)')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Residual withdrawn (mL)'), '10.7');
    await userEvent.type(screen.getByLabelText('Volume added (mL)'), '20');
    await userEvent.clear(screen.getByLabelText('Concentration programmed in pump (mcg/mL)'));
    await userEvent.type(screen.getByLabelText('Concentration programmed in pump (mcg/mL)'), '2000');
    await userEvent.click(screen.getByLabelText(/Needle position/));
    await userEvent.click(screen.getByRole('button', { name: 'Record refill' }));
    expect(await screen.findByText('Enter the bridge bolus programmed (mcg).')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('submits numbers (not strings) once the checks are done', async () => {
    const { onSubmit } = setup();
    await userEvent.type(screen.getByLabelText('Residual withdrawn (mL)'), '10.7');
    await userEvent.type(screen.getByLabelText('Volume added (mL)'), '20');
    await userEvent.click(screen.getByRole('button', { name: 'Record refill' }));
    expect(await screen.findByText(/Confirm the needle position/)).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
    await userEvent.click(screen.getByLabelText(/Needle position/));
    await userEvent.selectOptions(screen.getByLabelText('Second checker'), 'u2');
    await userEvent.click(screen.getByRole('button', { name: 'Record refill' }));
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({
      actualResidualMl: 10.7,
      volumeAddedMl: 20,
      concentrationMcgPerMl: 1000,
      programmedConcentrationMcgPerMl: 1000,
      needlePositionConfirmed: true,
      secondCheckerId: 'u2',
      at: '2026-03-04T10:00:00.000Z',
    });
  });

  it('shows the server 422 codes next to their fields, in words', () => {
    const error = new ApiError(422, 'PROGRAMMED_CONCENTRATION_MISMATCH', 'Refill refused', {
      errors: ['FILL_EXCEEDS_RESERVOIR', 'PROGRAMMED_CONCENTRATION_MISMATCH'],
    });
    setup({ serverError: error });
    expect(screen.getByLabelText('Volume added (mL)')).toHaveAccessibleDescription(/more than the reservoir holds/);
    expect(screen.getByLabelText('Concentration programmed in pump (mcg/mL)')).toHaveAccessibleDescription(
      /differs from the drug filled/,
    );
  });

  it('treats the first fill as an initial fill with no discrepancy check', () => {
    setup({ refills: [] });
    expect(screen.getByTestId('refill-preview')).toHaveTextContent('Initial fill: no discrepancy check.');
  });
});
