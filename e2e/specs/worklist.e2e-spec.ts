import { expect, test } from '@playwright/test';
import { screenshot, signIn } from '../support/session';

test('the nurse worklist lists due refills and a month calendar', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await signIn(page, 'nurse');
  const table = page.getByTestId('worklist');
  await expect(table.getByRole('row').nth(1)).toBeVisible();
  await expect(table).toContainText('Overdue');
  await expect(page.getByTestId('refill-calendar')).toBeVisible();
  await screenshot(page, 'worklist');
});

test('booking a refill after the alarm date warns before and after confirming', async ({ page }) => {
  await signIn(page, 'nurse');
  await page.getByRole('button', { name: /^Book refill for Nowak/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  // Far beyond the projected alarm: the browser preview (same engine) warns before anything is sent.
  // typed in the demo clinic's format (day first), read in its zone
  await dialog.getByLabel('Appointment time').fill('01/06/2027 10:00');
  const preview = dialog.getByTestId('booking-preview');
  await expect(preview).toContainText('Booked refill is after the worst-case low-reservoir alarm');
  await screenshot(page, 'booking-warning');
  await dialog.getByRole('button', { name: 'Book anyway' }).click();
  const result = dialog.getByTestId('booking-result');
  await expect(result).toContainText('Booked for');
  await expect(result.getByTestId('booking-warning')).toContainText(
    'Booked refill is after the worst-case low-reservoir alarm',
  );
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
});
