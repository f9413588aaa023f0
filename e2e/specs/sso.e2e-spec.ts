import type { Server } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import Provider from 'oidc-provider';
import { OIDC } from '../support/oidc';
import { PASSWORD, USERS } from '../support/session';

/** The hospital's directory, as the identity provider knows it. */
const ACCOUNTS: Record<string, { email: string; name: string; groups: string[] }> = {
  'sso.nurse': { email: 'sso.nurse@hospital.example', name: 'Sam Sso', groups: ['all-staff', 'itb-nurses'] },
  visitor: { email: 'visitor@hospital.example', name: 'Vic Visitor', groups: ['all-staff', 'cafeteria'] },
};

let server: Server;

// A real OpenID Connect provider (oidc-provider) on this machine, with its own sign-in pages, started by the test;
// the app under test is configured to use it (e2e/support/start-app.mjs) and discovers it on first use.
test.beforeAll(async () => {
  const provider = new Provider(OIDC.issuer, {
    clients: [
      {
        client_id: OIDC.clientId,
        client_secret: OIDC.clientSecret,
        redirect_uris: [`${OIDC.appUrl}/api/auth/oidc/callback`],
        post_logout_redirect_uris: [`${OIDC.appUrl}/login`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    findAccount: (_ctx, id) => {
      const account = ACCOUNTS[id];
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ sub: id, email_verified: true, ...account }) };
    },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    cookies: { keys: ['e2e-provider-cookie-key'] },
  });
  await new Promise<void>((resolve) => {
    server = provider.listen(OIDC.port, '127.0.0.1', () => resolve());
  });
});
test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** The provider's own sign-in page, then its consent page. */
async function signInAtHospital(page: Page, login: string): Promise<void> {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Sign in with your hospital account' }).click();
  await expect(page).toHaveURL(new RegExp(`^${OIDC.issuer}/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password the test provider accepts');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('a clinician signs in with the hospital account (provisioned as a nurse by group), then signs out of both', async ({
  page,
}) => {
  await signInAtHospital(page, 'sso.nurse');
  await expect(page).toHaveURL(/\/worklist$/);
  await expect(page.getByTestId('current-user')).toContainText('Sam Sso');
  await expect(page.getByTestId('current-user')).toContainText('Nurse');
  await expect(page.getByRole('heading', { name: 'Refill worklist' })).toBeVisible();
  await page.reload(); // the session survives a reload like a password sign-in
  await expect(page.getByRole('heading', { name: 'Refill worklist' })).toBeVisible();

  // signing out ends the provider's session too: it asks to confirm, then sends the browser back to PumpWatch
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  // the hospital asks for the sign-in again: its session ended
  await page.getByRole('link', { name: 'Sign in with your hospital account' }).click();
  await expect(page.locator('input[name="login"]')).toBeVisible();
});

test('a hospital user whose groups map to no PumpWatch role is refused, in words, and no account is made', async ({
  page,
  request,
}) => {
  await signInAtHospital(page, 'visitor');
  await expect(page).toHaveURL(/\/login\?sso_error=SSO_NO_ROLE$/);
  await expect(page.getByRole('alert')).toHaveText(/not in a group that gives access to PumpWatch/);
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  // no account was made
  const admin = await request.post('/api/auth/login', { data: { email: USERS.admin, password: PASSWORD } });
  const token = ((await admin.json()) as { accessToken: string }).accessToken;
  const users = await request.get('/api/users', { headers: { Authorization: `Bearer ${token}` } });
  expect(((await users.json()) as { email: string }[]).map((a) => a.email)).not.toContain('visitor@hospital.example');
});
