import { expect, test } from '@playwright/test';
import { openPatient } from '../support/nav';
import { signIn } from '../support/session';

/** Issue 14: the clinical review's afternoon in Chromium, each finding refused or flagged on screen. */

test('a restart from a stopped pump shows the dose before the stop and is refused until the restart is recorded', async ({
  page,
}) => {
  await signIn(page, 'physician');
  await openPatient(page, 'Petrova');
  await page.getByRole('link', { name: 'Change dose' }).click();
  await expect(page.getByTestId('previous-dose')).toContainText('300 mcg/day');
  await expect(page.getByTestId('interruption')).toBeVisible();
  await page.getByLabel('New daily dose (mcg/day)').fill('1500');
  const preview = page.getByTestId('dose-preview');
  await expect(preview.locator('[data-code="RESTART_NOT_RECORDED"]')).toContainText('cannot be overridden');
  await expect(preview).not.toContainText("Within the clinic's dose rules");
});

test('patient boluses count towards the daily dose', async ({ page }) => {
  await signIn(page, 'physician');
  await openPatient(page, 'Rahman');
  await page.getByRole('link', { name: 'Change dose' }).click();
  await page.getByLabel('New daily dose (mcg/day)').fill('250');
  await page.getByLabel('Bolus dose (mcg, optional)').fill('500');
  await page.getByLabel('Max boluses per day (optional)').fill('10');
  const preview = page.getByTestId('dose-preview');
  await expect(page.getByTestId('planning-dose')).toContainText('5,250');
  await expect(preview.locator('[data-code="BOLUS_TOO_LARGE"]')).toBeVisible();
  await expect(preview).not.toContainText("Within the clinic's dose rules");
});

test('a refill with a gross discrepancy stops at the re-check steps; nothing is pre-filled', async ({ page }) => {
  await signIn(page, 'nurse');
  await openPatient(page, 'Haddad');
  await page.getByRole('link', { name: 'Record refill' }).click();
  await expect(page.getByLabel('Concentration programmed in pump (mcg/mL)')).toHaveValue('');
  await expect(page.getByLabel('Second checker')).toHaveValue('');
  await page.getByLabel('Residual withdrawn (mL)').fill('0.5');
  await page.getByLabel('Volume added (mL)').fill('20');
  await page.getByLabel('Concentration filled').selectOption('500');
  await page.getByLabel('Concentration programmed in pump (mcg/mL)').fill('500');
  await page.getByLabel('Second checker').selectOption({ index: 1 });
  await page.getByLabel(/Needle position in the reservoir confirmed/).check();
  const stop = page.getByTestId('discrepancy-stop');
  await expect(stop).toContainText('Stop');
  await expect(stop).toContainText('needle is in the reservoir');
  await page.getByRole('button', { name: 'Record refill' }).click();
  await expect(page.getByTestId('refill-recorded')).toHaveCount(0);
});

test('stopped therapy and a restart under watch stand on the alarm board', async ({ page }) => {
  await signIn(page, 'staff');
  await page.getByLabel('Alarm', { exact: true }).selectOption('THERAPY_STOPPED');
  await expect(page.getByText(/Petrova/).first()).toBeVisible();
  await page.getByLabel('Alarm', { exact: true }).selectOption('POST_RESTART_WATCH');
  await expect(page.getByText(/Mensah/).first()).toBeVisible();
});
