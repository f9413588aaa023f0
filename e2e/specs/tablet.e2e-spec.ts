import { expect, test, type Page } from '@playwright/test';
import { demoPatient, expectAccessible } from '../support/a11y';
import { mainScreens } from '../support/nav';
import { screenshot, signIn, type DemoRole } from '../support/session';

/**
 * Issue 16: every screen usable on a nurse's tablet at the chair side (768 × 1024, portrait): the page never
 * scrolls sideways; wide tables scroll inside their own box or fold into rows.
 */
test.use({ viewport: { width: 768, height: 1024 } });

const TABLET_WIDTH_PX = 768;

/** How far the page is wider than the screen, and what sticks out (for the failure message). */
async function overflow(page: Page): Promise<{ scrollWidth: number; culprits: string[] }> {
  return page.evaluate((width) => {
    const culprits: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && r.width > 0) {
        // report the outermost element that sticks out, not all its children
        if (!el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 1) {
          culprits.push(`${el.tagName.toLowerCase()}.${el.className} (right ${Math.round(r.right)})`);
        }
      }
    }
    return { scrollWidth: document.scrollingElement!.scrollWidth, culprits: culprits.slice(0, 10) };
  }, TABLET_WIDTH_PX);
}

async function expectNoSideways(page: Page, what: string): Promise<void> {
  await expect(page.locator('.state-loading')).toHaveCount(0);
  const o = await overflow(page);
  expect
    .soft(o.scrollWidth, `${what}: the page scrolls sideways; sticking out: ${o.culprits.join(', ')}`)
    .toBeLessThanOrEqual(TABLET_WIDTH_PX);
}

async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator('main h2, main [role="alert"]').first()).toBeVisible();
}

for (const role of ['nurse', 'physician', 'staff', 'admin'] as DemoRole[]) {
  test(`every screen fits a 768 px tablet for the ${role}`, async ({ page, request }) => {
    test.setTimeout(90_000);
    const okafor = await demoPatient(request, 'Okafor');
    await signIn(page, role);
    await expectNoSideways(page, `${role}: home`);
    for (const [what, path] of mainScreens(okafor)) {
      await visit(page, path);
      await expectNoSideways(page, `${role}: ${what}`);
      // the README's tablet pictures (only under `pnpm screenshots`)
      if (role === 'nurse' && (what === 'refill worklist' || what === 'refill form')) {
        await screenshot(page, `tablet-${what.replace(' ', '-')}`);
      }
      // folded for the tablet, still no serious accessibility problem (targets, contrast, names)
      await expectAccessible(page, `${role}: ${what} at 768 px`);
    }
  });
}

test('on a tablet the alarm actions, the dialogs and the import report stay on screen', async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, 'nurse');
  // the board folds its columns: every row's actions are on screen, not scrolled out of view
  await visit(page, '/alarms');
  const firstRow = page.getByTestId('alarm-row').first();
  for (const button of await firstRow.getByRole('button').all()) {
    const box = (await button.boundingBox())!;
    expect(box.x + box.width, `${await button.innerText()} is on screen`).toBeLessThanOrEqual(TABLET_WIDTH_PX);
  }
  await expect(page.getByRole('region', { name: 'Alarms' })).toHaveJSProperty('scrollLeft', 0);
  expect(
    await page.getByRole('region', { name: 'Alarms' }).evaluate((el) => el.scrollWidth <= el.clientWidth),
    'the alarm list has nothing to scroll sideways',
  ).toBe(true);
  await firstRow.getByRole('button', { name: /^Snooze/ }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoSideways(page, 'snooze dialog');
  await page.keyboard.press('Escape');

  await visit(page, '/worklist');
  await page
    .getByRole('button', { name: /book refill for/ })
    .first()
    .click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoSideways(page, 'booking dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'physician');
  await visit(page, '/import');
  const csv =
    'MRN;Family name;Given name;Birth date;Spasticity origin;Pump model;Pump serial;Reservoir capacity ml;' +
    'Implanted on;Last refill at;Volume after refill ml;Concentration mcg per ml;Daily dose mcg;Ward\r\n' +
    'TAB-1;Tabletson-Averyverylongfamilyname;Tess;1970-01-01;spinal;SynchroMed II;TAB-SERIAL-0000000001;20;' +
    '2024-01-01;2026-01-01;20;1 mg/mL;150;3B\r\n';
  await page.getByLabel('Spreadsheet file').setInputFiles({
    name: 'tablet.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.getByRole('button', { name: 'Check file' }).click();
  await expect(page.getByTestId('import-report')).toBeVisible();
  await expectNoSideways(page, 'import check report');
});
