import { DataSource } from 'typeorm';
import { UsersService } from '../src/modules/users/users.service';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestUsers, TEST_PASSWORD, type TestUsers } from './support/users';

describe('user accounts: who may list them, the clinician directory, the last administrator', () => {
  let t: TestApp;
  let u: TestUsers;
  const db = () => t.app.get(DataSource);
  const versionOf = async (id: string) =>
    ((await db().query('SELECT version FROM users WHERE id = $1', [id])) as { version: number }[])[0]!.version;

  beforeAll(async () => {
    t = await startTestApp();
    u = await createTestUsers(t);
  });
  afterAll(() => t.close());

  it('GET /api/users (every e-mail and role) is for administrators only', async () => {
    for (const who of ['nurse', 'physician', 'staff'] as const) {
      const res = await t.http.get('/api/users').set(u.auth(who));
      expect([who, res.status, res.body.code]).toEqual([who, 403, 'FORBIDDEN']);
    }
    const list = await t.http.get('/api/users').set(u.auth('admin')).expect(200);
    expect(list.body.map((a: { email: string }) => a.email)).toContain('staff@test.local');
  });

  it('every role gets the clinician directory: active nurses and physicians, names only', async () => {
    const former = await t.http
      .post('/api/users')
      .set(u.auth('admin'))
      .send({ email: `former-${Date.now()}@test.local`, name: 'Former Nurse', role: 'nurse', password: TEST_PASSWORD })
      .expect(201);
    await t.http
      .patch(`/api/users/${former.body.id}`)
      .set(u.auth('admin'))
      .send({ active: false, version: await versionOf(former.body.id) })
      .expect(200);
    for (const who of ['nurse', 'physician', 'staff', 'admin'] as const) {
      const res = await t.http.get('/api/users/directory').set(u.auth(who)).expect(200);
      const names = res.body.map((c: { name: string }) => c.name);
      expect(names).toEqual(['Test nurse', 'Test nurse2', 'Test physician', 'Test physician2']);
      for (const entry of res.body) expect(Object.keys(entry).sort()).toEqual(['active', 'id', 'name', 'role']);
      expect(JSON.stringify(res.body)).not.toContain('@');
    }
    const withFormer = await t.http.get('/api/users/directory?former=include').set(u.auth('staff')).expect(200);
    expect(withFormer.body).toContainEqual({ id: former.body.id, name: 'Former Nurse', role: 'nurse', active: false });
    expect(withFormer.body.some((c: { role: string }) => c.role === 'admin' || c.role === 'staff')).toBe(false);
  });

  it('the last active administrator can neither demote nor deactivate itself (409 LAST_ACTIVE_ADMIN)', async () => {
    const before = await t.http.get('/api/users').set(u.auth('admin')).expect(200);
    for (const patch of [{ role: 'physician' }, { active: false }]) {
      const res = await t.http
        .patch(`/api/users/${u.ids.admin}`)
        .set(u.auth('admin'))
        .send({ ...patch, version: await versionOf(u.ids.admin) });
      expect([res.status, res.body.code]).toEqual([409, 'LAST_ACTIVE_ADMIN']);
    }
    expect((await t.http.get('/api/users').set(u.auth('admin')).expect(200)).body).toEqual(before.body);
    // a rename is still fine
    await t.http
      .patch(`/api/users/${u.ids.admin}`)
      .set(u.auth('admin'))
      .send({ name: 'Test admin', version: await versionOf(u.ids.admin) })
      .expect(200);
  });

  it('with two administrators demoting each other at the same moment, one stays', async () => {
    const email = `admin2-${Date.now()}@test.local`;
    const second = await t.http
      .post('/api/users')
      .set(u.auth('admin'))
      .send({ email, name: 'Second Admin', role: 'admin', password: TEST_PASSWORD })
      .expect(201);
    // straight to the service, both at once (over HTTP the first commit would also end the other's session)
    const users = t.app.get(UsersService);
    const actor = (id: string, mail: string) => ({ id, email: mail, name: 'x', role: 'admin' as const });
    const [v1, v2] = [await versionOf(u.ids.admin), await versionOf(second.body.id)];
    const outcomes = await Promise.allSettled([
      users.update(actor(u.ids.admin, 'admin@test.local'), second.body.id, { role: 'nurse', version: v2 }),
      users.update(actor(second.body.id, email), u.ids.admin, { role: 'nurse', version: v1 }),
    ]);
    const refused = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
    expect(refused.map((o) => (o.reason as { code?: string }).code)).toEqual(['LAST_ACTIVE_ADMIN']);
    const [{ n }] = (await db().query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND active`)) as {
      n: number;
    }[];
    expect(n).toBe(1);
  });
});
