import { expect, test } from '@playwright/test';
import { screenshot, signIn } from '../support/session';

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
/** Day first, as a European clinic's spreadsheet writes it. */
const dmy = (daysFromNow: number, time = '') => {
  const d = new Date(Date.now() + daysFromNow * DAY_MS);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}${time ? ` ${time}` : ''}`;
};

/** A clinic's `;` export: two pumps long overdue, one fine with its next refill booked, one row with a unit error. */
function clinicSpreadsheet(tag: string): Buffer {
  // the clinic's own header words: matched ignoring case, spaces, _ and -; "Ward" is not an import column
  const header =
    'MRN;Family name;Given name;Birth date;Spasticity origin;Risk factors;Pump model;Pump serial;' +
    'Reservoir capacity ml;Implanted on;Last refill at;Volume after refill ml;Concentration mcg per ml;' +
    'Daily dose mcg;Next appointment at;Ward';
  const rows = [
    [
      `E2E-${tag}-1`,
      'Overdueson',
      'Olga',
      '12/04/1968',
      'spinal',
      '',
      'SynchroMed II',
      `E2E-${tag}-A`,
      '20',
      dmy(-1100),
      dmy(-200, '10:30'),
      '20',
      '1000 mcg/mL',
      '300',
      '',
      '3B',
    ],
    [
      `E2E-${tag}-2`,
      'Latecombe',
      'Lars',
      '01/12/1975',
      'cerebral',
      'LIVES_FAR',
      'Prometra II',
      `E2E-${tag}-B`,
      '20',
      dmy(-900),
      dmy(-150),
      '19,5',
      '1000',
      '250 mcg/day',
      '',
      '3B',
    ],
    [
      `E2E-${tag}-3`,
      'Punctual',
      'Pia',
      '23/07/1990',
      'spinal',
      '',
      'SynchroMed II',
      `E2E-${tag}-C`,
      '40',
      dmy(-400),
      dmy(-5, '09:00'),
      '40',
      '1000',
      '200',
      dmy(20, '09:30'),
      '4A',
    ],
    [
      `E2E-${tag}-4`,
      'Unitwrong',
      'Uma',
      '02/02/1980',
      'spinal',
      '',
      'SynchroMed II',
      `E2E-${tag}-D`,
      '20',
      dmy(-300),
      dmy(-10),
      '20',
      '1 mg/mL',
      '150',
      '',
      '4A',
    ],
  ];
  return Buffer.from([header, ...rows.map((r) => r.join(';'))].join('\r\n') + '\r\n');
}

test('a physician imports the clinic spreadsheet and finds its overdue patients on the board', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  const tag = Date.now().toString(36);
  await signIn(page, 'physician');
  await page.getByRole('link', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { name: 'Import' })).toBeVisible();

  await page.getByLabel('Spreadsheet file').setInputFiles({
    name: 'clinic-pumps.csv',
    mimeType: 'text/csv',
    buffer: clinicSpreadsheet(tag),
  });
  await page.getByLabel('Date order').selectOption('DMY');
  await page.getByRole('button', { name: 'Check file' }).click();

  // The dry run: nothing stored yet; the bad row with its reason, the warning, and what the board will show.
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('4 rows: 3 valid rows, 1 row with errors');
  const bad = page.getByTestId('import-errors').getByRole('row').nth(1);
  await expect(bad).toContainText('concentration_mcg_per_ml');
  await expect(bad).toContainText('UNIT_MISMATCH');
  await expect(page.getByTestId('import-warnings')).toContainText('Ward');
  await expect(page.getByTestId('import-overdue')).toContainText('2 pumps will be overdue on import');
  await screenshot(page, 'import-check');

  await page.getByRole('button', { name: 'Import the 3 valid rows (leave out 1)' }).click();
  const done = page.getByTestId('import-done');
  await expect(done).toContainText('3 new pumps');
  await done.getByRole('link', { name: 'Go to the alarm board' }).click();

  await page.getByLabel('Alarm', { exact: true }).selectOption('REFILL_OVERDUE');
  const overdue = page.locator('[data-testid="alarm-row"][data-code="REFILL_OVERDUE"]');
  await expect(overdue.filter({ hasText: 'Overdueson' })).toHaveCount(1);
  await expect(overdue.filter({ hasText: 'Latecombe' })).toHaveCount(1);
  await expect(overdue.filter({ hasText: 'Punctual' })).toHaveCount(0);
});
