import { expect, type Locator, type Page } from '@playwright/test';

/** The focused element as a short description, with what its focus ring looks like. */
interface FocusInfo {
  what: string;
  focusVisible: boolean;
  outlineStyle: string;
  outlineWidthPx: number;
  /** Contrast of the ring's colour against the background it is drawn on (WCAG non-text contrast wants 3:1). */
  ringContrast: number;
}

async function focusInfo(page: Page): Promise<FocusInfo | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const rgb = (css: string) => {
      const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
      return { r, g, b, a: css.startsWith('rgba') ? a : 1 };
    };
    const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
      const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    // the ring is drawn outside the element (offset), over the first ancestor that paints a background
    let behind = { r: 255, g: 255, b: 255, a: 1 };
    for (let p = el.parentElement; p; p = p.parentElement) {
      const bg = rgb(getComputedStyle(p).backgroundColor);
      if (bg.a > 0) {
        behind = bg;
        break;
      }
    }
    const [hi, lo] = [luminance(rgb(style.outlineColor)), luminance(behind)].sort((a, b) => b - a) as [number, number];
    const name = (el.getAttribute('aria-label') ?? el.textContent ?? el.getAttribute('name') ?? '').trim();
    return {
      what: `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}> ${name.slice(0, 60)}`,
      focusVisible: el.matches(':focus-visible'),
      outlineStyle: style.outlineStyle,
      outlineWidthPx: parseFloat(style.outlineWidth) || 0,
      ringContrast: (hi + 0.05) / (lo + 0.05),
    };
  });
}

/**
 * The element with keyboard focus shows a focus ring: :focus-visible matches and draws an outline of at least
 * 2 px with 3:1 contrast against what is behind it.
 */
export async function expectFocusVisible(page: Page, where: string): Promise<void> {
  const info = await focusInfo(page);
  expect(info, `${where}: something has focus`).not.toBeNull();
  const ok = info!.focusVisible && info!.outlineStyle !== 'none' && info!.outlineWidthPx >= 2;
  expect(
    ok,
    `${where}: ${info!.what} shows no focus ring (outline ${info!.outlineStyle} ${info!.outlineWidthPx}px)`,
  ).toBe(true);
  expect(
    info!.ringContrast,
    `${where}: the focus ring of ${info!.what} is too faint (${info!.ringContrast.toFixed(2)}:1)`,
  ).toBeGreaterThanOrEqual(3);
}

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

/**
 * Presses Tab (or Shift+Tab) until `target` has focus, checking the focus ring at every stop on the way;
 * fails when it is not reached within `maxStops` presses.
 */
export async function tabTo(page: Page, target: Locator, { back = false, maxStops = 120 } = {}): Promise<void> {
  await expect(target).toBeVisible();
  for (let i = 0; i <= maxStops; i++) {
    if (await isFocused(target)) {
      await expectFocusVisible(page, 'tabbing');
      return;
    }
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    // past the last element focus leaves the page for the browser's own controls, and comes round again
    if (await page.evaluate(() => document.activeElement === document.body)) continue;
    await expectFocusVisible(page, 'tabbing');
  }
  throw new Error(`not reached with ${back ? 'Shift+Tab' : 'Tab'} in ${maxStops} stops: ${target.toString()}`);
}

/** With a <select> focused, presses ArrowDown until it holds `value` (a closed select changes on arrows). */
export async function arrowSelect(page: Page, select: Locator, value: string, maxPresses = 20): Promise<void> {
  await expect(select).toBeFocused();
  for (let i = 0; i < maxPresses; i++) {
    if ((await select.inputValue()) === value) return;
    await page.keyboard.press('ArrowDown');
  }
  await expect(select).toHaveValue(value);
}

/**
 * Tabs from the top of the page through up to `maxStops` stops (or until focus comes round again), and checks
 * that each one shows a focus ring. Returns how many distinct stops were seen.
 */
export async function expectEveryStopVisible(page: Page, where: string, maxStops = 80): Promise<number> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const seen = new Set<string>();
  // one press more than stops: the first may land on the page itself rather than on its first control
  for (let i = 0; i <= maxStops; i++) {
    await page.keyboard.press('Tab');
    const key = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return '';
      if (!el.hasAttribute('data-kb-stop')) el.setAttribute('data-kb-stop', String(Math.random()));
      return el.getAttribute('data-kb-stop')!;
    });
    // focus may first sit on the page itself; once it leaves the page again, the round is complete
    if (!key && seen.size === 0) continue;
    if (!key || seen.has(key)) break;
    seen.add(key);
    await expectFocusVisible(page, where);
  }
  return seen.size;
}

/** Presses `key` `times` times and checks after each press that focus is still inside `container`. */
export async function expectFocusStaysIn(page: Page, container: Locator, key: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await page.keyboard.press(key);
    expect(
      await container.evaluate((el) => el.contains(document.activeElement)),
      `${key} #${i + 1} left the dialog`,
    ).toBe(true);
    await expectFocusVisible(page, `dialog after ${key} #${i + 1}`);
  }
}
