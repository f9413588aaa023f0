import { Client } from 'pg';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import { TEST_PASSWORD, type TestUsers } from './support/users';

describe('auth, users, clinic settings, drug library, audit', () => {
  let t: TestApp;
  let u: TestUsers;
  // the per-address delays after failed sign-ins are tested in auth-sign-in; here the per-minute limit alone
  useTestApp({ env: { PUMPWATCH_SIGN_IN_FREE_FAILURES: '100' } }, (app) => ({ t, u } = app));

  describe('login', () => {
    it('returns a token and the user', async () => {
      const res = await t.http
        .post('/api/auth/login')
        .send({ email: 'NURSE@test.local', password: TEST_PASSWORD })
        .expect(200);
      expect(res.body.accessToken).toEqual(expect.any(String));
      expect(res.body.user).toEqual({ id: u.ids.nurse, email: 'nurse@test.local', name: 'Test nurse', role: 'nurse' });
    });

    it('refuses a wrong password and an unknown email with 401', async () => {
      const wrong = await t.http.post('/api/auth/login').send({ email: 'staff@test.local', password: 'nope' });
      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
      const unknown = await t.http.post('/api/auth/login').send({ email: 'ghost@test.local', password: 'nope' });
      expect(unknown.status).toBe(401);
    });

    it('rate-limits sign-in attempts per address and email (429 TOO_MANY_REQUESTS)', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await t.http.post('/api/auth/login').send({ email: 'nobody@test.local', password: 'x' });
        statuses.push(res.status);
        if (res.status === 429) expect(res.body.code).toBe('TOO_MANY_REQUESTS');
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      // another account from the same address is not affected
      await t.http.post('/api/auth/login').send({ email: 'admin@test.local', password: TEST_PASSWORD }).expect(200);
    });

    it('needs a valid bearer token everywhere but health and login', async () => {
      expect((await t.http.get('/api/clinic-settings')).status).toBe(401);
      const bad = await t.http.get('/api/clinic-settings').set('Authorization', 'Bearer not.a.token');
      expect(bad.status).toBe(401);
      expect(bad.body.code).toBe('UNAUTHORIZED');
      const [h, p] = u.tokens.admin.split('.');
      const unsigned = await t.http.get('/api/clinic-settings').set('Authorization', `Bearer ${h}.${p}.`);
      expect(unsigned.status).toBe(401);
      const me = await t.http.get('/api/auth/me').set(u.auth('physician')).expect(200);
      expect(me.body.role).toBe('physician');
    });
  });

  describe('clinic settings', () => {
    it('has every engine policy default and lets only an admin change it, with versions', async () => {
      const res = await t.http.get('/api/clinic-settings').set(u.auth('staff')).expect(200);
      expect(res.body.policy).toMatchObject({ bufferDays: 7, highRiskBufferDays: 14, worstCaseFactor: 1.145 });
      expect(res.body.timeZone).toEqual(expect.any(String));
      const v = res.body.version as number;
      const body = { timeZone: 'America/New_York', policy: { bufferDays: 10 }, version: v };
      expect((await t.http.put('/api/clinic-settings').set(u.auth('physician')).send(body)).status).toBe(403);
      const ok = await t.http.put('/api/clinic-settings').set(u.auth('admin')).send(body).expect(200);
      expect(ok.body).toMatchObject({ timeZone: 'America/New_York', version: v + 1 });
      expect(ok.body.policy).toMatchObject({ bufferDays: 10, highRiskBufferDays: 14 });
      const stale = await t.http.put('/api/clinic-settings').set(u.auth('admin')).send(body);
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
    });

    it('rejects an unknown time zone and an invalid policy value', async () => {
      const { body } = await t.http.get('/api/clinic-settings').set(u.auth('admin'));
      const tz = await t.http
        .put('/api/clinic-settings')
        .set(u.auth('admin'))
        .send({ timeZone: 'Mars/Olympus', version: body.version });
      expect(tz.status).toBe(422);
      expect(tz.body.code).toBe('UNKNOWN_TIME_ZONE');
      const pol = await t.http
        .put('/api/clinic-settings')
        .set(u.auth('admin'))
        .send({ policy: { worstCaseFactor: 0.5 }, version: body.version });
      expect(pol.status).toBe(422);
      expect(pol.body.code).toBe('POLICY_INVALID');
    });
  });

  describe('drug library', () => {
    it('admin adds an entry; everyone reads it; unknown fields are refused', async () => {
      const created = await t.http
        .post('/api/drug-library')
        .set(u.auth('admin'))
        .send({ name: 'Compounded 3000', concentrationMcgPerMl: 3000, compounded: true, maxRefillIntervalDays: 60 })
        .expect(201);
      expect(created.body).toMatchObject({ concentrationMcgPerMl: 3000, compounded: true, maxRefillIntervalDays: 60 });
      const list = await t.http.get('/api/drug-library').set(u.auth('staff')).expect(200);
      expect(list.body.map((d: { id: string }) => d.id)).toContain(created.body.id);
      const extra = await t.http
        .post('/api/drug-library')
        .set(u.auth('admin'))
        .send({ name: 'x', concentrationMcgPerMl: 500, hack: true });
      expect(extra.status).toBe(400);
      expect(extra.body.code).toBe('VALIDATION_FAILED');
      expect(
        (await t.http.post('/api/drug-library').set(u.auth('nurse')).send({ name: 'x', concentrationMcgPerMl: 500 }))
          .status,
      ).toBe(403);
    });
  });

  describe('audit', () => {
    it('records writes with before/after, chains them, and detects tampering', async () => {
      const list = await t.http.get('/api/audit').set(u.auth('physician')).expect(200);
      const settingsEntry = list.body.find((e: { action: string }) => e.action === 'clinic-settings.update');
      expect(settingsEntry).toMatchObject({ userId: u.ids.admin, entityType: 'clinic-settings' });
      expect(settingsEntry.before.timeZone).not.toBe(settingsEntry.after.timeZone);
      expect(JSON.stringify(list.body)).not.toContain('passwordHash');
      expect((await t.http.get('/api/audit').set(u.auth('nurse'))).status).toBe(403);

      const ok = await t.http.get('/api/audit/verify').set(u.auth('admin')).expect(200);
      expect(ok.body).toEqual({ ok: true, entries: list.body.length });

      const pg = new Client({ connectionString: t.databaseUrl });
      await pg.connect();
      try {
        // the app's own path cannot change history
        await expect(pg.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
        await expect(pg.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
        // a superuser bypassing triggers can; verification must then point at the altered entry
        await pg.query(`SET session_replication_role = replica`);
        await pg.query(`UPDATE audit_log SET after = '{"timeZone":"UTC"}' WHERE id = $1`, [settingsEntry.id]);
      } finally {
        await pg.end();
      }
      const broken = await t.http.get('/api/audit/verify').set(u.auth('admin')).expect(200);
      expect(broken.body).toMatchObject({ ok: false, firstBrokenId: settingsEntry.id });
    });
  });
});
