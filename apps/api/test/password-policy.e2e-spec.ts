import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { signInDemoUsers } from './support/demo';
import { startTestApp, type TestApp } from './support/test-app';

const REPO = path.resolve(__dirname, '../../..');
/** Refused by length, by the common-password list or by the zxcvbn score (own details and system words count). */
const WEAK = [
  ' '.repeat(10),
  ' '.repeat(12),
  'password12',
  'pumpwatch-demo',
  'Password1234',
  'qwertyuiop123',
  'aaaaaaaaaaaaaaaa',
  'newstarter2026',
];

describe('password policy: ≥ 12 characters, zxcvbn score ≥ 3, not a common password', () => {
  let t: TestApp;
  let tokens: Record<string, string>;
  const as = (role: string) => ({ Authorization: `Bearer ${tokens[role]}` });
  const count = async () =>
    ((await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM users')) as { n: number }[])[0]!.n;

  beforeAll(async () => {
    t = await startTestApp({ seed: 'demo' });
    tokens = await signInDemoUsers(t); // the demo clinic's users keep the documented password
  });
  afterAll(() => t.close());

  it('creating an account with a weak password is refused with 400 PASSWORD_TOO_WEAK; nothing is created', async () => {
    const before = await count();
    for (const password of WEAK) {
      const res = await t.http
        .post('/api/users')
        .set(as('admin'))
        .send({ email: 'newstarter@clinic.example', name: 'New Starter', role: 'nurse', password });
      expect([JSON.stringify(password), res.status, res.body.code]).toEqual([
        JSON.stringify(password),
        400,
        'PASSWORD_TOO_WEAK',
      ]);
      expect(res.body.message).toEqual(expect.any(String));
    }
    expect(await count()).toBe(before);
    await t.http
      .post('/api/users')
      .set(as('admin'))
      .send({
        email: 'newstarter@clinic.example',
        name: 'New Starter',
        role: 'nurse',
        password: 'copper kettle tundra 9',
      })
      .expect(201);
  });

  it('changing to a weak password is refused and the old one keeps working', async () => {
    const list = (await t.http.get('/api/users').set(as('admin')).expect(200)).body as {
      id: string;
      email: string;
      version: number;
    }[];
    const staff = list.find((a) => a.email === 'staff@demo.pumpwatch.local')!;
    const res = await t.http
      .patch(`/api/users/${staff.id}`)
      .set(as('admin'))
      .send({ password: 'pumpwatchstaff', version: staff.version });
    expect([res.status, res.body.code]).toEqual([400, 'PASSWORD_TOO_WEAK']);
    await t.http
      .post('/api/auth/login')
      .send({ email: 'staff@demo.pumpwatch.local', password: 'pumpwatch-demo' })
      .expect(200);
  });

  it('the CLI refuses a weak password before touching any database', async () => {
    const run = promisify(execFile);
    const cli = run(
      path.join(REPO, 'node_modules/.bin/tsx'),
      [
        '--tsconfig',
        path.join(REPO, 'apps/api/tsconfig.json'),
        path.join(REPO, 'apps/api/src/cli/pumpwatch.ts'),
        'create-admin',
        '--email',
        'owner@clinic.example',
        '--password',
        'pumpwatch-demo',
      ],
      { env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } },
    );
    await expect(cli).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/too easy to guess/) });
  }, 60_000);
});
