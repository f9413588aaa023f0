import { FixedClock } from '../../src/common/clock/clock';
import { ensureDrugLibrary } from './clinic-fixtures';
import { DEMO_ROLES, signInDemoUsers } from './demo';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app';
import { createTestUsers, type TestUsers } from './users';

/**
 * The set-up the HTTP specs share, registered on the enclosing describe (or the file): before its tests, the real
 * app on a database of its own with one signed-in user per role (support/users.ts) and, when asked, the clinic's
 * standard drug library; after them, the app closed and its database dropped. `started` receives the app and the
 * users (the spec assigns them to its `t` and `u`) and may do the spec's own set-up.
 */
export function useTestApp(
  opts: TestAppOptions & {
    /** Create the standard strengths (support/clinic-fixtures.ts STANDARD_DRUGS) before `started`. */
    drugLibrary?: boolean;
  },
  started: (app: { t: TestApp; u: TestUsers }) => unknown,
): void {
  let t: TestApp | undefined;
  beforeAll(async () => {
    t = await startTestApp(opts);
    const u = await createTestUsers(t);
    if (opts.drugLibrary) await ensureDrugLibrary(t, u);
    await started({ t, u });
  });
  afterAll(() => t?.close());
}

export type DemoRole = (typeof DEMO_ROLES)[number];

/**
 * The same for the seeded demo clinic with its clock fixed at `at`: its four users signed in. Returns `as(role)`,
 * the Authorization header of each (usable once the tests run).
 */
export function useDemoApp(
  opts: { at: string; env?: Record<string, string> },
  started: (t: TestApp) => unknown,
): { as(role: DemoRole | string): { Authorization: string } } {
  let t: TestApp | undefined;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp({ seed: 'demo', clock: new FixedClock(new Date(opts.at)), env: opts.env });
    Object.assign(tokens, await signInDemoUsers(t));
    await started(t);
  });
  afterAll(() => t?.close());
  return { as: (role) => ({ Authorization: `Bearer ${tokens[role]}` }) };
}
