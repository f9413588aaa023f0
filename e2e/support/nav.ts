import { expect, type Page } from '@playwright/test';

/** Opens a demo patient's page through the patient search. */
export async function openPatient(page: Page, familyName: string): Promise<void> {
  await page.getByRole('link', { name: 'Patients' }).click();
  await page.getByLabel('Search by name or MRN').fill(familyName);
  const link = page.getByRole('link', { name: new RegExp(`^${familyName},`) });
  await expect(link).toHaveCount(1);
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
