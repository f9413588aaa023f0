import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { PASSWORD, USERS, screenshot, signIn } from '../support/session';

interface DemoPatient {
  id: string;
  pumpId: string;
  headers: Record<string, string>;
}

/** Patient id of a demo MRN, through the API as the physician (the printouts are reached by id). */
async function patientByMrn(request: APIRequestContext, mrn: string): Promise<DemoPatient> {
  const login = await request.post('/api/auth/login', { data: { email: USERS.physician, password: PASSWORD } });
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  const headers = { Authorization: `Bearer ${token}` };
  const list = (await (await request.get(`/api/patients?search=${mrn}`, { headers })).json()) as {
    items: { id: string; mrn: string }[];
  };
  const id = list.items.find((p) => p.mrn === mrn)!.id;
  const detail = (await (await request.get(`/api/patients/${id}`, { headers })).json()) as { pumps: { id: string }[] };
  return { id, pumpId: detail.pumps[0]!.id, headers };
}

/** Renders the current page to PDF in Chromium with its print CSS; returns the bytes. */
async function printToPdf(page: Page): Promise<Buffer> {
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  return pdf;
}

/** Pages of a PDF: its page objects (`/Type /Page`, not the `/Type /Pages` tree nodes). */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;
}

/** CSS px per mm (96 px per inch). */
const PX_PER_MM = 96 / 25.4;
/** The card's page box (A6) less its 5 mm margins, in CSS px: what one side of the card must fit in. */
const A6_CONTENT = { width: 95 * PX_PER_MM, height: 138 * PX_PER_MM };

/**
 * Lays the page out for print at the width of the paper's content box and returns each `selector` box's height
 * (CSS px). Chromium prints the same layout, so a box no taller than the page's content box prints on one page.
 */
async function printHeights(page: Page, widthPx: number, selector: string): Promise<number[]> {
  const before = page.viewportSize()!;
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: Math.floor(widthPx), height: before.height });
  const heights = await page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
  await page.setViewportSize(before);
  await page.emulateMedia({ media: 'screen' });
  return heights;
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
  await expect(card).toContainText('200 mcg/day');
  await expect(card).toContainText('+44 20 7946 0999');
  await expect(card).toContainText('Withdrawal warning signs');
  await expect(card).toContainText('emergency department');
  // the library name states the concentration already ("Lioresal Intrathecal 1000 mcg/mL (diluted)"): once
  await expect(page.getByTestId('card-drug')).toHaveText('Lioresal Intrathecal 1000 mcg/mL (diluted)');
  await expect(page.getByTestId('card-drug').locator('strong')).toHaveText('1000 mcg/mL');
  // booked before the due date: nothing overdue
  await expect(page.getByTestId('card-overdue')).toHaveCount(0);
  await screenshot(page, 'emergency-card');

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print emergency card' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  const pdf = await printToPdf(page);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // front and back, each one A6 page (105 × 148 mm ≈ 298 × 420 pt), printed double-sided
  expect(pdfPages(pdf)).toBe(2);
  const boxes = pdf.toString('latin1').match(/\/MediaBox \[[^\]]*\]/g) ?? [];
  expect(boxes.length).toBeGreaterThan(0);
  for (const box of boxes) expect(box).toMatch(/^\/MediaBox \[0 0 29[78](\.\d+)? 4(19|20)(\.\d+)?\]$/);
});

test('the emergency card keeps each side on its own A6 page, with the oral backup plan and no section split', async ({
  page,
  request,
}) => {
  // the longest back there is: the oral backup plan with notes and both cautions (kidneys, sedatives)
  const chen = await patientByMrn(request, 'DEMO-013');
  const original = (await (await request.get(`/api/patients/${chen.id}`, { headers: chen.headers })).json()) as {
    version: number;
    riskFactors: string[];
    oralBackupPlan: unknown;
  };
  const patch = async (data: Record<string, unknown>) => {
    const res = await request.patch(`/api/patients/${chen.id}`, { headers: chen.headers, data });
    expect(res.status(), await res.text()).toBe(200);
    return ((await res.json()) as { version: number }).version;
  };
  await patch({
    version: original.version,
    riskFactors: ['RENAL_IMPAIRMENT', 'CNS_DEPRESSANTS'],
    oralBackupPlan: { doseMg: 10, timesPerDay: 3, notes: 'until seen in the emergency department' },
  });
  try {
    await signIn(page, 'nurse');
    await page.goto(`/print/emergency-card/${chen.id}`);
    const back = page.locator('.card-back');
    await expect(page.getByTestId('card-oral-backup')).toContainText('10 mg of baclofen by mouth, 3 times a day');
    await expect(page.getByTestId('card-oral-backup')).toContainText('Kidney problems');
    await expect(page.getByTestId('card-oral-backup')).toContainText('sedating medicines');

    // "Too much baclofen" looks like the other sections: same heading size, same text size as the signs
    const sizes = await back.evaluate((el) => {
      const size = (q: string) => [...el.querySelectorAll(q)].map((e) => getComputedStyle(e).fontSize);
      return { headings: size('h3'), text: size('section li, section p') };
    });
    expect(sizes.headings.length).toBeGreaterThanOrEqual(4);
    expect(new Set(sizes.headings).size).toBe(1);
    expect(new Set(sizes.text).size).toBe(1);
    await expect(back.getByRole('heading', { name: 'Too much baclofen' })).toBeVisible();

    // on paper: the back starts a page of its own and no section may be cut across pages
    await page.emulateMedia({ media: 'print' });
    expect(await back.evaluate((el) => getComputedStyle(el).breakBefore)).toBe('page');
    const sections = await page
      .locator('.emergency-card section')
      .evaluateAll((els) => els.map((e) => getComputedStyle(e).breakInside));
    expect(sections.length).toBe(4);
    expect(new Set(sections)).toEqual(new Set(['avoid']));
    await page.emulateMedia({ media: 'screen' });
    // each side fits its A6 page: the back (with "What to do" and the plan) never spills onto a third one
    const [front, backHeight] = await printHeights(page, A6_CONTENT.width, '.card-side');
    expect(front).toBeLessThanOrEqual(A6_CONTENT.height);
    expect(backHeight).toBeLessThanOrEqual(A6_CONTENT.height);
    expect(pdfPages(await printToPdf(page))).toBe(2);
  } finally {
    const now = (await (await request.get(`/api/patients/${chen.id}`, { headers: chen.headers })).json()) as {
      version: number;
    };
    await patch({
      version: now.version,
      riskFactors: original.riskFactors,
      oralBackupPlan: original.oralBackupPlan,
    });
  }
});

