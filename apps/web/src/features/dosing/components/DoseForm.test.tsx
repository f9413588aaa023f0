import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../lib/api-client';
import { patient, program, pump } from '../../../test/fixtures';
import { DoseForm, type DoseFormProps } from './DoseForm';

const NOW = '2026-03-04T10:00:00Z';

function setup(over: Partial<DoseFormProps> = {}) {
  const onSubmit = vi.fn();
  render(
    <DoseForm
      pump={pump}
      patient={patient}
      programs={[program({ basalDoseMcgPerDay: 400, programmedDoseMcgPerDay: 400, planningDoseMcgPerDay: 400 })]}
      concentrationMcgPerMl={1000}
      timeZone="UTC"
      nowIso={NOW}
      onSubmit={onSubmit}
      {...over}
    />,
  );
  return { onSubmit, dose: () => screen.getByLabelText('New daily dose (mcg/day)') };
}

describe('DoseForm guard rails', () => {
  it('previews the rate and accepts a step within the limit', async () => {
    const { dose, onSubmit } = setup();
    await userEvent.type(dose(), '480');
    expect(screen.getByTestId('dose-rate')).toHaveTextContent('0.48 mL/day');
    expect(screen.getByText("Within the clinic's dose rules.")).toBeInTheDocument();
    expect(screen.queryByLabelText(/Override reason/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save dose' }));
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ basalDoseMcgPerDay: 480 }));
  });

  it('refuses a too-large increase without a reason, then sends it with the override reason', async () => {
    const { dose, onSubmit } = setup();
    await userEvent.type(dose(), '600');
    expect(screen.getByText('Increase is larger than the allowed step for this patient.')).toBeInTheDocument();
    expect(screen.getByText('(needs an override reason)')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save with override' }));
    expect(await screen.findByText('Give a reason to override.')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText(/Override reason/), 'Severe night spasms, reviewed in clinic');
    expect(screen.getByText('(overridden with reason)')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save with override' }));
    await vi.waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({
        basalDoseMcgPerDay: 600,
        override: { reason: 'Severe night spasms, reviewed in clinic' },
      }),
    );
  });

  it('blocks a suspected unit error: it cannot be overridden', async () => {
    const { dose } = setup();
    await userEvent.type(dose(), '4000');
    expect(screen.getByText(/check the units/)).toBeInTheDocument();
    expect(screen.getByText('(cannot be overridden)')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Save/ })).toBeDisabled();
  });

  it('uses the cerebral limit (20 %) for cerebral spasticity', async () => {
    const { dose } = setup({ patient: { ...patient, spasticityOrigin: 'cerebral' } });
    await userEvent.type(dose(), '500');
    expect(screen.getByText('Increase is larger than the allowed step for this patient.')).toBeInTheDocument();
  });

  it('warns about a zero dose (withdrawal risk)', async () => {
    const { dose } = setup();
    await userEvent.type(dose(), '0');
    expect(screen.getByText('A zero dose stops therapy: withdrawal risk.')).toBeInTheDocument();
  });

  it('checks flex steps add up to 24 hours and totals them', async () => {
    setup();
    await userEvent.click(screen.getByLabelText('Flex (steps over 24 h)'));
    await userEvent.clear(screen.getByLabelText('Step 1 duration (min)'));
    await userEvent.type(screen.getByLabelText('Step 1 duration (min)'), '720');
    await userEvent.type(screen.getByLabelText('Step 1 rate (mcg/h)'), '16');
    expect(screen.getByTestId('dose-preview')).toHaveTextContent('24 hours');
    await userEvent.click(screen.getByRole('button', { name: 'Add step' }));
    await userEvent.type(screen.getByLabelText('Step 2 duration (min)'), '720');
    await userEvent.type(screen.getByLabelText('Step 2 rate (mcg/h)'), '18');
    // 16 × 12 + 18 × 12 = 408 mcg/day
    expect(screen.getByTestId('dose-preview')).toHaveTextContent('408 mcg/day');
  });

  it('shows the server refusal in words', () => {
    setup({ serverError: new ApiError(422, 'DOSE_CHANGE_TOO_SOON', 'x', { errors: ['DOSE_CHANGE_TOO_SOON'] }) });
    expect(screen.getByTestId('dose-server-error')).toHaveTextContent('Less than 24 hours since the last dose change.');
  });
});
