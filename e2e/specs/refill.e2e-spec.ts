import { expect, test } from '@playwright/test';
import { openPatient } from '../support/nav';
import { screenshot, signIn } from '../support/session';

test('a nurse records a refill with the live discrepancy check', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await signIn(page, 'nurse');
  await openPatient(page, 'Whitfield');
  await page.getByRole('link', { name: 'Record refill' }).click();
  await expect(page.getByRole('heading', { name: /Record refill/ })).toBeVisible();

  // A residual far below the projection is flagged live, before anything is sent.
  await page.getByLabel('Residual withdrawn (mL)').fill('1');
  await expect(page.getByTestId('discrepancy-verdict')).toHaveText(/Suspected over-infusion/);

  // The expected residual from the preview is what the syringe shows: within tolerance.
  const expected = (await page.getByTestId('expected-residual').innerText()).replace(/\s*mL$/, '');
  await page.getByLabel('Residual withdrawn (mL)').fill(expected);
  await expect(page.getByTestId('discrepancy-verdict')).toHaveText(/Within tolerance/);
  await page.getByLabel('Volume added (mL)').fill('20');
  // both concentrations are typed: the vial's and the one read off the programmer (never pre-filled)
  await expect(page.getByLabel('Concentration programmed in pump (mcg/mL)')).toHaveValue('');
  await page.getByLabel('Concentration filled').selectOption('500');
  await page.getByLabel('Concentration programmed in pump (mcg/mL)').fill('500');
  await page.getByLabel('Lot number').fill('LOT-E2E-1');
  await page.getByLabel('Second checker').selectOption({ index: 1 });

  // Submitting without the needle check is stopped at the checkbox.
  await page.getByRole('button', { name: 'Record refill' }).click();
  await expect(page.getByText(/Confirm the needle position/).first()).toBeVisible();
  await page.getByLabel(/Needle position in the reservoir confirmed/).check();
  await screenshot(page, 'refill-form');
  await page.getByRole('button', { name: 'Record refill' }).click();

  const done = page.getByTestId('refill-recorded');
  await expect(done).toContainText('Refill recorded');
  await expect(done).toContainText('Within tolerance');
  await done.getByRole('link', { name: 'Back to patient' }).click();
  await expect(page.getByRole('list', { name: 'Pump timeline' })).toContainText('added 20 mL');
});
