import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiAuth, demoPatient } from '../support/a11y';
import { signIn } from '../support/session';

/**
 * Issue 16: dates and times are typed in the clinic's format and read in the clinic's zone, whatever the
 * browser's locale and zone: here a browser in en-US on Los Angeles time, against the demo clinic in
 * Europe/London (day-first), then the same clinic moved to Australia/Sydney (year-first) through the API.
 */
test.use({ locale: 'en-US', timezoneId: 'America/Los_Angeles' });

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The clinic's calendar date `daysAhead` days from now, as [year, month, day]. */
function clinicDate(timeZone: string, daysAhead: number): [number, number, number] {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(Date.now() + daysAhead * DAY_MS)
    .split('-')
    .map(Number);
  return parts as [number, number, number];
}

/** The instant at which the clocks in `timeZone` show that date at hh:00 (found by trying every offset). */
function instantOf(timeZone: string, [y, m, d]: [number, number, number], hour: number): string {
  const want = `${y}-${pad(m)}-${pad(d)} ${pad(hour)}:00`;
  for (let offsetQuarterHours = -56; offsetQuarterHours <= 56; offsetQuarterHours++) {
    const ms = Date.UTC(y, m - 1, d, hour) - offsetQuarterHours * 15 * 60_000;
    const shown = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(ms);
    if (shown === want) return new Date(ms).toISOString();
  }
  throw new Error(`no instant shows ${want} in ${timeZone}`);
}

async function setClinic(request: APIRequestContext, change: { timeZone: string; dateFormat: string }) {
  const headers = await apiAuth(request, 'admin');
  const current = (await (await request.get('/api/clinic-settings', { headers })).json()) as { version: number };
  const res = await request.put('/api/clinic-settings', { headers, data: { ...change, version: current.version } });
  expect(res.status(), await res.text()).toBe(200);
}

/** Records a refill on the patient's pump, typing the lot expiry as given; returns what the API stored. */
async function recordRefill(
  page: Page,
  request: APIRequestContext,
  familyName: string,
  { concentration, volumeMl, lotExpiry }: { concentration: string; volumeMl: string; lotExpiry: string },
) {
  const { pumpId } = await demoPatient(request, familyName);
  await page.goto(`/pumps/${pumpId}/refill`);
  await expect(page.getByRole('heading', { name: /Record refill/ })).toBeVisible();
  await page.getByLabel('Residual withdrawn (mL)').fill('1');
  const expected = (await page.getByTestId('expected-residual').innerText()).replace(/\s*mL$/, '');
  await page.getByLabel('Residual withdrawn (mL)').fill(expected);
  await page.getByLabel('Volume added (mL)').fill(volumeMl);
  await page.getByLabel('Concentration filled').selectOption(concentration);
  await page.getByLabel('Concentration programmed in pump (mcg/mL)').fill(concentration);
  await page.getByLabel('Lot number').fill(`LOT-${familyName}`);
  await page.getByLabel('Lot expiry').fill(lotExpiry);
  await page.getByLabel(/Needle position in the reservoir confirmed/).check();
  await page.getByLabel('Second checker').selectOption({ index: 1 });
  return { pumpId };
}

async function latestRefill(request: APIRequestContext, pumpId: string) {
  const headers = await apiAuth(request, 'nurse');
  const refills = (await (await request.get(`/api/pumps/${pumpId}/refills`, { headers })).json()) as {
    at: string;
    lotNumber: string | null;
    lotExpiry: string | null;
  }[];
  return refills.sort((a, b) => b.at.localeCompare(a.at))[0]!;
}

/**
 * Adds an on-call shift typed as `start`–`end`, waits until the rota shows it as `shown`, and returns the shifts
 * the API stored.
 */
async function addShift(page: Page, request: APIRequestContext, start: string, end: string, shown: RegExp) {
  await page.goto('/on-call');
  const form = page.getByRole('form', { name: 'Add a shift' });
  await form.getByLabel('Clinician').selectOption({ index: 1 });
  await form.getByLabel('Starts').fill(start);
  await form.getByLabel('Ends').fill(end);
  await form.getByRole('button', { name: 'Add shift' }).click();
  await expect(page.getByRole('main')).toContainText(shown);
  const headers = await apiAuth(request, 'admin');
  const from = encodeURIComponent(new Date(Date.now() - DAY_MS).toISOString());
  const to = encodeURIComponent(new Date(Date.now() + 14 * DAY_MS).toISOString());
  return (await (await request.get(`/api/on-call?from=${from}&to=${to}`, { headers })).json()) as {
    id: string;
    startsAt: string;
    endsAt: string;
  }[];
}

test.afterAll(async ({ request }) => {
  // the rest of the suite runs against the demo clinic as seeded
  await setClinic(request, { timeZone: 'Europe/London', dateFormat: 'DD/MM/YYYY' });
});

