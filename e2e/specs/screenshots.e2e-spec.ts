import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SCREENSHOTS_ON, screenshot, screenshotsDir } from '../support/session';

/** Name → modification time of every file in docs/screenshots (empty when the folder does not exist). */
function listing(dir: string): Record<string, number> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return {};
  }
  return Object.fromEntries(names.map((n) => [n, statSync(path.join(dir, n)).mtimeMs]));
}

// The README's pictures are tracked files: `pnpm test` must leave them (and `git status`) as they were, and only
// `pnpm screenshots` (PUMPWATCH_SCREENSHOTS=1) may rewrite them.
test('the screenshot helper writes into docs/screenshots only under `pnpm screenshots`', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByLabel('Email')).toBeVisible();
  const dir = screenshotsDir();
  const before = listing(dir);
  const startedAt = Date.now();
  await screenshot(page, 'login');
  const after = listing(dir);
  if (SCREENSHOTS_ON) {
    expect(after['login.png']).toBeGreaterThanOrEqual(startedAt - 1000);
  } else {
    expect(after).toEqual(before);
  }
});

test("the README's screen table shows every picture in docs/screenshots, and each one it shows exists", () => {
  const dir = screenshotsDir();
  const readme = readFileSync(path.resolve(dir, '../../README.md'), 'utf8');
  const shown = [...readme.matchAll(/\]\(docs\/screenshots\/([^)]+\.png)\)/g)].map((m) => m[1]!).sort();
  const files = readdirSync(dir)
    .filter((n) => n.endsWith('.png'))
    .sort();
  expect(shown.length).toBeGreaterThan(0);
  expect([...new Set(shown)]).toEqual(files);
});
