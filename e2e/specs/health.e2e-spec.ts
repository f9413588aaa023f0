import { expect, test } from '@playwright/test';

test('the dashboard opens and shows the API healthy', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'PumpWatch' })).toBeVisible();
  await expect(page.getByTestId('health')).toHaveText(/System healthy/);
});

test('client-side routes fall back to the dashboard', async ({ page }) => {
  const res = await page.goto('/some/client/route');
  expect(res?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'PumpWatch' })).toBeVisible();
});
