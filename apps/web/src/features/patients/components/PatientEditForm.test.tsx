import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { patient } from '../../../test/fixtures';
import { PatientEditForm } from './PatientEditForm';

function setup(over: Partial<typeof patient> = {}) {
  const onSubmit = vi.fn();
  render(<PatientEditForm patient={{ ...patient, ...over }} onSubmit={onSubmit} onCancel={() => undefined} />);
  return { onSubmit, dose: () => screen.getByLabelText('Screening dose (mcg, optional)') };
}

describe('PatientEditForm screening dose', () => {
  it('records the screening dose in mcg with the version read', async () => {
    const { onSubmit, dose } = setup();
    expect(dose()).toHaveValue('');
    await userEvent.type(dose(), '75');
    await userEvent.click(screen.getByRole('button', { name: 'Save patient' }));
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ version: 1, screeningDoseMcg: 75, spasticityOrigin: 'spinal' });
  });

  it('clears it with an empty field (null), so the clinic start limit applies', async () => {
    const { onSubmit, dose } = setup({ screeningDoseMcg: 50 });
    expect(dose()).toHaveValue('50');
    await userEvent.clear(dose());
    await userEvent.click(screen.getByRole('button', { name: 'Save patient' }));
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ screeningDoseMcg: null });
  });

  it('refuses zero, a negative or an implausible dose', async () => {
    const { onSubmit, dose } = setup();
    for (const typed of ['0', '-5', '5000', '50 mcg']) {
      await userEvent.clear(dose());
      await userEvent.type(dose(), typed);
      await userEvent.click(screen.getByRole('button', { name: 'Save patient' }));
      expect(await screen.findByText(/Enter the screening dose in mcg/)).toBeInTheDocument();
    }
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
