import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../lib/api-client';
import { ClinicDateFormatProvider } from '../../../lib/clinic-date-format';
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

const type = (label: string | RegExp, text: string) => userEvent.type(screen.getByLabelText(label), text);
const submit = () => userEvent.click(screen.getByRole('button', { name: 'Record refill' }));

/** Everything a complete refill needs except what a test leaves out. */
async function fillRefill(over: { residual?: string; concentration?: string; checker?: boolean } = {}) {
  await type('Residual withdrawn (mL)', over.residual ?? '10.7');
  await type('Volume added (mL)', '20');
  await userEvent.selectOptions(screen.getByLabelText('Concentration filled'), over.concentration ?? '1000');
  await type('Concentration programmed in pump (mcg/mL)', over.concentration ?? '1000');
  await userEvent.click(screen.getByLabelText(/Needle position/));
  if (over.checker !== false) await userEvent.selectOptions(screen.getByLabelText('Second checker'), 'u2');
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

  it('asks for a bridge bolus above 0 when the engine reports a concentration change', async () => {
    const { onSubmit } = setup();
    expect(screen.queryByLabelText('Bridge bolus (mcg)')).not.toBeInTheDocument();
    await fillRefill({ concentration: '2000' });
    expect(screen.getByLabelText('Bridge bolus (mcg)')).toBeInTheDocument();
    await type('Bridge bolus (mcg)', '0');
    await userEvent.click(screen.getByLabelText(/I confirm the concentration change/));
    await submit();
    expect(screen.getByLabelText('Bridge bolus (mcg)')).toHaveAccessibleDescription(/more than 0/);
    expect(onSubmit).not.toHaveBeenCalled();
    await userEvent.clear(screen.getByLabelText('Bridge bolus (mcg)'));
    await type('Bridge bolus (mcg)', '45');
    await submit();
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({
      concentrationMcgPerMl: 2000,
      bridgeBolusMcg: 45,
      concentrationChangeConfirmed: true,
    });
  });

  it('asks for the bridge bolus and the confirmation together when both are missing (the domain guards)', async () => {
    const { onSubmit } = setup();
    await fillRefill({ concentration: '2000' });
    await submit();
    expect(screen.getByLabelText('Bridge bolus (mcg)')).toHaveAccessibleDescription(/more than 0/);
    const panel = screen.getByTestId('concentration-change');
    expect(panel).toHaveTextContent('Confirm the concentration change and enter the bridge bolus programmed.');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('holds a concentration change only the server saw until the bolus is entered and confirmed', async () => {
    // no dose program on record: the live check cannot run, the server's refusal says what it found
    const { onSubmit } = setup({
      programs: [],
      serverError: new ApiError(422, 'BRIDGE_BOLUS_MISSING', 'x', { errors: ['BRIDGE_BOLUS_MISSING'] }),
    });
    expect(screen.getByTestId('concentration-change')).toBeInTheDocument();
    await fillRefill({ concentration: '2000' });
    await submit();
    expect(screen.getByLabelText('Bridge bolus (mcg)')).toHaveAccessibleDescription(/more than 0/);
    expect(onSubmit).not.toHaveBeenCalled();
    await type('Bridge bolus (mcg)', '45');
    await userEvent.click(screen.getByLabelText(/I confirm the concentration change/));
    await submit();
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ bridgeBolusMcg: 45, concentrationChangeConfirmed: true });
  });

  it('holds a discrepancy only the server found until the nurse acknowledges it', async () => {
    const { onSubmit } = setup({
      programs: [],
      serverError: new ApiError(422, 'DISCREPANCY_NOT_ACKNOWLEDGED', 'x', {
        discrepancy: 'SUSPECTED_OVER_INFUSION',
        expectedResidualMl: 10.7,
        discrepancyMl: -4.7,
        discrepancyThresholdMl: 1.35,
      }),
    });
    await fillRefill({ residual: '6' });
    await submit();
    const stop = screen.getByTestId('discrepancy-stop');
    expect(await within(stop).findByRole('alert')).toHaveTextContent(/tick this box/);
    expect(onSubmit).not.toHaveBeenCalled();
    await userEvent.click(within(stop).getByLabelText(/I re-aspirated/));
    await submit();
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ discrepancyAcknowledged: true });
  });

  it('leaves the concentration programmed in the pump empty: it is typed from the programmer', () => {
    setup();
    expect(screen.getByLabelText('Concentration programmed in pump (mcg/mL)')).toHaveValue('');
    expect(screen.getByLabelText('Concentration filled')).toHaveValue('');
  });

  it('does not save without a second checker, and offers no "None"', async () => {
    const { onSubmit } = setup();
    const checker = screen.getByLabelText('Second checker');
    expect(within(checker).queryByRole('option', { name: 'None' })).not.toBeInTheDocument();
    expect(checker).toHaveDisplayValue('Choose who checked');
    await fillRefill({ checker: false });
    await submit();
    expect(checker).toHaveAccessibleDescription(/Choose the nurse or physician who checked this refill with you/);
    expect(onSubmit).not.toHaveBeenCalled();
    // The author is not offered as their own checker, nor staff.
    expect(within(checker).queryByRole('option', { name: /Nora Nurse/ })).not.toBeInTheDocument();
    expect(within(checker).queryByRole('option', { name: /Sam Staff/ })).not.toBeInTheDocument();
    // A deactivated nurse stays in the directory (names in history) but is never offered as a checker.
    expect(within(checker).queryByRole('option', { name: /Fay Former/ })).not.toBeInTheDocument();
    expect(within(checker).getByRole('option', { name: /Dr Phil/ })).toBeInTheDocument();
  });

  it('stops at a discrepancy with the re-check steps until the nurse acknowledges it', async () => {
    const { onSubmit } = setup();
    await fillRefill({ residual: '6' });
    const stop = screen.getByTestId('discrepancy-stop');
    expect(stop).toHaveTextContent('Stop — do not inject the new drug yet');
    expect(stop).toHaveTextContent('Aspirate again');
    expect(stop).toHaveTextContent('needle is in the reservoir, not in the pocket');
    expect(stop).toHaveTextContent('Inform the physician');
    await submit();
    expect(await within(stop).findByRole('alert')).toHaveTextContent(/tick this box/);
    expect(onSubmit).not.toHaveBeenCalled();
    await userEvent.click(within(stop).getByLabelText(/I re-aspirated/));
    await submit();
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ actualResidualMl: 6, discrepancyAcknowledged: true });
  });

  it('asks again after a re-aspiration changes the residual', async () => {
    setup();
    await fillRefill({ residual: '6' });
    await userEvent.click(screen.getByLabelText(/I re-aspirated/));
    await userEvent.clear(screen.getByLabelText('Residual withdrawn (mL)'));
    await type('Residual withdrawn (mL)', '6.5');
    expect(screen.getByLabelText(/I re-aspirated/)).not.toBeChecked();
  });

  it('shows the stop panel when the server finds a discrepancy the live check did not', () => {
    setup({
      serverError: new ApiError(422, 'DISCREPANCY_NOT_ACKNOWLEDGED', 'x', {
        discrepancy: 'SUSPECTED_UNDER_DELIVERY',
        expectedResidualMl: 10.7,
        discrepancyMl: 3.1,
        discrepancyThresholdMl: 1.35,
      }),
    });
    const stop = screen.getByTestId('discrepancy-stop');
    expect(stop).toHaveTextContent('Suspected under-delivery');
    expect(stop).toHaveTextContent('+3.1 mL (tolerance ±1.35 mL)');
  });

  it('submits numbers (not strings) once the checks are done', async () => {
    const { onSubmit } = setup();
    await type('Residual withdrawn (mL)', '10.7');
    await type('Volume added (mL)', '20');
    await userEvent.selectOptions(screen.getByLabelText('Concentration filled'), '1000');
    await type('Concentration programmed in pump (mcg/mL)', '1000');
    await submit();
    expect(await screen.findByText(/Confirm the needle position/)).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
    await userEvent.click(screen.getByLabelText(/Needle position/));
    await userEvent.selectOptions(screen.getByLabelText('Second checker'), 'u2');
    await submit();
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0]![0]).toEqual({
      actualResidualMl: 10.7,
      volumeAddedMl: 20,
      concentrationMcgPerMl: 1000,
      programmedConcentrationMcgPerMl: 1000,
      needlePositionConfirmed: true,
      secondCheckerId: 'u2',
      discrepancyAcknowledged: false,
      at: '2026-03-04T10:00:00.000Z',
    });
  });

  it("sends the lot expiry and refill time typed in the clinic's format as the intended date and instant", async () => {
    const onSubmit = vi.fn();
    render(
      <ClinicDateFormatProvider value="DD/MM/YYYY">
        <RefillForm
          pump={pump}
          refills={[lastRefill]}
          programs={[program()]}
          drugLibrary={drugLibrary}
          users={users}
          currentUserId="u1"
          timeZone="Europe/London"
          nowIso={NOW}
          onSubmit={onSubmit}
        />
      </ClinicDateFormatProvider>,
    );
    const time = screen.getByLabelText('Refill time');
    expect(time).toHaveValue('04/03/2026 10:00');
    expect(time).toHaveAccessibleDescription(/Europe\/London \(GMT\)/);
    await userEvent.clear(time);
    await userEvent.type(time, '04/03/2026 08:30');
    // 03/04/2027 is the 3rd of April in this clinic, read back in words under the field
    await type('Lot expiry', '03/04/2027');
    expect(screen.getByLabelText('Lot expiry')).toHaveAccessibleDescription('Sat, 03 Apr 2027');
    await fillRefill();
    await submit();
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ lotExpiry: '2027-04-03', at: '2026-03-04T08:30:00.000Z' });
  });

  it('does not send a lot expiry it cannot read', async () => {
    const { onSubmit } = setup();
    await type('Lot expiry', '3/4/27');
    await fillRefill();
    await submit();
    expect(await screen.findByText(/Enter the expiry date/)).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
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
