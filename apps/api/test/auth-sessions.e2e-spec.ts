import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { REFRESH_COOKIE } from '../src/modules/auth/sessions.service';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import { TEST_PASSWORD, type TestUsers } from './support/users';

const RECHECK_MS = 200;

interface SignIn {
  token: string;
  cookie: string;
  setCookie: string;
}

/** The refresh cookie a response set (name=value), and the whole Set-Cookie line. */
function refreshCookieOf(res: { headers: Record<string, unknown> }): { cookie: string; line: string } | null {
  const lines = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  const line = lines.find((l) => l.startsWith(`${REFRESH_COOKIE}=`) && !l.startsWith(`${REFRESH_COOKIE}=;`));
  return line ? { cookie: line.split(';')[0]!, line } : null;
}

const jwtClaims = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number; iat: number; sid: string };

describe('sessions: short access tokens, refresh, sign-out and revocation', () => {
  let t: TestApp;
  let u: TestUsers;
  let base: string;
  let seq = 0;

  useTestApp({ env: { PUMPWATCH_STREAM_RECHECK_MS: String(RECHECK_MS) } }, async (app) => {
    ({ t, u } = app);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });

  async function newUser(role = 'nurse'): Promise<{ id: string; email: string; version: number }> {
    const email = `session-${++seq}-${Date.now()}@test.local`;
    const res = await t.http
      .post('/api/users')
      .set(u.auth('admin'))
      .send({ email, name: `Session ${seq}`, role, password: TEST_PASSWORD })
      .expect(201);
    const [{ version }] = (await t.app
      .get(DataSource)
      .query('SELECT version FROM users WHERE id = $1', [res.body.id])) as { version: number }[];
    return { id: res.body.id as string, email, version };
  }

  async function signIn(email: string): Promise<SignIn> {
    const res = await t.http.post('/api/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
    const c = refreshCookieOf(res)!;
    return { token: res.body.accessToken as string, cookie: c.cookie, setCookie: c.line };
  }

  const me = (token: string) => t.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`);
  const refresh = (cookie?: string) => {
    const req = t.http.post('/api/auth/refresh');
    return cookie ? req.set('Cookie', cookie) : req;
  };

  it('access tokens live at most 15 minutes; the refresh token is an httpOnly SameSite=Strict cookie', async () => {
    const user = await newUser();
    const res = await t.http.post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200);
    const claims = jwtClaims(res.body.accessToken);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(15 * 60);
    expect(res.body.expiresInSeconds).toBeLessThanOrEqual(15 * 60);
    const { line } = refreshCookieOf(res)!;
    expect(line).toMatch(/; HttpOnly/i);
    expect(line).toMatch(/; SameSite=Strict/i);
    expect(line).toMatch(/; Path=\/api\/auth/i);
    expect(JSON.stringify(res.body)).not.toContain(line.split(';')[0]!.split('=')[1]!);
  });

  it('refresh rotates: a new access token and a new refresh token; the old one is spent', async () => {
    const user = await newUser();
    const s = await signIn(user.email);
    const r1 = await refresh(s.cookie).expect(200);
    const next = refreshCookieOf(r1)!;
    expect(next.cookie).not.toBe(s.cookie);
    expect(r1.body.user).toMatchObject({ id: user.id, email: user.email });
    expect(jwtClaims(r1.body.accessToken).sid).toBe(jwtClaims(s.token).sid);
    await me(r1.body.accessToken).expect(200);
    // the replaced token, straight away: a second tab racing the first gets an access token, no new cookie
    const race = await refresh(s.cookie).expect(200);
    expect(refreshCookieOf(race)).toBeNull();
    // the replaced token, later: it was copied, so the whole session ends (every token of it)
    await t.app
      .get(DataSource)
      .query(`UPDATE auth_sessions SET rotated_at = now() - interval '5 minutes' WHERE id = $1`, [
        jwtClaims(s.token).sid,
      ]);
    const reuse = await refresh(s.cookie);
    expect([reuse.status, reuse.body.code]).toEqual([401, 'SESSION_ENDED']);
    expect((await refresh(next.cookie)).status).toBe(401);
    expect((await me(r1.body.accessToken)).status).toBe(401);
    // no cookie, or a made-up one
    expect((await refresh()).status).toBe(401);
    expect((await refresh(`${REFRESH_COOKIE}=made-up`)).status).toBe(401);
  });

  it('POST /api/auth/logout answers 204; that access token and its refresh token stop working', async () => {
    const user = await newUser();
    const s = await signIn(user.email);
    const other = await signIn(user.email); // another workstation: unaffected
    await me(s.token).expect(200);
    const out = await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${s.token}`).set('Cookie', s.cookie);
    expect(out.status).toBe(204);
    expect(((out.headers['set-cookie'] as unknown as string[]) ?? []).join()).toMatch(
      new RegExp(`${REFRESH_COOKIE}=;`),
    );
    const after = await me(s.token);
    expect([after.status, after.body.code]).toEqual([401, 'UNAUTHORIZED']);
    expect((await refresh(s.cookie)).status).toBe(401);
    await me(other.token).expect(200);
    expect((await t.http.post('/api/auth/logout')).status).toBe(401);
    const audit = (await t.http.get(`/api/audit?entityId=${user.id}`).set(u.auth('admin')).expect(200)).body as {
      action: string;
    }[];
    expect(audit.map((e) => e.action)).toContain('user.sign-out');
  });

  it.each([
    ['a password change', { password: 'a-brand-new-password-42' }],
    ['a role change', { role: 'physician' }],
    ['deactivation', { active: false }],
  ])('%s ends every existing token and refresh token of the user', async (_what, patch) => {
    const user = await newUser();
    const a = await signIn(user.email);
    const b = await signIn(user.email);
    await me(a.token).expect(200);
    await t.http
      .patch(`/api/users/${user.id}`)
      .set(u.auth('admin'))
      .send({ ...patch, version: user.version })
      .expect(200);
    for (const s of [a, b]) {
      expect((await me(s.token)).status).toBe(401);
      expect((await refresh(s.cookie)).status).toBe(401);
    }
  });

  it('a name change keeps sessions; a session past its absolute end cannot be refreshed', async () => {
    const user = await newUser();
    const s = await signIn(user.email);
    await t.http
      .patch(`/api/users/${user.id}`)
      .set(u.auth('admin'))
      .send({ name: 'Renamed', version: user.version })
      .expect(200);
    expect((await me(s.token).expect(200)).body.name).toBe('Renamed');
    await t.app
      .get(DataSource)
      .query(`UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        jwtClaims(s.token).sid,
      ]);
    expect((await refresh(s.cookie)).status).toBe(401);
  });

  /** Opens the alarm stream (own socket, no keep-alive); `ended` resolves with ms from markStart() to its end. */
  async function openStream(token: string): Promise<{ ended: Promise<number>; markStart(): void; text(): string }> {
    let started = 0;
    let received = '';
    const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http
        .get(`${base}/api/alarms/stream?access_token=${encodeURIComponent(token)}`, { agent: false }, resolve)
        .on('error', reject),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (received += chunk));
    const ended = new Promise<number>((resolve) => res.on('end', () => resolve(performance.now() - started)));
    return { ended, markStart: () => (started = performance.now()), text: () => received };
  }

  it.each([
    [
      'deactivated',
      async (user: { id: string; version: number }) => {
        await t.http.patch(`/api/users/${user.id}`).set(u.auth('admin')).send({ active: false, version: user.version });
      },
    ],
    [
      'signed out',
      async (_user: { id: string }, token: string) => {
        await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
      },
    ],
  ])('the live alarm stream closes within the re-check interval once its user is %s', async (_what, end) => {
    const user = await newUser('staff');
    const s = await signIn(user.email);
    const stream = await openStream(s.token);
    // still open well past several re-checks while the user is signed in
    const early = await Promise.race([stream.ended, new Promise((r) => setTimeout(() => r('open'), RECHECK_MS * 4))]);
    expect(early).toBe('open');
    stream.markStart();
    await end(user, s.token);
    const afterMs = await Promise.race([
      stream.ended,
      new Promise<number>((_, reject) => setTimeout(() => reject(new Error('stream still open')), RECHECK_MS * 10)),
    ]);
    expect(afterMs).toBeLessThan(RECHECK_MS * 3);
    expect(stream.text()).toContain('event: signed-out');
  });

  it('tokens without a session (issued before sessions existed) are refused', async () => {
    const jwt = await import('@nestjs/jwt');
    const token = await t.app.get(jwt.JwtService).signAsync({ sub: u.ids.admin, role: 'admin' });
    const res = await me(token);
    expect([res.status, res.body.code]).toEqual([401, 'UNAUTHORIZED']);
  });
});
