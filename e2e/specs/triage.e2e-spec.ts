import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { openPatient } from '../support/nav';
import { PASSWORD, screenshot, signIn, USERS, type DemoRole } from '../support/session';

/**
 * Calls about symptoms, taken on the triage screen against the demo clinic: the answer comes from the pump's
 * own state, the call stays on the alarm board until its outcome is recorded.
 */

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Email')).toBeVisible();
}

async function api(request: APIRequestContext, role: DemoRole) {
  const res = await request.post('/api/auth/login', { data: { email: USERS[role], password: PASSWORD } });
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { accessToken: string; user: { id: string } };
  return { headers: { Authorization: `Bearer ${body.accessToken}` }, userId: body.user.id };
}

async function patientAndPump(request: APIRequestContext, headers: Record<string, string>, familyName: string) {
  const list = await request.get(`/api/patients?search=${encodeURIComponent(familyName)}`, { headers });
  const id = ((await list.json()) as { items: { id: string }[] }).items[0]!.id;
  const patient = (await (await request.get(`/api/patients/${id}`, { headers })).json()) as {
    id: string;
    version: number;
    pumps: { id: string; active: boolean }[];
  };
  return { patient, pumpId: patient.pumps.find((p) => p.active)!.id };
}

/** Nav item → find the patient → who calls → tick the signs → classify. */
async function takeCall(page: Page, familyName: string, caller: string, signs: RegExp[]) {
  await page.getByRole('link', { name: 'Triage call', exact: true }).click();
  await page.getByLabel('Patient name or MRN').fill(familyName);
  await page.getByRole('button', { name: new RegExp(`^${familyName},`) }).click();
  await page.getByLabel(caller).check();
  for (const sign of signs) await page.getByRole('checkbox', { name: sign }).check();
  await page.getByRole('button', { name: 'Classify the call' }).click();
}

async function triageAlarmRows(page: Page, familyName: string) {
  await page.getByRole('link', { name: 'Alarms' }).click();
  await page.getByLabel('Alarm', { exact: true }).selectOption('TRIAGE_OPEN');
  return page.locator('[data-testid="alarm-row"][data-code="TRIAGE_OPEN"]').filter({ hasText: `${familyName},` });
}

test('an itchy patient whose pump is past its worst-case alarm is an emergency, with the oral backup plan', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  // The physician documents the oral backup plan on the patient page.
  await signIn(page, 'physician');
  await openPatient(page, 'Adeyemi');
  await page.getByRole('button', { name: 'Add plan' }).click();
  await page.getByLabel('Dose per intake (mg)').fill('10');
  await page.getByLabel('Times a day').fill('3');
  await page.getByRole('button', { name: 'Save plan' }).click();
  await expect(page.getByTestId('oral-backup-plan')).toContainText('10 mg of baclofen by mouth, 3 times a day');
  await signOut(page);

  await signIn(page, 'nurse');
  await takeCall(page, 'Adeyemi', 'A carer or relative', [/^Itching/, /^Stiffness or spasms coming back/]);
  const urgency = page.getByTestId('urgency');
  await expect(urgency).toHaveAttribute('data-urgency', 'EMERGENCY');
  await expect(urgency).toContainText('Emergency: to an emergency department now');
  await expect(urgency).toContainText('Possible withdrawal');
  await expect(page.getByTestId('reasons')).toContainText('The pump may be running empty');
  const actions = page.getByTestId('actions').getByRole('listitem');
  await expect(actions.first()).toContainText('go to the nearest emergency department now');
  await expect(page.getByTestId('actions')).toContainText('Start the oral baclofen backup plan');
  await expect(page.getByTestId('oral-backup-directions')).toContainText(
    'Advise now: 10 mg of baclofen by mouth, 3 times a day',
  );
  await screenshot(page, 'triage-withdrawal');

  // On the board as a critical alarm until the outcome is recorded.
  const rows = await triageAlarmRows(page, 'Adeyemi');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveClass(/alarm-critical/);

  // From the board straight to the call, to record what was done.
  await rows.first().getByRole('link', { name: 'Open the call' }).click();
  await expect(page.getByRole('list', { name: 'Calls waiting for an outcome' })).toContainText('Adeyemi');
  await page.getByLabel('Sent to the emergency department').check();
  await page.getByLabel('Notes').fill('carer driving him to the ED');
  await page.getByRole('button', { name: 'Record outcome' }).click();
  await expect(page.getByTestId('call-closed')).toContainText('Sent to the emergency department');
  await expect(await triageAlarmRows(page, 'Adeyemi')).toHaveCount(0);

  await openPatient(page, 'Adeyemi');
  await expect(page.getByTestId('patient-call').first()).toContainText('Sent to the emergency department');
});

test('a drowsy patient the day after a refill is an emergency, without any oral-baclofen advice', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  // Setup through the API: a plan on record (so its absence from the advice means something), and a refill
  // recorded 20 hours ago with the residual the projection expects.
  const physician = await api(page.request, 'physician');
  const nurse = await api(page.request, 'nurse');
  const { patient, pumpId } = await patientAndPump(page.request, physician.headers, 'Rahman');
  const plan = await page.request.patch(`/api/patients/${patient.id}`, {
    headers: physician.headers,
    data: { version: patient.version, oralBackupPlan: { doseMg: 10, timesPerDay: 3 } },
  });
  expect(plan.status()).toBe(200);
  const status = (await (await page.request.get(`/api/pumps/${pumpId}/status`, { headers: nurse.headers })).json()) as {
    reservoirNowMl: number;
    rateMlPerDay: number;
  };
  const hoursAgo = 20;
  const residual = Math.round((status.reservoirNowMl + (status.rateMlPerDay * hoursAgo) / 24) * 100) / 100;
  const refill = await page.request.post(`/api/pumps/${pumpId}/refills`, {
    headers: nurse.headers,
    data: {
      at: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
      actualResidualMl: residual,
      volumeAddedMl: Math.round((19 - residual) * 100) / 100,
      concentrationMcgPerMl: 500,
      programmedConcentrationMcgPerMl: 500,
      needlePositionConfirmed: true,
      secondCheckerId: physician.userId,
    },
  });
  expect(refill.status(), await refill.text()).toBe(201);

  await signIn(page, 'nurse');
  await takeCall(page, 'Rahman', 'The patient', [/^Unusually sleepy/]);
  const urgency = page.getByTestId('urgency');
  await expect(urgency).toHaveAttribute('data-urgency', 'EMERGENCY');
  await expect(urgency).toContainText('Possible overdose');
  await expect(page.getByTestId('reasons')).toContainText('refilled in the last 48 hours');
  await expect(page.getByTestId('actions')).toContainText('go to the nearest emergency department now');
  await expect(page.getByTestId('actions')).not.toContainText('oral');
  await expect(page.getByTestId('no-oral-baclofen')).toContainText('Do not advise oral baclofen');
  await expect(page.getByTestId('oral-backup-directions')).not.toContainText('Advise now');
  await screenshot(page, 'triage-overdose');
  await expect(await triageAlarmRows(page, 'Rahman')).toHaveCount(1);
});
