import { Secret, TOTP } from 'otpauth';
import { DataSource } from 'typeorm';
import { useTestApp } from './support/suite';
import { startTestApp, type TestApp } from './support/test-app';
import { TEST_PASSWORD, type TestUsers } from './support/users';

/** The code an authenticator app holding `secret` shows `offsetSteps` × 30 s from now. */
const codeOf = (secret: string, offsetSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });

describe('second factor (TOTP) for local accounts', () => {
  let t: TestApp;
  let u: TestUsers;
  /** The admin's full session, once enrolled (second test). */
  let adminToken: string;
  const login = (email: string, extra: Record<string, string> = {}) =>
    t.http.post('/api/auth/login').send({ email, password: TEST_PASSWORD, ...extra });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  // (the admin's token here is enrolment-only: the admin has no factor yet)
  useTestApp({ env: { PUMPWATCH_REQUIRE_MFA: 'admin' } }, (app) => ({ t, u } = app));

  async function enrol(token: string): Promise<{ secret: string; recoveryCodes: string[] }> {
    const started = await t.http.post('/api/auth/mfa/totp').set(bearer(token)).expect(201);
    expect(started.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/PumpWatch:.+\?.*secret=/);
    const secret = started.body.secret as string;
    const wrong = await t.http.post('/api/auth/mfa/totp/confirm').set(bearer(token)).send({ code: '000000' });
    expect([wrong.status, wrong.body.code]).toEqual([422, 'MFA_CODE_INVALID']);
    const ok = await t.http
      .post('/api/auth/mfa/totp/confirm')
      .set(bearer(token))
      .send({ code: codeOf(secret) })
      .expect(200);
    return { secret, recoveryCodes: ok.body.recoveryCodes as string[] };
  }

  it('enrolled: the password alone answers 401 MFA_REQUIRED; a code signs in once; recovery codes once each', async () => {
    const { secret, recoveryCodes } = await enrol(u.tokens.nurse);
    expect(recoveryCodes).toHaveLength(10);
    const bare = await login('nurse@test.local');
    expect([bare.status, bare.body.code, bare.body.accessToken]).toEqual([401, 'MFA_REQUIRED', undefined]);
    const wrong = await login('nurse@test.local', { totp: '123456' });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'MFA_INVALID']);
    const next = codeOf(secret, 1); // the confirmation used the current step: each step signs in once
    const ok = await login('nurse@test.local', { totp: next }).expect(200);
    expect(ok.body.accessToken).toEqual(expect.any(String));
    const replay = await login('nurse@test.local', { totp: next });
    expect([replay.status, replay.body.code]).toEqual([401, 'MFA_INVALID']);
    await login('nurse@test.local', { totp: recoveryCodes[0]!.toUpperCase() }).expect(200);
    expect((await login('nurse@test.local', { totp: recoveryCodes[0]! })).body.code).toBe('MFA_INVALID');
    const status = await t.http.get('/api/auth/mfa').set(bearer(ok.body.accessToken)).expect(200);
    expect(status.body).toEqual({ enabled: true, required: false, recoveryCodesLeft: 9 });
    // a wrong password with the right code is still a wrong password
    const badPassword = await t.http
      .post('/api/auth/login')
      .send({ email: 'nurse@test.local', password: 'not-it', totp: codeOf(secret, -1) });
    expect(badPassword.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('required (admin by default) and not enrolled: the session can only set it up, then does everything', async () => {
    const first = await login('admin@test.local').expect(200);
    expect(first.body.mfaEnrollmentRequired).toBe(true);
    const token = first.body.accessToken as string;
    const blocked = await t.http.get('/api/patients').set(bearer(token));
    expect([blocked.status, blocked.body.code]).toEqual([403, 'MFA_ENROLMENT_REQUIRED']);
    await t.http.get('/api/auth/me').set(bearer(token)).expect(200);
    expect((await t.http.get('/api/auth/mfa').set(bearer(token)).expect(200)).body).toMatchObject({
      enabled: false,
      required: true,
    });
    const { secret } = await enrol(token);
    await t.http.get('/api/patients').set(bearer(token)).expect(200);
    expect((await login('admin@test.local')).body.code).toBe('MFA_REQUIRED');
    adminToken = (await login('admin@test.local', { totp: codeOf(secret, 1) }).expect(200)).body.accessToken as string;
    // a nurse without a factor is not asked for one (PUMPWATCH_REQUIRE_MFA=admin)
    const nurse2 = await login('nurse2@test.local').expect(200);
    expect(nurse2.body.mfaEnrollmentRequired).toBeUndefined();
  });

  it('the secret is sealed in the database and never audited; an admin reset ends the user’s sessions', async () => {
    const physician = (await login('physician@test.local').expect(200)).body.accessToken as string;
    const { secret, recoveryCodes } = await enrol(physician);
    const db = t.app.get(DataSource);
    const [row] = (await db.query(`SELECT totp_secret_sealed, recovery_code_hashes FROM users WHERE id = $1`, [
      u.ids.physician,
    ])) as { totp_secret_sealed: string; recovery_code_hashes: string[] }[];
    expect(row!.totp_secret_sealed).not.toContain(secret);
    expect(row!.recovery_code_hashes.join()).not.toContain(recoveryCodes[0]!.replace('-', ''));
    const audit = JSON.stringify(await db.query(`SELECT action, before, after FROM audit_log`));
    expect(audit).toContain('user.mfa-enable');
    for (const s of [secret, row!.totp_secret_sealed, recoveryCodes[0]!, ...row!.recovery_code_hashes]) {
      expect(audit).not.toContain(s);
    }
    // only an administrator may remove someone's factor (lost phone); their sessions end with it
    const byNurse = await t.http.delete(`/api/users/${u.ids.physician}/mfa`).set(u.auth('nurse2'));
    expect(byNurse.status).toBe(403);
    await t.http.delete(`/api/users/${u.ids.physician}/mfa`).set(bearer(adminToken)).expect(204);
    expect((await t.http.get('/api/auth/me').set(bearer(physician))).status).toBe(401);
    const again = await login('physician@test.local').expect(200);
    expect(again.body.mfaEnrollmentRequired).toBeUndefined();
    expect(audit).not.toContain('user.mfa-reset');
    expect(JSON.stringify(await db.query(`SELECT action FROM audit_log`))).toContain('user.mfa-reset');
  });

  it('removing one’s own factor needs a current code', async () => {
    const token = (await login('nurse2@test.local').expect(200)).body.accessToken as string;
    const { secret } = await enrol(token);
    const wrong = await t.http.delete('/api/auth/mfa/totp').set(bearer(token)).send({ code: '000000' });
    expect([wrong.status, wrong.body.code]).toEqual([422, 'MFA_CODE_INVALID']);
    await t.http
      .delete('/api/auth/mfa/totp')
      .set(bearer(token))
      .send({ code: codeOf(secret, 1) })
      .expect(204);
    await login('nurse2@test.local').expect(200);
  });
});

describe('second factor: the demo clinic is exempt, even with PUMPWATCH_REQUIRE_MFA=all', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ seed: 'demo', env: { PUMPWATCH_REQUIRE_MFA: 'all' } });
  });
  afterAll(() => t.close());

  it('demo users sign in with the documented password alone; real accounts must enrol; the demo domain is reserved', async () => {
    const admin = await t.http
      .post('/api/auth/login')
      .send({ email: 'admin@demo.pumpwatch.local', password: 'pumpwatch-demo' })
      .expect(200);
    expect(admin.body.mfaEnrollmentRequired).toBeUndefined();
    const asAdmin = { Authorization: `Bearer ${admin.body.accessToken as string}` };
    await t.http.get('/api/patients').set(asAdmin).expect(200);
    const created = await t.http
      .post('/api/users')
      .set(asAdmin)
      .send({ email: 'real.nurse@clinic.example', name: 'Real Nurse', role: 'nurse', password: TEST_PASSWORD })
      .expect(201);
    expect(created.body.id).toEqual(expect.any(String));
    const nurse = await t.http
      .post('/api/auth/login')
      .send({ email: 'real.nurse@clinic.example', password: TEST_PASSWORD })
      .expect(200);
    expect(nurse.body.mfaEnrollmentRequired).toBe(true);
    const reserved = await t.http
      .post('/api/users')
      .set(asAdmin)
      .send({ email: 'sneaky@demo.pumpwatch.local', name: 'Sneaky', role: 'admin', password: TEST_PASSWORD });
    expect([reserved.status, reserved.body.code]).toEqual([400, 'EMAIL_RESERVED']);
  });
});
