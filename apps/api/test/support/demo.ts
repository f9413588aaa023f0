import type { TestApp } from './test-app';

export const DEMO_ROLES = ['nurse', 'physician', 'staff', 'admin'] as const;

/** Signs in each demo user of the seeded clinic over HTTP; returns their access tokens by role. */
export async function signInDemoUsers(t: TestApp): Promise<Record<(typeof DEMO_ROLES)[number], string>> {
  const tokens = {} as Record<(typeof DEMO_ROLES)[number], string>;
  for (const role of DEMO_ROLES) {
    const res = await t.http
      .post('/api/auth/login')
      .send({ email: `${role}@demo.pumpwatch.local`, password: 'pumpwatch-demo' })
      .expect(200);
    tokens[role] = res.body.accessToken as string;
  }
  return tokens;
}
