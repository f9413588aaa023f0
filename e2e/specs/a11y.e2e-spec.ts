import { expect, test, type Locator, type Page } from '@playwright/test';
import { demoPatient, expectAccessible } from '../support/a11y';
import { mainScreens } from '../support/nav';
import { signIn, type DemoRole } from '../support/session';

/**
 * Issue 16: axe-core over every screen and every dialog, as each role sees them (what a role may not do is
 * shown differently: disabled buttons, refusals, fewer links). No serious or critical violation is allowed.
 */

const ROLES: DemoRole[] = ['nurse', 'physician', 'staff', 'admin'];

/** Opens a screen by its address and waits for its heading (or its refusal) before axe runs. */
async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator('main h2, main [role="alert"]').first()).toBeVisible();
}

/**
 * When the role may, opens the dialog with the first of `openers`, checks it, closes it with Escape and checks
 * that it is gone; when it may not, checks that nothing offers it.
 */
async function checkDialog(page: Page, what: string, allowed: boolean, openers: Locator): Promise<void> {
  if (!allowed) {
    await expect(openers, `${what}: not offered`).toHaveCount(0);
    return;
  }
  await openers.first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expectAccessible(page, what);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
}

/** Which dialogs each role is offered (the demo clinic's Karimi has a program the physician wrote, unverified). */
const DIALOGS: Record<DemoRole, Record<'snooze' | 'resolve' | 'book' | 'verify' | 'edit' | 'event', boolean>> = {
  nurse: { snooze: true, resolve: false, book: true, verify: true, edit: true, event: true },
  physician: { snooze: true, resolve: true, book: true, verify: false, edit: true, event: true },
  staff: { snooze: false, resolve: false, book: true, verify: false, edit: false, event: false },
  admin: { snooze: false, resolve: false, book: false, verify: false, edit: true, event: false },
};

test('the sign-in screen has no serious accessibility violations', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page, 'sign-in');
});

for (const role of ROLES) {
  test(`every screen and dialog as the ${role}: no serious or critical accessibility violations`, async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const okafor = await demoPatient(request, 'Okafor');
    const karimi = await demoPatient(request, 'Karimi');
    await signIn(page, role);

    for (const [what, path] of mainScreens(okafor)) {
      await visit(page, path);
      await expectAccessible(page, `${role}: ${what}`);
    }

    // Every dialog the role can open; the ones it cannot are not offered at all.
    const may = DIALOGS[role];
    await visit(page, '/alarms');
    await page.getByLabel('Alarm', { exact: true }).selectOption('THERAPY_INTERRUPTED');
    await expect(page.getByTestId('alarm-row').first()).toBeVisible();
    await checkDialog(page, `${role}: snooze dialog`, may.snooze, page.getByRole('button', { name: /^Snooze/ }));
    await checkDialog(page, `${role}: resolve dialog`, may.resolve, page.getByRole('button', { name: 'Resolve' }));
    await visit(page, '/worklist');
    await page.getByLabel('Due within').selectOption('30');
    await expect(page.getByTestId('worklist').getByRole('row').nth(1)).toBeVisible();
    await checkDialog(page, `${role}: booking dialog`, may.book, page.getByRole('button', { name: /book refill for/ }));
    await checkDialog(
      page,
      `${role}: cancel appointment dialog`,
      may.book,
      page.getByRole('button', { name: /^Cancel appointment for/ }),
    );
    await visit(page, `/patients/${karimi.patientId}`);
    await expectAccessible(page, `${role}: patient page with a program to verify`);
    await checkDialog(page, `${role}: verify dialog`, may.verify, page.getByRole('button', { name: 'Verify' }));
    await checkDialog(
      page,
      `${role}: edit patient dialog`,
      may.edit,
      page.getByRole('button', { name: 'Edit patient' }),
    );
    await checkDialog(
      page,
      `${role}: record event dialog`,
      may.event,
      page.getByRole('button', { name: 'Record event' }),
    );
  });
}

test('forms in their warning and error states have no serious accessibility violations', async ({ page, request }) => {
  test.setTimeout(90_000);
  const okafor = await demoPatient(request, 'Okafor');
  const haddad = await demoPatient(request, 'Haddad');

  // Refill form: a gross discrepancy, a concentration change, and the form's own field errors.
  await signIn(page, 'nurse');
  await visit(page, `/pumps/${haddad.pumpId}/refill`);
  await page.getByLabel('Residual withdrawn (mL)').fill('0.5');
  await page.getByLabel('Volume added (mL)').fill('20');
  await page.getByLabel('Concentration filled').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Record refill' }).click();
  await expect(page.getByTestId('discrepancy-stop')).toBeVisible();
  await expectAccessible(page, 'refill form with a discrepancy and field errors');

  // Triage: the answer, then the outcome form.
  await visit(page, '/triage');
  await page.getByLabel('Patient name or MRN').fill('Brooks');
  await page.getByRole('button', { name: /^Brooks,/ }).click();
  await page.getByLabel('The patient').check();
  await page.getByRole('checkbox', { name: /^Tingling/ }).check();
  await page.getByRole('button', { name: 'Classify the call' }).click();
  await expect(page.getByTestId('urgency')).toBeVisible();
  await expectAccessible(page, 'triage answer and outcome form');
  await page.getByLabel('Advice only').check();
  await page.getByRole('button', { name: 'Record outcome' }).click();
  await expect(page.getByTestId('call-closed')).toBeVisible();
  await expectAccessible(page, 'triage call closed');
  await page.getByRole('button', { name: 'Sign out' }).click();

  // Dose form: an increase beyond the step limit, and its override reason asked for.
  await signIn(page, 'physician');
  await visit(page, `/pumps/${okafor.pumpId}/dose`);
  await page.getByLabel('New daily dose (mcg/day)').fill('650');
  await page.getByRole('button', { name: 'Save with override' }).click();
  await expect(page.getByText(/Give a reason to override/).first()).toBeVisible();
  await expectAccessible(page, 'dose form refused, override asked');

  // Import: the dry-run report of a file with a bad row (nothing is stored).
  await visit(page, '/import');
  const csv =
    'MRN;Family name;Given name;Birth date;Spasticity origin;Pump model;Pump serial;Reservoir capacity ml;' +
    'Implanted on;Last refill at;Volume after refill ml;Concentration mcg per ml;Daily dose mcg\r\n' +
    'A11Y-1;Axe;Ann;1970-01-01;spinal;SynchroMed II;A11Y-S1;20;2024-01-01;2026-01-01;20;1 mg/mL;150\r\n';
  await page.getByLabel('Spreadsheet file').setInputFiles({
    name: 'a11y.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(page.getByTestId('import-report')).toBeVisible();
  await expectAccessible(page, 'import check report');
});
