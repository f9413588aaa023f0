import { expect, type APIRequestContext, type Page } from '@playwright/test';
import axe from 'axe-core';
import { PASSWORD, USERS, type DemoRole } from './session';

/** What axe reports for one rule; only the parts a failure message needs. */
interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** The impacts that block a release: a screen with any of these is not usable for someone. */
const BLOCKING = new Set(['serious', 'critical']);

/** Waits until the screen has finished loading: no spinner left, nothing still fetching in react-query. */
export async function settled(page: Page): Promise<void> {
  await expect(page.locator('.state-loading')).toHaveCount(0, { timeout: 15_000 });
}

/**
 * Runs axe-core (its default rules, WCAG 2.2 AA included) over the whole page — with a dialog open, the dialog
 * and what lies behind it — and fails with every serious or critical violation listed by rule and element.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await settled(page);
  // Injected through the DevTools protocol, so the app's content-security policy does not block it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations: Violation[] = await page.evaluate(async () => {
    const w = window as unknown as { axe: typeof axe };
    const result = await w.axe.run(document, {
      resultTypes: ['violations'],
      // WCAG 2.0–2.2 A and AA plus axe's best practices; target size (2.5.8) is off by default in axe.
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      rules: { 'target-size': { enabled: true } },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target as unknown[], failureSummary: n.failureSummary })),
    }));
  });
  const blocking = violations.filter((v) => v.impact && BLOCKING.has(v.impact));
  const report = blocking
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .slice(0, 8)
          .map((n) => `    ${JSON.stringify(n.target)} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`)
          .join('\n'),
    )
    .join('\n');
  expect.soft(blocking, `${what}: serious or critical accessibility violations\n${report}`).toEqual([]);
}

/** A bearer header for a demo user, for looking up ids through the API. */
export async function apiAuth(request: APIRequestContext, role: DemoRole): Promise<Record<string, string>> {
  const login = await request.post('/api/auth/login', { data: { email: USERS[role], password: PASSWORD } });
  expect(login.ok()).toBeTruthy();
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  return { Authorization: `Bearer ${token}` };
}

/** A demo patient's id and active pump id, found by family name. */
export async function demoPatient(
  request: APIRequestContext,
  familyName: string,
): Promise<{ patientId: string; pumpId: string }> {
  const headers = await apiAuth(request, 'physician');
  const list = (await (await request.get(`/api/patients?search=${familyName}`, { headers })).json()) as {
    items: { id: string; familyName: string }[];
  };
  const patientId = list.items.find((p) => p.familyName === familyName)!.id;
  const detail = (await (await request.get(`/api/patients/${patientId}`, { headers })).json()) as {
    pumps: { id: string }[];
  };
  return { patientId, pumpId: detail.pumps[0]!.id };
}
