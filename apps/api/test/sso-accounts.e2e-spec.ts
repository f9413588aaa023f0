import { DataSource } from 'typeorm';
import { parseRoleMap, type OidcConfig } from '../src/config/security-config';
import { SsoAccounts, type SsoClaims } from '../src/modules/auth/sso-accounts';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import { TEST_PASSWORD, type TestUsers } from './support/users';

const OIDC: OidcConfig = {
  issuer: 'https://idp.hospital.example',
  clientId: 'pumpwatch',
  clientSecret: 'x',
  roleMap: parseRoleMap('itb-nurses=nurse,itb-physicians=physician,clinic-desk=staff,pumpwatch-admins=admin'),
  groupsClaim: 'groups',
  scopes: 'openid email profile groups',
  redirectUri: 'http://127.0.0.1:3000/api/auth/oidc/callback',
  postLogoutRedirectUri: 'http://127.0.0.1:3000/login',
};

/**
 * Who a hospital sign-in is in PumpWatch (the part of single sign-on that decides access). The browser flow against
 * a real OpenID provider is the Playwright spec e2e/specs/sso.e2e-spec.ts.
 */
describe('single sign-on: matching and provisioning hospital accounts', () => {
  let t: TestApp;
  let u: TestUsers;
  const db = () => t.app.get(DataSource);
  const resolve = (claims: Partial<SsoClaims>) =>
    db().transaction((m) =>
      t.app.get(SsoAccounts).resolve(m, { sub: 'sub-1', email_verified: true, ...claims } as SsoClaims, OIDC),
    );
  const userCount = async () => ((await db().query('SELECT count(*)::int AS n FROM users')) as { n: number }[])[0]!.n;

  useTestApp({}, (app) => ({ t, u } = app));

  it('provisions a new user only when one of their groups maps to a role (audited)', async () => {
    const user = await resolve({
      email: 'New.Nurse@Hospital.example',
      name: 'New Nurse',
      groups: ['staff-all', 'itb-nurses'],
    });
    expect(user).toMatchObject({ email: 'new.nurse@hospital.example', name: 'New Nurse', role: 'nurse', active: true });
    const [entry] = (await db().query(`SELECT action, after FROM audit_log WHERE entity_id = $1`, [user.id])) as {
      action: string;
      after: { groups: string[] };
    }[];
    expect(entry).toMatchObject({ action: 'user.sso-provision', after: { groups: ['staff-all', 'itb-nurses'] } });
    // the random password it was given is unknown to everyone: no password sign-in
    const res = await t.http.post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(401);
  });

  it('refuses a user whose groups map to no role, and creates nothing', async () => {
    const before = await userCount();
    await expect(resolve({ email: 'visitor@hospital.example', groups: ['cafeteria'] })).rejects.toMatchObject({
      code: 'SSO_NO_ROLE',
    });
    await expect(resolve({ email: 'visitor@hospital.example' })).rejects.toMatchObject({ code: 'SSO_NO_ROLE' });
    expect(await userCount()).toBe(before);
  });

  it('matches an existing user by e-mail; the role follows the groups and the old sessions end', async () => {
    const token = u.tokens.staff;
    await t.http.get('/api/auth/me').set(u.auth('staff')).expect(200);
    const user = await resolve({ email: 'STAFF@test.local', groups: ['itb-nurses'] });
    expect(user).toMatchObject({ id: u.ids.staff, role: 'nurse' });
    expect((await t.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    const [entry] = (await db().query(
      `SELECT before, after FROM audit_log WHERE entity_id = $1 AND action = 'user.sso-role-change'`,
      [u.ids.staff],
    )) as { before: unknown; after: unknown }[];
    expect(entry).toMatchObject({ before: { role: 'staff' }, after: { role: 'nurse' } });
    // same role again: nothing to change
    expect(await resolve({ email: 'staff@test.local', groups: ['itb-nurses'] })).toMatchObject({ role: 'nurse' });
  });

  it('refuses groups that give two roles, a deactivated account, an unverified or missing e-mail', async () => {
    await expect(
      resolve({ email: 'two@hospital.example', groups: ['itb-nurses', 'itb-physicians'] }),
    ).rejects.toMatchObject({ code: 'SSO_ROLE_AMBIGUOUS' });
    const leaver = await t.http
      .post('/api/users')
      .set(u.auth('admin'))
      .send({ email: 'leaver@hospital.example', name: 'Leaver', role: 'nurse', password: TEST_PASSWORD })
      .expect(201);
    await t.http.patch(`/api/users/${leaver.body.id}`).set(u.auth('admin')).send({ active: false, version: 1 });
    await expect(resolve({ email: 'leaver@hospital.example', groups: ['itb-nurses'] })).rejects.toMatchObject({
      code: 'SSO_DEACTIVATED',
    });
    await expect(
      resolve({ email: 'x@hospital.example', email_verified: false, groups: ['itb-nurses'] }),
    ).rejects.toMatchObject({ code: 'SSO_EMAIL_UNVERIFIED' });
    await expect(resolve({ groups: ['itb-nurses'] })).rejects.toMatchObject({ code: 'SSO_NO_EMAIL' });
  });

  it('the last active administrator is not demoted by a group change', async () => {
    await expect(resolve({ email: 'admin@test.local', groups: ['itb-physicians'] })).rejects.toMatchObject({
      code: 'LAST_ACTIVE_ADMIN',
    });
    expect(
      ((await db().query(`SELECT role FROM users WHERE id = $1`, [u.ids.admin])) as { role: string }[])[0]!.role,
    ).toBe('admin');
  });

  it('reads the role map as JSON or group=role pairs and refuses an unknown role', () => {
    expect(parseRoleMap('{"a b":"nurse","c=d":"admin"}')).toEqual({ 'a b': 'nurse', 'c=d': 'admin' });
    expect(parseRoleMap(' x=staff , y = physician ')).toEqual({ x: 'staff', y: 'physician' });
    expect(() => parseRoleMap('x=superuser')).toThrow(/PUMPWATCH_OIDC_ROLE_MAP/);
  });

  it('without PUMPWATCH_OIDC_ISSUER the sign-in page offers no hospital sign-in', async () => {
    expect((await t.http.get('/api/auth/oidc/config')).status).toBe(404);
    expect((await t.http.get('/api/auth/oidc/login')).status).toBe(404);
  });
});
