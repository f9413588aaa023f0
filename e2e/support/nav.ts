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
