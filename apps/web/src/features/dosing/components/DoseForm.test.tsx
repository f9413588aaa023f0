import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../lib/api-client';
import type { DoseChangeContextDto } from '../api/dose-programs';
import { DoseForm, type DoseFormProps } from './DoseForm';

const NOW = '2026-03-04T10:00:00.000Z';

function context(over: Partial<DoseChangeContextDto> = {}): DoseChangeContextDto {
  return {
    now: NOW,
    patient: {
      spasticityOrigin: 'spinal',
      implantedAt: '2025-01-10T10:00:00.000Z',
      pediatric: false,
      screeningDoseMcg: null,
    },
    current: { doseMcgPerDay: 400, bolusDoseMcg: null, maxBolusesPerDay: null, changedAt: '2025-06-01T10:00:00.000Z' },
    lastNonZero: null,
    interruption: null,
    history: [],
    policy: null,
    ...over,
  };
}

function setup(over: Partial<DoseFormProps> = {}) {
  const onSubmit = vi.fn();
  render(<DoseForm context={context()} concentrationMcgPerMl={1000} timeZone="UTC" onSubmit={onSubmit} {...over} />);
  return { onSubmit, dose: () => screen.getByLabelText('New daily dose (mcg/day)') };
}

const preview = () => screen.getByTestId('dose-preview');
const guard = (code: string) => preview().querySelector(`[data-code="${code}"]`);
const save = () => userEvent.click(screen.getByRole('button', { name: /^Save/ }));