test('the emergency card says OVERDUE since the due date once it has passed', async ({ page, request }) => {
  // DEMO-005 (Grace Liu): refill overdue, not booked
  const grace = await patientByMrn(request, 'DEMO-005');
  const card = (await (
    await request.get(`/api/reports/emergency-card/${grace.id}`, { headers: grace.headers })
  ).json()) as { pumps: { refillDueDate: string; overdueSince: string | null }[] };
  expect(card.pumps[0]!.overdueSince).toBe(card.pumps[0]!.refillDueDate);
  await signIn(page, 'nurse');
  await page.goto(`/print/emergency-card/${grace.id}`);
  const overdue = page.getByTestId('card-overdue');
  await expect(overdue).toHaveText(/^OVERDUE since \w{3}, \d{2} \w{3,4} \d{4}/);
  await expect(overdue).toContainText(formatDay(card.pumps[0]!.refillDueDate));
  // not booked: the card tells the patient to call
  await expect(page.locator('.card-facts')).toContainText('not booked: call the clinic');
  // the library name states 500 mcg/mL: printed once
  await expect(page.getByTestId('card-drug')).toHaveText('Lioresal Intrathecal 500 mcg/mL');
  expect(pdfPages(await printToPdf(page))).toBe(2);
});

/** "Sun, 29 Nov 2026": the card's date format (en-GB, clinic-local date). */
function formatDay(date: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: '2-digit',
    month: 'short',
    year: 'numeric',
  }).format(new Date(`${date}T12:00:00Z`));
}

/** A4 less the sheet's 12 mm margins, in CSS px. */
const A4_CONTENT = { width: 186 * PX_PER_MM, height: 273 * PX_PER_MM };

// DEMO-005: overdue, simple program; DEMO-015: an unverified dose change (the warning line);
// DEMO-018: flex steps, patient boluses and a catheter (the longest program and pump blocks).
for (const mrn of ['DEMO-005', 'DEMO-015', 'DEMO-018']) {
  test(`the refill sheet of ${mrn} fits on one A4 page with the expected residual and both signature lines`, async ({
    page,
    request,
  }) => {
    const patient = await patientByMrn(request, mrn);
    await signIn(page, 'nurse');
    await page.goto(`/print/refill-sheet/${patient.pumpId}`);
    await expect(page.getByRole('heading', { name: 'Intrathecal baclofen refill sheet' })).toBeVisible();
    await expect(page.getByTestId('sheet-expected-residual')).toContainText(/\d+(\.\d+)? mL/);
    await expect(page.locator('.refill-sheet')).toContainText(mrn);
    await expect(page.locator('.signature')).toHaveCount(2);
    await expect(page.locator('.refill-sheet')).toContainText('Second checker');
    await expect(page.locator('.refill-sheet')).toContainText('Needle position');
    // the concentration once, in bold, whether or not the drug's name states it
    await expect(page.getByTestId('sheet-drug').locator('strong')).toHaveText(/^[\d,]+ mcg\/mL$/);
    expect((await page.getByTestId('sheet-drug').innerText()).match(/mcg\/mL/g)).toHaveLength(1);

    const [height] = await printHeights(page, A4_CONTENT.width, '.refill-sheet');
    expect(height).toBeLessThanOrEqual(A4_CONTENT.height);
    const pdf = await printToPdf(page);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // one A4 page (210 × 297 mm ≈ 595 × 842 pt): the signatures stay with the sheet they sign
    expect(pdfPages(pdf)).toBe(1);
    const boxes = pdf.toString('latin1').match(/\/MediaBox \[[^\]]*\]/g) ?? [];
    expect(boxes.length).toBeGreaterThan(0);
    for (const box of boxes) expect(box).toMatch(/^\/MediaBox \[0 0 59[45](\.\d+)? 841(\.\d+)?\]$/);
  });
}
