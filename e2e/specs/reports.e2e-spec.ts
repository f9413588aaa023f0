import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { PASSWORD, USERS, screenshot, signIn } from '../support/session';

/** Patient id of a demo MRN, through the API as the physician (the printouts are reached by id). */
async function patientByMrn(request: APIRequestContext, mrn: string): Promise<{ id: string; pumpId: string }> {
  const login = await request.post('/api/auth/login', { data: { email: USERS.physician, password: PASSWORD } });
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  const headers = { Authorization: `Bearer ${token}` };
  const list = (await (await request.get(`/api/patients?search=${mrn}`, { headers })).json()) as {
    items: { id: string; mrn: string }[];
  };
  const id = list.items.find((p) => p.mrn === mrn)!.id;
  const detail = (await (await request.get(`/api/patients/${id}`, { headers })).json()) as { pumps: { id: string }[] };
  return { id, pumpId: detail.pumps[0]!.id };
}

/** Renders the current page to PDF in Chromium with its print CSS; returns the bytes. */
async function printToPdf(page: Page): Promise<Buffer> {
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  return pdf;
}

test('the quality page shows the indicators and charts over the demo clinic', async ({ page }) => {
  await signIn(page, 'physician');
  await page.getByRole('link', { name: 'Quality' }).click();
  await expect(page.getByRole('heading', { name: 'Quality' })).toBeVisible();
  const tiles = page.getByTestId('quality-tiles');
  await expect(tiles).toContainText('On or before due date', { timeout: 15_000 });
  await expect(tiles).toContainText('Before alarm date');
  await expect(tiles).toContainText(/\d+(\.\d)? %/);
  for (const id of ['chart-refills', 'chart-alarms']) {
    await expect(page.getByTestId(id).locator('.recharts-surface').first()).toBeVisible();
  }
  // bars drawn for the seeded refills and alarms
  await expect(page.getByTestId('chart-refills').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(page.getByTestId('chart-alarms').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await screenshot(page, 'metrics');
});

test('front-desk staff see the quality page too', async ({ page }) => {
  await signIn(page, 'staff');
  await page.goto('/quality');
  // the first metrics request after start-up can wait behind the initial alarm sweep
  await expect(page.getByTestId('quality-tiles')).toContainText('Discrepancy rate', { timeout: 15_000 });
});

test('the emergency card renders for print and as a two-sided A6 PDF with the warning text', async ({
  page,
  request,
}) => {
  // DEMO-013 (Chen Wei): no other spec changes this patient's dose or pump
  const chen = await patientByMrn(request, 'DEMO-013');
  await signIn(page, 'nurse');
  await page.goto(`/print/emergency-card/${chen.id}`);
  const card = page.locator('.emergency-card');
  await expect(page.getByTestId('never-stop')).toHaveText('Never stop baclofen abruptly');
  await expect(card).toContainText('SynchroMed II');
  await expect(card).toContainText('1,000 mcg/mL');
  await expect(card).toContainText('200 mcg/day');
  await expect(card).toContainText('+44 20 7946 0999');
  await expect(card).toContainText('Withdrawal warning signs');
  await expect(card).toContainText('emergency department');
  await screenshot(page, 'emergency-card');

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print emergency card' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  const pdf = await printToPdf(page);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // front and back, each one A6 page (105 × 148 mm ≈ 298 × 420 pt), printed double-sided
  const text = pdf.toString('latin1');
  expect(text.match(/\/Type\s*\/Page(?!s)/g)).toHaveLength(2);
  const boxes = text.match(/\/MediaBox \[[^\]]*\]/g) ?? [];
  expect(boxes.length).toBeGreaterThan(0);
  for (const box of boxes) expect(box).toMatch(/^\/MediaBox \[0 0 29[78](\.\d+)? 4(19|20)(\.\d+)?\]$/);
});

test('the refill sheet renders on A4 with the expected residual and two signature lines', async ({ page, request }) => {
  const grace = await patientByMrn(request, 'DEMO-005');
  await signIn(page, 'nurse');
  await page.goto(`/print/refill-sheet/${grace.pumpId}`);
  await expect(page.getByRole('heading', { name: 'Intrathecal baclofen refill sheet' })).toBeVisible();
  await expect(page.getByTestId('sheet-expected-residual')).toContainText(/\d+(\.\d+)? mL/);
  await expect(page.locator('.refill-sheet')).toContainText('DEMO-005');
  await expect(page.locator('.signature')).toHaveCount(2);
  await expect(page.locator('.refill-sheet')).toContainText('Second checker');
  await expect(page.locator('.refill-sheet')).toContainText('Needle position');

  const pdf = await printToPdf(page);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // A4 named page(s): 210 × 297 mm ≈ 595 × 842 pt
  const boxes = pdf.toString('latin1').match(/\/MediaBox \[[^\]]*\]/g) ?? [];
  expect(boxes.length).toBeGreaterThan(0);
  for (const box of boxes) expect(box).toMatch(/^\/MediaBox \[0 0 59[45](\.\d+)? 841(\.\d+)?\]$/);
});
