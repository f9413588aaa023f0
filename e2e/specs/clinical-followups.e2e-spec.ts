import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { openPatient } from '../support/nav';
import { PASSWORD, screenshot, signIn, USERS, type DemoRole } from '../support/session';

/** The open alarm board filtered to one code: the rows shown for one patient. */
async function openAlarmRows(page: Page, code: string, familyName: string) {
  await page.getByRole('link', { name: 'Alarms' }).click();
  await page.getByLabel('Alarm', { exact: true }).selectOption(code);
  return page.locator(`[data-testid="alarm-row"][data-code="${code}"]`).filter({ hasText: `${familyName},` });
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Email')).toBeVisible();
}

async function apiToken(request: APIRequestContext, role: DemoRole): Promise<string> {
  const res = await request.post('/api/auth/login', { data: { email: USERS[role], password: PASSWORD } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

test('a physician changes the dose, a nurse verifies it and the unverified-dose alarm leaves the board', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await signIn(page, 'physician');
  await openPatient(page, 'MacLeod');
  await page.getByRole('link', { name: 'Change dose' }).click();
  await expect(page.getByTestId('current-dose')).toContainText('600 mcg/day');
  await page.getByLabel('New daily dose (mcg/day)').fill('660');
  await expect(page.getByTestId('dose-preview')).toContainText("Within the clinic's dose rules.");
  await page.getByRole('button', { name: 'Save dose' }).click();
  await expect(page.getByTestId('dose-saved')).toContainText('660 mcg/day');
  await page.getByTestId('dose-saved').getByRole('link', { name: 'Back to patient' }).click();

  // The author sees the program as not verified, without a Verify button of their own.
  const newest = page.getByTestId('dose-history-row').first();
  await expect(newest).toContainText('660 mcg/day');
  await expect(newest).toContainText('Not verified');
  await expect(newest.getByRole('button', { name: 'Verify' })).toHaveCount(0);
  await expect(await openAlarmRows(page, 'DOSE_UNVERIFIED', 'MacLeod')).toHaveCount(1);
  await signOut(page);

  await signIn(page, 'nurse');
  await openPatient(page, 'MacLeod');
  const row = page.getByTestId('dose-history-row').first();
  await row.getByRole('button', { name: 'Verify' }).click();
  const dialog = page.getByRole('dialog', { name: 'Verify dose program' });
  const restated = dialog.getByTestId('verify-restated');
  await expect(restated).toContainText('660 mcg/day');
  await expect(restated).toContainText('mL/day');
  await expect(restated).toContainText('Dr Omar Haddad');
  await expect(dialog.getByRole('button', { name: 'Confirm verification' })).toBeDisabled();
  await dialog.getByLabel(/I have checked the printout/).check();
  await dialog.getByRole('button', { name: 'Confirm verification' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row).toHaveAttribute('data-verified', 'yes');
  await expect(row).toContainText('Nina Patel, RN');

  await expect(await openAlarmRows(page, 'DOSE_UNVERIFIED', 'MacLeod')).toHaveCount(0);
  // Another patient's unverified change is still on the board: the filter itself works.
  await expect(await openAlarmRows(page, 'DOSE_UNVERIFIED', 'Karimi')).toHaveCount(1);
});

test('the server itself refuses a too-large increase without an override, then accepts it with a reason', async ({
  page,
}) => {
  const token = await apiToken(page.request, 'physician');
  const headers = { Authorization: `Bearer ${token}` };
  const list = await page.request.get('/api/patients?search=Adeyemi', { headers });
  const patientId = ((await list.json()) as { items: { id: string }[] }).items[0]!.id;
  const patient = (await (await page.request.get(`/api/patients/${patientId}`, { headers })).json()) as {
    pumps: { id: string; active: boolean }[];
  };
  const pumpId = patient.pumps.find((p) => p.active)!.id;

  // 300 → 600 mcg/day is +100 %, above the 40 % step for spinal spasticity (and the 50 % allowed in 30 days).
  const refused = await page.request.post(`/api/pumps/${pumpId}/dose-programs`, {
    headers,
    data: { basalDoseMcgPerDay: 600 },
  });
  expect(refused.status()).toBe(422);
  const body = (await refused.json()) as { code: string; details: { errors: string[] } };
  expect(body.code).toBe(body.details.errors[0]);
  expect(body.details.errors).toContain('DOSE_INCREASE_TOO_LARGE');

  const accepted = await page.request.post(`/api/pumps/${pumpId}/dose-programs`, {
    headers,
    data: { basalDoseMcgPerDay: 600, override: { reason: 'Severe spasms after titration review (e2e)' } },
  });
  expect(accepted.status()).toBe(201);
  const saved = (await accepted.json()) as { overridden: string[]; verifiedAt: string | null };
  expect(saved.overridden).toContain('DOSE_INCREASE_TOO_LARGE');
  expect(saved.verifiedAt).toBeNull();
});

test('a nurse records the interrogation after an MRI and the MRI check alarm leaves the board', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await signIn(page, 'nurse');
  await expect(await openAlarmRows(page, 'MRI_CHECK_DUE', 'Osei')).toHaveCount(1);
  await openPatient(page, 'Osei');
  const card = page.getByTestId('pump-card');
  await expect(card.getByTestId('pump-flags')).toContainText('MRI check due');

  await card.getByRole('button', { name: 'Record event' }).click();
  const dialog = page.getByRole('dialog');
  // Restarting after an interruption is a physician's decision: not offered to a nurse.
  await expect(dialog.getByRole('radio', { name: /Pump restarted/ })).toHaveCount(0);
  await expect(dialog).toContainText('SynchroMed motors stall during MRI: interrogate right after the scan.');
  await dialog.getByRole('radio', { name: /Pump interrogation/ }).check();
  await expect(dialog.getByTestId('event-explanation')).toContainText('clears the MRI check');
  await dialog.getByLabel('Notes').fill('Motor running, settings as programmed (e2e)');
  await screenshot(page, 'pump-events');
  await dialog.getByRole('button', { name: 'Record event' }).click();

  await expect(dialog).toHaveCount(0);
  await expect(card.getByTestId('pump-card-notice')).toContainText('Event recorded.');
  await expect(card.getByTestId('pump-flags')).not.toContainText('MRI check due');
  await expect(page.getByRole('list', { name: 'Pump timeline' })).toContainText(
    'Pump interrogation: Motor running, settings as programmed (e2e)',
  );
  await expect(await openAlarmRows(page, 'MRI_CHECK_DUE', 'Osei')).toHaveCount(0);
});

test('front-desk staff cancel a booked refill from the worklist; "missed" waits until the time has passed', async ({
  page,
}) => {
  await signIn(page, 'staff');
  await page.getByRole('link', { name: 'Refill worklist' }).click();
  await page.getByLabel('Due within').selectOption('30');
  const row = page.getByTestId('worklist').getByRole('row').filter({ hasText: 'Kowalczyk, Daniel' });
  await expect(row).not.toContainText('Not booked');

  await row.getByRole('button', { name: 'Mark missed appointment for Kowalczyk, Daniel' }).click();
  let dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('it can be marked missed only once its time has passed');
  await expect(dialog.getByRole('button', { name: 'Mark as missed' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Keep appointment' }).click();

  await row.getByRole('button', { name: 'Cancel appointment for Kowalczyk, Daniel' }).click();
  dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('appointment-restated')).toContainText('Refill appointment');
  await dialog.getByRole('button', { name: 'Cancel appointment' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('worklist-notice')).toContainText('Appointment cancelled.');
  await expect(row).toContainText('Not booked');
});

test('the patient page offers cancel / mark missed on the booked appointment', async ({ page }) => {
  await signIn(page, 'nurse');
  await openPatient(page, 'Haddad');
  const card = page.getByTestId('pump-card');
  await card.getByRole('button', { name: 'Mark missed appointment for Haddad, Fatima' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('it can be marked missed only once its time has passed');
  await dialog.getByRole('button', { name: 'Keep appointment' }).click();
  await expect(card).not.toContainText('None booked');
});