test('London clinic, day-first: a lot expiry of 03/04/2027 is the 3rd of April; times are London times', async ({
  page,
  request,
}) => {
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/Los_Angeles');
  await signIn(page, 'nurse');
  const { pumpId } = await recordRefill(page, request, 'Brooks', {
    concentration: '500',
    volumeMl: '18',
    lotExpiry: '03/04/2027',
  });
  // the typed date is read back in words, and the refill time carries the clinic's zone beside it
  await expect(page.getByLabel('Lot expiry')).toHaveAccessibleDescription('Sat, 03 Apr 2027');
  await expect(page.getByTestId('time-zone').first()).toHaveText(/^Europe\/London \((GMT|BST)\)$/);
  await expect(page.getByLabel('Refill time')).toHaveValue(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
  await page.getByRole('button', { name: 'Record refill' }).click();
  await expect(page.getByTestId('refill-recorded')).toContainText('Refill recorded');

  const stored = await latestRefill(request, pumpId);
  expect(stored).toMatchObject({ lotNumber: 'LOT-Brooks', lotExpiry: '2027-04-03' });
  expect(Math.abs(Date.parse(stored.at) - Date.now())).toBeLessThan(10 * 60_000);

  // times on the patient's page are London's, named, never the browser's Pacific time
  await page.getByTestId('refill-recorded').getByRole('link', { name: 'Back to patient' }).click();
  const timeline = page.getByRole('list', { name: 'Pump timeline' });
  await expect(timeline).toContainText(/\d{2}:\d{2} (GMT|BST)/);
  await expect(page.getByRole('main')).not.toContainText(/\b(PST|PDT|GMT-[78])\b/);

  // an on-call shift typed as 10:00 starts at 10:00 London time
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'admin');
  const day = clinicDate('Europe/London', 3);
  const typed = `${pad(day[2])}/${pad(day[1])}/${day[0]}`;
  const shifts = await addShift(
    page,
    request,
    `${typed} 10:00`,
    `${typed} 18:00`,
    /10:00 (GMT|BST) – \d{2} \w{3} \d{4}, 18:00 (GMT|BST)/,
  );
  const startsAt = instantOf('Europe/London', day, 10);
  const shift = shifts.find((s) => s.startsAt === startsAt);
  expect(shift, `a shift starting ${startsAt} in ${JSON.stringify(shifts)}`).toBeDefined();
  expect(shift!.endsAt).toBe(instantOf('Europe/London', day, 18));
  const headers = await apiAuth(request, 'admin');
  expect((await request.delete(`/api/on-call/${shift!.id}`, { headers })).ok()).toBe(true);
});

test('the same clinic moved to Sydney, year-first: dates typed as 2027-04-03, times in Sydney time', async ({
  page,
  request,
}) => {
  await setClinic(request, { timeZone: 'Australia/Sydney', dateFormat: 'YYYY-MM-DD' });
  await signIn(page, 'nurse');
  const { pumpId } = await recordRefill(page, request, 'Siddiqui', {
    concentration: '2000',
    volumeMl: '10',
    lotExpiry: '2027-04-03',
  });
  await expect(page.getByLabel('Lot expiry')).toHaveAccessibleDescription('Sat, 03 Apr 2027');
  await expect(page.getByTestId('time-zone').first()).toHaveText(/^Australia\/Sydney \(GMT\+1[01]\)$/);
  await expect(page.getByLabel('Refill time')).toHaveValue(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  // a day-first date is not guessed at in a year-first clinic
  await page.getByLabel('Lot expiry').fill('03/04/2027');
  await expect(page.getByLabel('Lot expiry')).toHaveAccessibleDescription('Date as YYYY-MM-DD');
  await page.getByRole('button', { name: 'Record refill' }).click();
  await expect(page.getByText(/Enter the expiry date/).first()).toBeVisible();
  await expect(page.getByTestId('refill-recorded')).toHaveCount(0);
  await page.getByLabel('Lot expiry').fill('2027-04-03');
  await page.getByRole('button', { name: 'Record refill' }).click();
  await expect(page.getByTestId('refill-recorded')).toContainText('Refill recorded');
  expect(await latestRefill(request, pumpId)).toMatchObject({ lotNumber: 'LOT-Siddiqui', lotExpiry: '2027-04-03' });

  await page.getByTestId('refill-recorded').getByRole('link', { name: 'Back to patient' }).click();
  await expect(page.getByRole('list', { name: 'Pump timeline' })).toContainText(/\d{2}:\d{2} GMT\+1[01]/);
  await expect(page.getByRole('main')).not.toContainText(/\b(PST|PDT|GMT-[78])\b/);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'admin');
  const day = clinicDate('Australia/Sydney', 3);
  const typed = `${day[0]}-${pad(day[1])}-${pad(day[2])}`;
  const shifts = await addShift(
    page,
    request,
    `${typed} 10:00`,
    `${typed} 18:00`,
    /10:00 GMT\+1[01] – \d{2} \w{3} \d{4}, 18:00 GMT\+1[01]/,
  );
  const shift = shifts.find((s) => s.startsAt === instantOf('Australia/Sydney', day, 10));
  expect(shift, JSON.stringify(shifts)).toBeDefined();
  const headers = await apiAuth(request, 'admin');
  expect((await request.delete(`/api/on-call/${shift!.id}`, { headers })).ok()).toBe(true);
});
