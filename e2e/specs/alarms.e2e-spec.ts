import { expect, test } from '@playwright/test';
import { screenshot, signIn } from '../support/session';

test('the alarm board shows the demo alarms, critical first, priority in words', async ({ page }) => {
  await signIn(page, 'physician');
  const rows = page.getByTestId('alarm-row');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(5);
  await expect(rows.first().locator('[data-priority]')).toHaveText(/Critical/);
  await expect(rows.getByText('Refill overdue').first()).toBeVisible();
  await expect(page.getByText('Live updates on')).toBeVisible();
  await screenshot(page, 'alarm-board');
});

test('a nurse acknowledges an alarm and it leaves the open list', async ({ page }) => {
  await signIn(page, 'nurse');
  await page.getByRole('link', { name: 'Alarms' }).click();
  await page.getByLabel('Alarm', { exact: true }).selectOption('REFILL_NOT_BOOKED');
  const row = page.locator('[data-testid="alarm-row"][data-code="REFILL_NOT_BOOKED"]').first();
  await expect(row).toBeVisible();
  const id = await row.getAttribute('data-alarm-id');
  await row.getByRole('button', { name: /^Acknowledge/ }).click();
  await expect(page.getByText('Alarm acknowledged.')).toBeVisible();
  await expect(page.locator(`[data-alarm-id="${id}"]`)).toHaveCount(0);
  // It is still there, acknowledged, under the acknowledged filter.
  await page.getByLabel('Status').selectOption('acknowledged');
  await expect(page.locator(`[data-alarm-id="${id}"]`)).toContainText('Acknowledged');
});

test('front-desk staff cannot acknowledge a critical alarm', async ({ page }) => {
  await signIn(page, 'staff');
  await page.getByLabel('Priority').selectOption('critical');
  const row = page.getByTestId('alarm-row').first();
  await expect(row).toBeVisible();
  await expect(row.getByRole('button', { name: /^Acknowledge/ })).toBeDisabled();
  await expect(row.getByText('Critical: nurse or physician only')).toBeVisible();
  await expect(row.getByRole('button', { name: /^Snooze/ })).toHaveCount(0);
});

test('a nurse snoozes an alarm with a reason', async ({ page }) => {
  await signIn(page, 'nurse');
  await page.getByRole('link', { name: 'Alarms' }).click();
  // The list is virtualised: filter to the code so the row is rendered.
  await page.getByLabel('Alarm', { exact: true }).selectOption('BATTERY_ERI_SOON');
  const row = page.locator('[data-testid="alarm-row"][data-code="BATTERY_ERI_SOON"]').first();
  const id = await row.getAttribute('data-alarm-id');
  await row.getByRole('button', { name: /^Snooze/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason').fill('Replacement surgery being scheduled');
  await dialog.getByRole('button', { name: 'Snooze alarm' }).click();
  await expect(page.getByText('Alarm snoozed.')).toBeVisible();
  await expect(page.locator(`[data-alarm-id="${id}"]`)).toHaveCount(0);
});
