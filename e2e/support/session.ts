import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const PASSWORD = 'pumpwatch-demo';
export const USERS = {
  nurse: 'nurse@demo.pumpwatch.local',
  physician: 'physician@demo.pumpwatch.local',
  staff: 'staff@demo.pumpwatch.local',
  admin: 'admin@demo.pumpwatch.local',
} as const;
export type DemoRole = keyof typeof USERS;

/** Signs in through the login form (the real flow) and waits for the role's home screen. */
export async function signIn(page: Page, role: DemoRole): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(USERS[role]);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/**
 * True only under `pnpm screenshots`: the README's pictures are refreshed deliberately, never as a side effect of
 * `pnpm test` (a test run must leave the tracked files, and so `git status`, untouched).
 */
export const SCREENSHOTS_ON = process.env.PUMPWATCH_SCREENSHOTS === '1';

/** docs/screenshots, next to the e2e folder. */
export function screenshotsDir(): string {
  const configFile = test.info().config.configFile ?? path.join(process.cwd(), 'playwright.config.ts');
  return path.resolve(path.dirname(configFile), '../docs/screenshots');
}

/** Full-page screenshot of a main screen for docs/screenshots; does nothing unless `pnpm screenshots` runs. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS_ON) return;
  const shotsDir = screenshotsDir();
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
}
