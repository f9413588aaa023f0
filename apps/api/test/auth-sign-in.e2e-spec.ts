import { DataSource } from 'typeorm';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import { TEST_PASSWORD, type TestUsers } from './support/users';

const FREE_FAILURES = 3;
const ADDRESS_LIMIT = 12;

interface Answer {
  status: number;
  code: string;
  message: string;
  retryAfter: string | undefined;
  keys: string[];
  ms: number;
}

describe('sign-in: non-enumerating, delays strangers cannot impose, per-address ceiling', () => {
  let t: TestApp;
  let u: TestUsers;
  let addressSeq = 0;
  /** A client address of its own (the app trusts X-Forwarded-For from loopback, as behind a proxy). */
  const newAddress = () => `198.51.100.${++addressSeq}`;

  useTestApp(
    {
      env: {
        PUMPWATCH_TRUST_PROXY: 'loopback',
        PUMPWATCH_SIGN_IN_FREE_FAILURES: String(FREE_FAILURES),
        PUMPWATCH_SIGN_IN_ADDRESS_LIMIT: String(ADDRESS_LIMIT),
        PUMPWATCH_LOGIN_RATE_LIMIT: '1000', // the in-memory per-minute limit is tested in auth-admin
      },
    },
    (app) => ({ t, u } = app),
  );

  async function attempt(email: string, password: string, address: string): Promise<Answer> {
    const started = performance.now();
    const res = await t.http.post('/api/auth/login').set('X-Forwarded-For', address).send({ email, password });
    return {
      status: res.status,
      code: res.body.code as string,
      message: res.body.message as string,
      retryAfter: res.headers['retry-after'] as string | undefined,
      keys: Object.keys(res.body as object).sort(),
      ms: performance.now() - started,
    };
  }

  /**
   * What a client can compare between two answers (timing aside: the seconds left to wait shrink while a slow
   * machine answers the next attempt, so "wait 2 s" and "wait 1 s" a moment apart are the same answer).
   */
  const visible = (a: Answer) => ({
    status: a.status,
    code: a.code,
    message: a.message?.replace(/wait \d+ s/, 'wait N s'),
    keys: a.keys,
  });

  it('an unknown e-mail answers exactly like a wrong password, over a whole run of attempts', async () => {
    const address = newAddress();
    const known: Answer[] = [];
    const unknown: Answer[] = [];
    for (let i = 0; i < FREE_FAILURES + 3; i++) {
      known.push(await attempt('nurse@test.local', `wrong-${i}`, address));
      unknown.push(await attempt('nobody-here@test.local', `wrong-${i}`, address));
    }
    expect(unknown.map(visible)).toEqual(known.map(visible));
    expect(known.map((a) => a.status)).toEqual([401, 401, 401, 429, 429, 429]);
    expect(known[0]).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(known[FREE_FAILURES]).toMatchObject({ code: 'SIGN_IN_DELAYED', retryAfter: '1' });
    expect(unknown[FREE_FAILURES]!.retryAfter).toBe('1');
  });

  it('a deactivated account with its right password answers like a wrong password', async () => {
    const email = `leaving-${Date.now()}@test.local`;
    const created = await t.http
      .post('/api/users')
      .set(u.auth('admin'))
      .send({ email, name: 'Leaving', role: 'nurse', password: TEST_PASSWORD })
      .expect(201);
    await t.http.patch(`/api/users/${created.body.id}`).set(u.auth('admin')).send({ active: false, version: 1 });
    const inactive = await attempt(email, TEST_PASSWORD, newAddress());
    const wrong = await attempt('nurse@test.local', 'wrong', newAddress());
    expect(visible(inactive)).toEqual(visible(wrong));
  });

  it('takes about as long for an unknown e-mail as for a wrong password (a real hash is compared either way)', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 8; i++) {
      known.push((await attempt('physician@test.local', 'wrong', newAddress())).ms);
      unknown.push((await attempt(`ghost-${i}@test.local`, 'wrong', newAddress())).ms);
    }
    // the fastest of each: what the work itself costs (a busy machine only ever adds time, to either kind, at random;
    // a median of a few tries moved with whatever else jest was running)
    const ratio = Math.min(...unknown) / Math.min(...known);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('failures from a stranger’s address never lock the real user out; delays there grow', async () => {
    const stranger = newAddress();
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      // let any current delay pass, then fail once more: each new failure doubles the wait
      await t.app
        .get(DataSource)
        .query(`UPDATE sign_in_throttle SET blocked_until = now() WHERE key LIKE 'account:staff@test.local|%'`);
      const failures = round === 0 ? FREE_FAILURES : 1;
      let last: Answer | undefined;
      for (let i = 0; i < failures; i++) last = await attempt('staff@test.local', 'guess', stranger);
      expect(last!.status).toBe(401);
      const delayed = await attempt('staff@test.local', 'guess', stranger);
      expect(delayed.code).toBe('SIGN_IN_DELAYED');
      waits.push(Number(delayed.retryAfter));
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    // during the delay even the right password waits at the stranger's address…
    expect((await attempt('staff@test.local', TEST_PASSWORD, stranger)).status).toBe(429);
    // …but the real user, at their own computer, signs in at once
    const own = await attempt('staff@test.local', TEST_PASSWORD, newAddress());
    expect(own.status).toBe(200);
    // and the account carries no lock
    const [row] = (await t.app
      .get(DataSource)
      .query(`SELECT failed_logins, locked_until FROM users WHERE email = 'staff@test.local'`)) as {
      failed_logins: number;
      locked_until: Date | null;
    }[];
    expect(row).toEqual({ failed_logins: 0, locked_until: null });
  });

  it('one address failing across many e-mails must wait (429), whichever e-mail it tries next', async () => {
    const sprayer = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < ADDRESS_LIMIT; i++) {
      statuses.push((await attempt(`spray-${i}@test.local`, 'Winter2026!', sprayer)).status);
    }
    expect(statuses.every((s) => s === 401)).toBe(true);
    const next = await attempt('nurse2@test.local', TEST_PASSWORD, sprayer);
    expect([next.status, next.code]).toEqual([429, 'TOO_MANY_REQUESTS']);
    expect(Number(next.retryAfter)).toBeGreaterThan(0);
    // other addresses are not affected
    expect((await attempt('nurse2@test.local', TEST_PASSWORD, newAddress())).status).toBe(200);
  });
});
