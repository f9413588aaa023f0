import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The patient's link once the search for `familyName` has answered: the results are that one patient and the
 * table is no longer busy. Until then the list still shows the previous rows (the unfiltered first page holds
 * the patient too), and a row the search then removes takes the focus or the click with it (a keyboard test
 * lost its focus that way on a loaded machine).
 */
export async function searchedPatientLink(page: Page, familyName: string): Promise<Locator> {
  const name = new RegExp(`^${familyName},`);
  await expect(page).toHaveURL(new RegExp(`[?&]search=${familyName}(&|$)`));
  await expect(page.getByRole('table').getByRole('link')).toHaveText([name]);
  await expect(page.getByRole('table')).toHaveAttribute('aria-busy', 'false');
  return page.getByRole('link', { name });
}

/** Opens a demo patient's page through the patient search. */
export async function openPatient(page: Page, familyName: string): Promise<void> {
  await page.getByRole('link', { name: 'Patients' }).click();
  await page.getByLabel('Search by name or MRN').fill(familyName);
  const link = await searchedPatientLink(page, familyName);
  await link.click();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^${familyName},`) })).toBeVisible();
}

/**
 * Every main screen of the app as [name, address], the patient page and pump forms being those of `patient`
 * (a demo patient from demoPatient): what the accessibility, tablet and keyboard specs walk through.
 */
export function mainScreens(patient: { patientId: string; pumpId: string }): [string, string][] {
  return [
    ['alarm board', '/alarms'],
    ['refill worklist', '/worklist'],
    ['patients', '/patients'],
    ['patient page', `/patients/${patient.patientId}`],
    ['refill form', `/pumps/${patient.pumpId}/refill`],
    ['dose form', `/pumps/${patient.pumpId}/dose`],
    ['triage call', '/triage'],
    ['import', '/import'],
    ['quality', '/quality'],
    ['on call', '/on-call'],
    ['my notification settings', '/me/notifications'],
  ];
}
