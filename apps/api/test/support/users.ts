import type { Role } from '@pumpwatch/contracts';
import { UsersService } from '../../src/modules/users/users.service';
import type { TestApp } from './test-app';

export const TEST_PASSWORD = 'correct-horse-battery';

export interface TestUsers {
  ids: Record<Role | 'nurse2' | 'physician2', string>;
  tokens: Record<Role | 'nurse2' | 'physician2', string>;
  auth(who: Role | 'nurse2' | 'physician2'): { Authorization: string };
}

/**
 * The four-eyes second checker test refills name unless they say otherwise (every refill needs one). Set by
 * createTestUsers; each test file has its own module registry, so its own users.
 */
export let defaultSecondCheckerId: string | undefined;

/** One account per role (plus a second nurse and physician for four-eyes checks), signed in over HTTP. */
export async function createTestUsers(t: TestApp): Promise<TestUsers> {
  const users = t.app.get(UsersService);
  const specs: [Role | 'nurse2' | 'physician2', Role][] = [
    ['nurse', 'nurse'],
    ['nurse2', 'nurse'],
    ['physician', 'physician'],
    ['physician2', 'physician'],
    ['staff', 'staff'],
    ['admin', 'admin'],
  ];
  const ids = {} as TestUsers['ids'];
  const tokens = {} as TestUsers['tokens'];
  for (const [key, role] of specs) {
    const email = `${key}@test.local`;
    const created = await users.create(null, { email, name: `Test ${key}`, role, password: TEST_PASSWORD });
    ids[key] = created.id;
    const res = await t.http.post('/api/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
    tokens[key] = res.body.accessToken as string;
  }
  defaultSecondCheckerId = ids.nurse2;
  return { ids, tokens, auth: (who) => ({ Authorization: `Bearer ${tokens[who]}` }) };
}
