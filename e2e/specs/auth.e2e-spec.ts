import { expect, test } from '@playwright/test';
import { screenshot, signIn, USERS } from '../support/session';

test('wrong password is refused with a message', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel('Email').fill(USERS.nurse);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText(/Email or password is not correct/);
  await screenshot(page, 'login');
});

test('a nurse lands on the refill worklist and the session survives a reload', async ({ page }) => {
  await signIn(page, 'nurse');
  await expect(page).toHaveURL(/\/worklist$/);
  await expect(page.getByTestId('current-user')).toContainText('Nurse');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Refill worklist' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
});

for (const role of ['physician', 'staff', 'admin'] as const) {
  test(`${role} lands on the alarm board`, async ({ page }) => {
    await signIn(page, role);
    await expect(page).toHaveURL(/\/alarms$/);
    await expect(page.getByRole('heading', { name: 'Alarm board' })).toBeVisible();
    await expect(page.getByTestId('health')).toHaveText(/System healthy/);
  });
}
