import { expect, test } from '@playwright/test';
import { openPatient } from '../support/nav';
import { screenshot, signIn } from '../support/session';

test("a physician's too-large increase is refused, then accepted with an override reason", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await signIn(page, 'physician');
  await openPatient(page, 'Okafor');
  await page.getByRole('link', { name: 'Change dose' }).click();
  await expect(page.getByTestId('current-dose')).toContainText('450 mcg/day');

  // 450 → 650 is +44 %: above the 40 % step, within the 30-day limit (675)
  await page.getByLabel('New daily dose (mcg/day)').fill('650');
  const preview = page.getByTestId('dose-preview');
  await expect(preview.locator('[data-code="DOSE_INCREASE_TOO_LARGE"]')).toBeVisible();
  await expect(preview).toContainText('needs an override reason');
  await expect(preview.getByTestId('dose-rate')).toContainText('mL/day');

  await page.getByRole('button', { name: 'Save with override' }).click();
  await expect(page.getByText(/Give a reason to override/).first()).toBeVisible();
  await expect(page.getByTestId('dose-saved')).toHaveCount(0);
  await screenshot(page, 'dose-form');

  await page.getByLabel(/Override reason/).fill('Severe nocturnal spasms despite titration; reviewed with patient');
  await expect(preview).toContainText('overridden with reason');
  await page.getByRole('button', { name: 'Save with override' }).click();
  const saved = page.getByTestId('dose-saved');
  await expect(saved).toContainText('Dose program saved');
  await expect(saved).toContainText('650 mcg/day');
  await expect(saved).toContainText('second clinician must verify');
});
