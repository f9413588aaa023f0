import { createHmac } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { PASSWORD, USERS } from '../support/session';

/** RFC 6238 (SHA-1, 6 digits, 30 s), as an authenticator app computes it, `offsetSteps` × 30 s from now. */
function totp(base32: string, offsetSteps = 0): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/\s|=/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000) + offsetSteps));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1]! & 0xf;
  const code = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an administrator the clinic requires a second factor of sets it up, then signs in with a code', async ({
  page,
  request,
}) => {
  // a real (non-demo) administrator, made by the demo admin through the API
  const demo = await request.post('/api/auth/login', { data: { email: USERS.admin, password: PASSWORD } });
  const demoToken = ((await demo.json()) as { accessToken: string }).accessToken;
  const email = `head.nurse.${Date.now()}@clinic.example`;
  const password = 'harbour lantern quiet 47';
  const created = await request.post('/api/users', {
    headers: { Authorization: `Bearer ${demoToken}` },
    data: { email, name: 'Head of Clinic', role: 'admin', password },
  });
  expect(created.status()).toBe(201);

  // first sign-in: password alone, and nothing opens before the authenticator app is set up
  await fillSignIn(page, email, password);
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByText(/The clinic requires a second step/)).toBeVisible();
  await page.goto('/alarms');
  await expect(page).toHaveURL(/\/account\/security$/);
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const secret = (await page.getByTestId('mfa-secret').textContent())!.replace(/\s/g, '');
  await page.getByLabel('Code from the app').fill(totp(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
  await page.getByRole('button', { name: 'I have saved these codes' }).click();
  await expect(page).toHaveURL(/\/alarms$/);
  await expect(page.getByRole('heading', { name: 'Alarm board' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);

  // next sign-in: the form asks for the code; a wrong one is refused in words
  await fillSignIn(page, email, password);
  const code = page.getByLabel('Authentication code');
  await expect(code).toBeVisible();
  await code.fill('000000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText(/That code is not right/);
  await code.fill(totp(secret, 1)); // the confirmation used this 30-s step: a code signs in once
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/alarms$/);
  await expect(page.getByTestId('current-user')).toContainText('Head of Clinic');
});

test('the demo administrator signs in with the documented password alone', async ({ page }) => {
  await fillSignIn(page, USERS.admin, PASSWORD);
  await expect(page).toHaveURL(/\/alarms$/);
  await page.getByRole('link', { name: 'Account security' }).click();
  await expect(page.getByRole('button', { name: 'Set up an authenticator app' })).toBeVisible();
});
