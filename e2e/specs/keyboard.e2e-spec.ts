import { expect, test, type Page } from '@playwright/test';
import { demoPatient } from '../support/a11y';
import { arrowSelect, expectEveryStopVisible, expectFocusStaysIn, tabTo } from '../support/keyboard';
import { mainScreens, searchedPatientLink } from '../support/nav';
import { PASSWORD, USERS, type DemoRole } from '../support/session';

/**
 * Issue 16: the clinic's work done with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrows and typing;
 * no mouse click anywhere in this file), a focus ring on every stop, and dialogs that keep focus inside and
 * give it back to the button that opened them.
 */

/** Signs in from the login screen with the keyboard. */
async function keyboardSignIn(page: Page, role: DemoRole): Promise<void> {
  await page.goto('/login');
  await tabTo(page, page.getByLabel('Email'));
  await page.keyboard.type(USERS[role]);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

async function keyboardSignOut(page: Page): Promise<void> {
  await tabTo(page, page.getByRole('button', { name: 'Sign out' }));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Email')).toBeVisible();
}

/** Main menu → Patients → search → the patient's page, by keyboard. */
async function keyboardOpenPatient(page: Page, familyName: string): Promise<void> {
  await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel('Search by name or MRN'));
  await page.keyboard.type(familyName);
  const link = await searchedPatientLink(page, familyName);
  await tabTo(page, link);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^${familyName},`) })).toBeVisible();
}

test('a nurse records a refill with the keyboard only', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await keyboardSignIn(page, 'nurse');
  await keyboardOpenPatient(page, 'Dubois');
  await tabTo(page, page.getByRole('link', { name: 'Record refill' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /Record refill/ })).toBeVisible();

  // The residual the projection expects (read off the screen) is what the syringe gave.
  await tabTo(page, page.getByLabel('Residual withdrawn (mL)'));
  await page.keyboard.type('1');
  const expected = (await page.getByTestId('expected-residual').innerText()).replace(/\s*mL$/, '');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(expected);
  await expect(page.getByTestId('discrepancy-verdict')).toHaveText(/Within tolerance/);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Volume added (mL)')).toBeFocused();
  await page.keyboard.type('15');

  await tabTo(page, page.getByLabel('Concentration filled'));
  await arrowSelect(page, page.getByLabel('Concentration filled'), '500');
  await tabTo(page, page.getByLabel('Concentration programmed in pump (mcg/mL)'));
  await page.keyboard.type('500');
  await tabTo(page, page.getByLabel('Lot number'));
  await page.keyboard.type('LOT-KEYS-1');

  // Shift+Tab back to a field already passed, then forward again.
  await tabTo(page, page.getByLabel('Volume added (mL)'), { back: true });
  await expect(page.getByLabel('Volume added (mL)')).toHaveValue('15');

  const needle = page.getByLabel(/Needle position in the reservoir confirmed/);
  await tabTo(page, needle);
  await page.keyboard.press('Space');
  await expect(needle).toBeChecked();
  await tabTo(page, page.getByLabel('Second checker'));
  const checker = await page
    .getByLabel('Second checker')
    .locator('option:not([disabled])')
    .first()
    .getAttribute('value');
  await arrowSelect(page, page.getByLabel('Second checker'), checker!);

  await tabTo(page, page.getByRole('button', { name: 'Record refill' }));
  await page.keyboard.press('Enter');
  const done = page.getByTestId('refill-recorded');
  await expect(done).toContainText('Refill recorded');
  await expect(done).toContainText('Within tolerance');
  await tabTo(page, done.getByRole('link', { name: 'Back to patient' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Pump timeline' })).toContainText('added 15 mL');
  // the link is gone with the old screen: focus starts again at the new screen's content, not lost
  await expect(page.getByRole('main')).toBeFocused();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.getElementById('main')!.contains(document.activeElement))).toBe(true);
  await keyboardSignOut(page);
});

test('a physician changes a dose with the keyboard only', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await keyboardSignIn(page, 'physician');
  await keyboardOpenPatient(page, 'Dubois');
  await tabTo(page, page.getByRole('link', { name: 'Change dose' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('current-dose')).toContainText('300 mcg/day');

  // Program type by arrow keys: to flex (its steps appear) and back to simple.
  const simple = page.getByRole('radio', { name: 'Simple continuous' });
  await tabTo(page, simple);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: /^Flex/ })).toBeChecked();
  await expect(page.getByLabel('Step 1 rate (mcg/h)')).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(simple).toBeChecked();

  await page.keyboard.press('Tab');
  await expect(page.getByLabel('New daily dose (mcg/day)')).toBeFocused();
  await page.keyboard.type('320');
  await expect(page.getByTestId('dose-preview')).toContainText("Within the clinic's dose rules");
  await tabTo(page, page.getByLabel('Notes'));
  await page.keyboard.type('Small increase for evening spasms');

  await tabTo(page, page.getByRole('button', { name: 'Save dose' }));
  await page.keyboard.press('Space');
  const saved = page.getByTestId('dose-saved');
  await expect(saved).toContainText('Dose program saved');
  await expect(saved).toContainText('320 mcg/day');
});

test('dialogs keep focus inside, close on Escape or Cancel, and give focus back to their button', async ({
  page,
  request,
}) => {
  const karimi = await demoPatient(request, 'Karimi');
  await keyboardSignIn(page, 'nurse');

  // Booking, from the worklist: Tab and Shift+Tab go round inside, Escape closes.
  const book = page.getByRole('button', { name: /book refill for/ }).first();
  await tabTo(page, book);
  await page.keyboard.press('Enter');
  let dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expectFocusStaysIn(page, dialog, 'Tab', 12);
  await expectFocusStaysIn(page, dialog, 'Shift+Tab', 12);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(book).toBeFocused();

  // Snooze, from the alarm board: closed with its Cancel button.
  await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alarms' }), {
    back: true,
  });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Alarm board' })).toBeVisible();
  const snooze = page.getByRole('button', { name: /^Snooze/ }).first();
  await tabTo(page, snooze, { maxStops: 200 });
  await page.keyboard.press('Enter');
  dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Reason')).toBeVisible();
  await expectFocusStaysIn(page, dialog, 'Tab', 8);
  await tabTo(page, dialog.getByRole('button', { name: 'Cancel' }));
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(snooze).toBeFocused();

  // Verify a dose program, from the patient page.
  await page.goto(`/patients/${karimi.patientId}`);
  const verify = page.getByRole('button', { name: 'Verify' });
  await tabTo(page, verify);
  await page.keyboard.press('Enter');
  dialog = page.getByRole('dialog', { name: 'Verify dose program' });
  await expect(dialog).toBeVisible();
  await expectFocusStaysIn(page, dialog, 'Shift+Tab', 8);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(verify).toBeFocused();
});

test('every tab stop on every screen shows a focus ring', async ({ page, request }) => {
  test.setTimeout(90_000);
  const okafor = await demoPatient(request, 'Okafor');
  await keyboardSignIn(page, 'physician');
  for (const [what, path] of mainScreens(okafor)) {
    await page.goto(path);
    await expect(page.locator('main h2').first()).toBeVisible();
    await expect(page.locator('.state-loading')).toHaveCount(0);
    const stops = await expectEveryStopVisible(page, what);
    // the skip link, the menu and sign-out, and the screen's own controls
    expect(stops, `${what}: tab stops`).toBeGreaterThan(10);
  }
});
