import { expect, test } from '@playwright/test';
import { openPatient } from '../support/nav';
import { screenshot, signIn } from '../support/session';

test('the patients list searches by name', async ({ page }) => {
  await signIn(page, 'physician');
  await page.getByRole('link', { name: 'Patients' }).click();
  await expect(page.getByRole('table').getByRole('link').first()).toBeVisible();
  await screenshot(page, 'patients');
  await page.getByLabel('Search by name or MRN').fill('Okafor');
  await expect(page.getByRole('table').getByRole('link')).toHaveCount(1);
});

test('the patient page shows the pump card, the reservoir chart and the history', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await signIn(page, 'physician');
  await openPatient(page, 'Okafor');
  const card = page.getByTestId('pump-card');
  await expect(card).toContainText('SynchroMed II');
  await expect(card).toContainText('40 mL');
  for (const term of [
    'Concentration',
    'Dose (programmed)',
    'Rate',
    'Reservoir now',
    'Low-reservoir alarm',
    'Worst-case empty',
    'Refill due',
    'Battery',
  ]) {
    await expect(card.getByText(term, { exact: true })).toBeVisible();
  }
  await expect(card).toContainText('mL/day');
  const chart = page.getByTestId('reservoir-chart');
  await expect(chart.locator('svg.recharts-surface').first()).toBeVisible();
  await expect(chart.locator('.recharts-line')).toHaveCount(2);
  await expect(chart).toContainText('Worst case');
  await expect(chart).toContainText('Today');
  await expect(page.getByRole('table', { name: 'Dose history' })).toContainText('mcg/day');
  await expect(page.getByRole('list', { name: 'Pump timeline' }).getByRole('listitem').first()).toBeVisible();
  // Physicians see the dose button; only nurses and physicians the refill button.
  await expect(card.getByRole('link', { name: 'Change dose' })).toBeVisible();
  await screenshot(page, 'patient');
});

test('front-desk staff see no clinical write buttons on the patient page', async ({ page }) => {
  await signIn(page, 'staff');
  await openPatient(page, 'Okafor');
  await expect(page.getByTestId('pump-card')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Record refill' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Change dose' })).toHaveCount(0);
});