describe('DoseForm guard rails', () => {
  it('previews the rate and accepts a step within the limit', async () => {
    const { dose, onSubmit } = setup();
    await userEvent.type(dose(), '480');
    expect(screen.getByTestId('dose-rate')).toHaveTextContent('0.48 mL/day');
    expect(screen.getByText("Within the clinic's dose rules.")).toBeInTheDocument();
    expect(screen.queryByTestId('override-reasons')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save dose' }));
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ basalDoseMcgPerDay: 480 }));
  });

  it('on a restart from 0 shows the dose before the stop and the interruption, and refuses 1,500', async () => {
    const { dose, onSubmit } = setup({
      context: context({
        current: { doseMcgPerDay: 0, changedAt: '2026-03-01T12:00:00.000Z' },
        lastNonZero: { doseMcgPerDay: 400 },
        interruption: { since: '2026-03-01T08:00:00.000Z', restartRecorded: true },
      }),
    });
    expect(screen.getByTestId('current-dose')).toHaveTextContent('therapy stopped');
    expect(screen.getByTestId('previous-dose')).toHaveTextContent('Dose before the stop: 400 mcg/day');
    expect(screen.getByTestId('interruption')).toHaveTextContent(
      'Therapy interrupted since 01 Mar 2026, 08:00 UTC (3 d 2 h ago)',
    );
    await userEvent.type(dose(), '1500');
    expect(screen.getByTestId('reference-dose')).toHaveTextContent('400 mcg/day (the dose before the stop): +275.0 %');
    expect(guard('RESTART_DOSE_NEEDS_REVIEW')).toHaveTextContent(
      'Therapy will have been stopped 3 d 2 h when this takes effect (more than 48 h): tolerance may be lost',
    );
    expect(guard('RESTART_DOSE_NEEDS_REVIEW')).toHaveTextContent(
      'Restart at 200 mcg/day or less (50 % of 400 mcg/day)',
    );
    expect(guard('DOSE_INCREASE_TOO_LARGE')).toHaveTextContent('An increase of 275 % over 400 mcg/day');
    expect(preview()).not.toHaveTextContent("Within the clinic's dose rules");
    await save();
    expect(await screen.findAllByText(/Give a reason to override/)).not.toHaveLength(0);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('blocks any restart until a physician has recorded the restart decision', async () => {
    const { dose } = setup({
      context: context({
        current: { doseMcgPerDay: 400, changedAt: '2025-06-01T10:00:00.000Z' },
        interruption: { since: '2026-03-03T22:00:00.000Z', restartRecorded: false },
      }),
    });
    expect(screen.getByTestId('interruption')).toHaveTextContent('No restart decision recorded yet');
    await userEvent.type(dose(), '200');
    expect(guard('RESTART_NOT_RECORDED')).toHaveTextContent('(cannot be overridden)');
    expect(screen.getByRole('button', { name: /^Save/ })).toBeDisabled();
  });

  it('counts every allowed bolus: 150 + 10 × 500 is refused with the bolus and planning explanation', async () => {
    const { dose } = setup({
      context: context({ current: { doseMcgPerDay: 150, changedAt: '2025-06-01T10:00:00.000Z' } }),
    });
    await userEvent.type(dose(), '150');
    await userEvent.type(screen.getByLabelText('Bolus dose (mcg, optional)'), '500');
    await userEvent.type(screen.getByLabelText('Max boluses per day (optional)'), '10');
    expect(screen.getByTestId('planning-dose')).toHaveTextContent(
      'Planning dose 5,150 mcg/day: 150 mcg/day programmed + up to 10 boluses of 500 mcg a day (5,000 mcg/day)',
    );
    expect(guard('BOLUS_TOO_LARGE')).toHaveTextContent(
      'One bolus of 500 mcg is more than 25 % of the programmed 150 mcg/day (at most 37.5 mcg a bolus)',
    );
    expect(guard('DOSE_ABOVE_MAXIMUM')).toHaveTextContent('5,150 mcg/day (boluses included) is above');
    expect(guard('DOSE_UNIT_SUSPECT')).toHaveTextContent('(cannot be overridden)');
    expect(preview()).not.toHaveTextContent("Within the clinic's dose rules");
    expect(screen.getByRole('button', { name: /^Save/ })).toBeDisabled();
  });

  it('does not accept "x" as an override reason; a real reason is sent naming the guard it lifts', async () => {
    const { dose, onSubmit } = setup();
    await userEvent.type(dose(), '600');
    expect(guard('DOSE_INCREASE_TOO_LARGE')).toHaveTextContent('(needs an override reason below)');
    const reason = screen.getByLabelText('Override reason — Increase too large');
    await userEvent.type(reason, 'x');
    expect(guard('DOSE_INCREASE_TOO_LARGE')).toHaveTextContent('(needs an override reason below)');
    expect(reason).toHaveAccessibleDescription(/At least 8 characters \(1 so far\)/);
    await userEvent.click(screen.getByRole('button', { name: 'Save with override' }));
    expect(reason).toHaveAccessibleDescription(/Give a reason to override/);
    expect(onSubmit).not.toHaveBeenCalled();
    await userEvent.type(reason, ' — severe night spasms, reviewed in clinic');
    expect(guard('DOSE_INCREASE_TOO_LARGE')).toHaveTextContent('(overridden with reason)');
    await userEvent.click(screen.getByRole('button', { name: 'Save with override' }));
    await vi.waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith({
        basalDoseMcgPerDay: 600,
        override: { reason: 'DOSE_INCREASE_TOO_LARGE: x — severe night spasms, reviewed in clinic' },
      }),
    );
  });

  it('asks one reason per guard: one reason does not lift two', async () => {
    const { dose, onSubmit } = setup({
      context: context({ current: { doseMcgPerDay: 400, changedAt: '2026-03-04T06:00:00.000Z' } }),
    });
    await userEvent.type(dose(), '600');
    const reasons = within(screen.getByTestId('override-reasons'));
    await userEvent.type(reasons.getByLabelText(/Increase too large/), 'Severe night spasms, reviewed');
    await save();
    expect(reasons.getByLabelText(/Increase too soon/)).toHaveAccessibleDescription(/Give a reason to override/);
    expect(onSubmit).not.toHaveBeenCalled();
    await userEvent.type(reasons.getByLabelText(/Increase too soon/), 'Admitted, monitored overnight');
    await save();
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0]![0].override).toEqual({
      reason:
        'DOSE_CHANGE_TOO_SOON: Admitted, monitored overnight; DOSE_INCREASE_TOO_LARGE: Severe night spasms, reviewed',
    });
  });

  it('lets a 10× decrease (correcting a wrong high dose) be overridden with a reason', async () => {
    const { dose } = setup({
      context: context({ current: { doseMcgPerDay: 1500, changedAt: '2026-03-01T10:00:00.000Z' } }),
    });
    await userEvent.type(dose(), '150');
    expect(guard('DOSE_UNIT_SUSPECT')).toHaveTextContent('(needs an override reason below)');
    expect(screen.getByLabelText('Override reason — 10× change (unit slip?)')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save with override' })).toBeEnabled();
  });

  it('checks a back-dated program where it takes effect', async () => {
    const onEffectiveAtChange = vi.fn();
    const { dose } = setup({
      context: context({ current: { doseMcgPerDay: 400, changedAt: '2026-03-03T04:00:00.000Z' } }),
      onEffectiveAtChange,
    });
    await userEvent.type(dose(), '480');
    expect(guard('DOSE_CHANGE_TOO_SOON')).toBeNull();
    await userEvent.type(screen.getByLabelText('Takes effect (optional)'), '2026-03-03T20:00');
    expect(guard('DOSE_CHANGE_TOO_SOON')).toHaveTextContent('less than 24 hours before this one would');
    expect(onEffectiveAtChange).toHaveBeenLastCalledWith('2026-03-03T20:00:00.000Z');
  });

  it('holds a first programming to twice the screening dose', async () => {
    const { dose } = setup({
      context: context({
        current: null,
        patient: { ...context().patient, screeningDoseMcg: 50 },
      }),
    });
    expect(screen.getByTestId('current-dose')).toHaveTextContent('none (first programming)');
    expect(screen.getByTestId('screening-dose')).toHaveTextContent('a first dose may be at most 100 mcg/day');
    await userEvent.type(dose(), '1500');
    expect(guard('FIRST_DOSE_ABOVE_START_LIMIT')).toHaveTextContent('more than twice the effective screening dose');
  });

  it('uses the cerebral limit (20 %) for cerebral spasticity', async () => {
    const { dose } = setup({ context: context({ patient: { ...context().patient, spasticityOrigin: 'cerebral' } }) });
    await userEvent.type(dose(), '500');
    expect(guard('DOSE_INCREASE_TOO_LARGE')).toHaveTextContent('the largest step for cerebral spasticity is 20 %');
  });

  it('warns about a zero dose (withdrawal risk)', async () => {
    const { dose } = setup();
    await userEvent.type(dose(), '0');
    expect(guard('DOSE_ZERO_WITHDRAWAL_RISK')).toHaveTextContent('A dose of 0 stops therapy');
  });

  it('checks flex steps add up to 24 hours and totals them', async () => {
    setup();
    await userEvent.click(screen.getByLabelText('Flex (steps over 24 h)'));
    await userEvent.clear(screen.getByLabelText('Step 1 duration (min)'));
    await userEvent.type(screen.getByLabelText('Step 1 duration (min)'), '720');
    await userEvent.type(screen.getByLabelText('Step 1 rate (mcg/h)'), '16');
    expect(preview()).toHaveTextContent('24 hours');
    await userEvent.click(screen.getByRole('button', { name: 'Add step' }));
    await userEvent.type(screen.getByLabelText('Step 2 duration (min)'), '720');
    await userEvent.type(screen.getByLabelText('Step 2 rate (mcg/h)'), '18');
    // 16 × 12 + 18 × 12 = 408 mcg/day
    expect(preview()).toHaveTextContent('408 mcg/day');
  });

  it('shows the server refusal in words', () => {
    setup({ serverError: new ApiError(422, 'DOSE_CHANGE_TOO_SOON', 'x', { errors: ['DOSE_CHANGE_TOO_SOON'] }) });
    expect(screen.getByTestId('dose-server-error')).toHaveTextContent('Less than 24 hours since the last dose change.');
  });
});
