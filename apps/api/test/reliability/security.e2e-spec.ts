import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { LoggerService } from '@nestjs/common';
import { Client } from 'pg';
import { FixedClock } from '../../src/common/clock/clock';
import { AppConfig } from '../../src/config/config';
import { startTestApp, type TestApp } from '../support/test-app';
import { createTestUsers, TEST_PASSWORD, type TestUsers } from '../support/users';
import { seedClinic } from './support/clinic';
import { reportFigures } from './support/figures';
import { fillPath, loadRoutes, routeKey, type ClinicIds, type Route } from './support/openapi';

type Role = 'nurse' | 'physician' | 'staff' | 'admin';
const ROLES: Role[] = ['nurse', 'physician', 'staff', 'admin'];
const ALL: Role[] = ROLES;

/**
 * Who may call what, written out from the clinic's API contract (not read from the code), so the test asserts the
 * contract. 'public' = no token needed.
 */
const CONTRACT: Record<string, Role[] | 'public'> = {
  'GET /api/health': 'public',
  // readiness for the load balancer (issue 22): as public as the liveness check
  'GET /api/health/ready': 'public',
  'POST /api/auth/login': 'public',
  // the refresh cookie is the credential: the access token has usually expired when it is called
  'POST /api/auth/refresh': 'public',
  'POST /api/auth/logout': ALL,
  // hospital single sign-on: the browser arrives without a token (the provider's answer is the credential)
  'GET /api/auth/oidc/config': 'public',
  'GET /api/auth/oidc/login': 'public',
  'GET /api/auth/oidc/callback': 'public',
  'POST /api/auth/oidc/logout': ALL,
  'POST /api/patients': ['nurse', 'physician', 'admin'],
  'GET /api/patients': ALL,
  'PATCH /api/patients/{id}': ['nurse', 'physician', 'admin'],
  'GET /api/patients/{id}': ALL,
  'POST /api/patients/{id}/pumps': ['physician', 'admin'],
  'POST /api/pumps/{id}/dose-programs': ['physician'],
  'GET /api/pumps/{id}/refills': ALL,
  'POST /api/pumps/{id}/refills': ['nurse', 'physician'],
  'GET /api/pumps/{id}/status': ALL,
  'POST /api/appointments': ['nurse', 'physician', 'staff'],
  'PATCH /api/appointments/{id}': ['nurse', 'physician', 'staff'],
  'POST /api/pumps/{id}/events': ['nurse', 'physician'],
  'GET /api/worklist/refills': ALL,
  'GET /api/alarms': ALL,
  // staff: non-critical alarms only (checked per alarm after validation)
  'POST /api/alarms/{id}/acknowledge': ['nurse', 'physician', 'staff'],
  'POST /api/alarms/{id}/snooze': ['nurse', 'physician'],
  'POST /api/alarms/{id}/resolve': ['physician'],
  'GET /api/drug-library': ALL,
  'POST /api/drug-library': ['admin'],
  'PATCH /api/drug-library/{id}': ['admin'],
  'GET /api/clinic-settings': ALL,
  'PUT /api/clinic-settings': ['admin'],
  'GET /api/audit': ['physician', 'admin'],
  'GET /api/audit/verify': ['physician', 'admin'],
  // every account's e-mail and role: administrators only; pickers use the clinician directory
  'GET /api/users': ['admin'],
  'GET /api/users/directory': ALL,
};

/** Routes that end the caller's session: probed with a throwaway sign-in so the suite's tokens stay valid. */
const ENDS_SESSION = new Set(['POST /api/auth/logout', 'POST /api/auth/oidc/logout']);
/** Routes the contract does not list whose path is itself the credential (a calendar feed URL). */
const CAPABILITY_URLS = new Set(['GET /api/calendar/{token}.ics']);
/** Writes on clinical records: staff (front desk) may not make them unless the contract says so. */
// a user's own notification settings (users/me/…) are personal, not clinical: every role keeps its own
const CLINICAL_WRITE =
  /^(POST|PUT|PATCH|DELETE) \/api\/(patients|pumps|dose-programs|refills|drug-library|clinic-settings|users(?!\/me\/)|alarms\/\{id\}\/(snooze|resolve))/;

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
function signHs(secret: string, payload: Record<string, unknown>, alg = 'HS256'): string {
  const head = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  const hash = alg === 'HS512' ? 'sha512' : 'sha256';
  return `${head}.${createHmac(hash, secret).update(head).digest('base64url')}`;
}

describe('reliability: role boundaries and security controls', () => {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  let t: TestApp;
  let u: TestUsers;
  let ids: ClinicIds;
  let routes: Route[];
  let base: string;
  const logged: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ clock });
    // capture everything the app logs (error, warn, log) to prove no secret is ever written out
    const text = (m: unknown) =>
      m instanceof Error ? `${m.message} ${m.stack}` : typeof m === 'string' ? m : JSON.stringify(m);
    const keep =
      (level: string) =>
      (...parts: unknown[]) =>
        void logged.push(`${level} ${parts.map(text).join(' ')}`);
    const capture: LoggerService = {
      log: keep('log'),
      error: keep('error'),
      warn: keep('warn'),
      debug: keep('debug'),
      verbose: keep('verbose'),
      fatal: keep('fatal'),
    };
    t.app.useLogger(capture);
    u = await createTestUsers(t);
    ids = await seedClinic(t, u);
    routes = (await loadRoutes(t)).routes;
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  /** Status only: the body is dropped at once (the SSE stream never ends). Writes get a body only validation refuses. */
  async function statusOf(route: Route, headers: Record<string, string>): Promise<number> {
    const ctl = new AbortController();
    const write = route.method !== 'get';
    const res = await fetch(`${base}${fillPath(route, ids)}`, {
      method: route.method.toUpperCase(),
      headers: { ...headers, ...(write ? { 'Content-Type': 'application/json' } : {}) },
      body: write ? JSON.stringify({ __rbacProbe: true }) : undefined,
      signal: ctl.signal,
    });
    ctl.abort();
    return res.status;
  }

  async function throwawayAuth(role: Role): Promise<Record<string, string>> {
    const res = await t.http.post('/api/auth/login').send({ email: `${role}@test.local`, password: TEST_PASSWORD });
    return { Authorization: `Bearer ${res.body.accessToken as string}` };
  }

  it('every documented route × every role and bad token: 401 without a valid token, 403 outside the contract', async () => {
    const secret = t.app.get(AppConfig).jwtSecret;
    const nowS = Math.floor(Date.now() / 1000);
    const [h, p, s] = u.tokens.staff.split('.');
    const tampered = `${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: u.ids.admin, role: 'admin' })}.${s}`;
    const badTokens: Record<string, string | undefined> = {
      none: undefined,
      garbage: 'Bearer not.a.token',
      expired: `Bearer ${signHs(secret, { sub: u.ids.admin, role: 'admin', iat: nowS - 7200, exp: nowS - 60 })}`,
      algNone: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: u.ids.admin, role: 'admin', iat: nowS, exp: nowS + 3600 })}.`,
      tamperedPayload: `Bearer ${tampered}`,
      wrongSecret: `Bearer ${signHs('not-the-secret', { sub: u.ids.admin, iat: nowS, exp: nowS + 3600 })}`,
      hs512: `Bearer ${signHs(secret, { sub: u.ids.admin, iat: nowS, exp: nowS + 3600 }, 'HS512')}`,
      unknownUser: `Bearer ${signHs(secret, { sub: '00000000-0000-4000-8000-000000000000', iat: nowS, exp: nowS + 3600 })}`,
    };
    const failures: string[] = [];
    let checks = 0;
    const listed = routes.filter((r) => CONTRACT[routeKey(r)]).length;
    for (const route of routes) {
      const key = routeKey(route);
      const rule = CONTRACT[key];
      const isPublic = rule === 'public' || CAPABILITY_URLS.has(key) || key.startsWith('GET /api/docs');
      if (!isPublic) {
        for (const [name, header] of Object.entries(badTokens)) {
          const status = await statusOf(route, header ? { Authorization: header } : {});
          checks++;
          if (status !== 401) failures.push(`${key} with ${name} token → ${status}, want 401`);
        }
      }
      for (const role of ROLES) {
        const status = await statusOf(route, ENDS_SESSION.has(key) ? await throwawayAuth(role) : u.auth(role));
        checks++;
        if (Array.isArray(rule)) {
          const allowed = rule.includes(role);
          if (allowed && (status === 401 || status === 403))
            failures.push(`${key} as ${role} → ${status}, contract allows`);
          if (!allowed && status !== 403) failures.push(`${key} as ${role} → ${status}, want 403`);
        } else if (!isPublic) {
          if (status === 401) failures.push(`${key} as ${role} → 401 with a valid token`);
          if (role === 'staff' && CLINICAL_WRITE.test(key) && status !== 403) {
            failures.push(`${key} as staff → ${status}: staff must not make clinical writes`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // the contract's routes all exist
    expect(Object.keys(CONTRACT).filter((k) => !routes.some((r) => routeKey(r) === k))).toEqual([]);
    reportFigures('security.rbac-matrix', {
      routes: routes.length,
      routesInContractTable: listed,
      roles: ROLES.length,
      badTokenKinds: Object.keys(badTokens).length,
      requests: checks,
      violations: failures.length,
    });
  }, 120_000);

  it('sends security headers and refuses foreign origins (no CORS headers by default)', async () => {
    const res = await fetch(`${base}/api/health`, { headers: { Origin: 'https://evil.example' } });
    const hdr = (n: string) => res.headers.get(n);
    expect(hdr('x-content-type-options')).toBe('nosniff');
    expect(hdr('content-security-policy')).toContain("default-src 'self'");
    expect(hdr('content-security-policy')).toContain("object-src 'none'");
    expect(hdr('x-frame-options')).toBe('SAMEORIGIN');
    expect(hdr('strict-transport-security')).toContain('max-age=');
    expect(hdr('referrer-policy')).toBe('no-referrer');
    expect(hdr('x-powered-by')).toBeNull();
    expect(hdr('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${base}/api/patients`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://evil.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    reportFigures('security.headers-cors', {
      headersChecked: 7,
      foreignOriginAllowed: false,
      preflightStatus: preflight.status,
    });
  });

  it('a deactivated user’s token stops working on the next request', async () => {
    const email = `leaver-${Date.now()}@test.local`;
    const created = await t.http
      .post('/api/users')
      .set(u.auth('admin'))
      .send({ email, name: 'Leaver', role: 'nurse', password: TEST_PASSWORD })
      .expect(201);
    const token = (await t.http.post('/api/auth/login').send({ email, password: TEST_PASSWORD }).expect(200)).body
      .accessToken as string;
    await t.http.get('/api/patients').set('Authorization', `Bearer ${token}`).expect(200);
    await t.http
      .patch(`/api/users/${created.body.id}`)
      .set(u.auth('admin'))
      .send({ active: false, version: created.body.version ?? 1 })
      .expect(200);
    const after = await t.http.get('/api/patients').set('Authorization', `Bearer ${token}`);
    expect(after.status).toBe(401);
    const write = await t.http.post('/api/patients').set('Authorization', `Bearer ${token}`).send({
      mrn: 'LEAVER-1',
      givenName: 'a',
      familyName: 'b',
      birthDate: '1980-01-01',
      spasticityOrigin: 'spinal',
      riskFactors: [],
    });
    expect(write.status).toBe(401);
    const relogin = await t.http.post('/api/auth/login').send({ email, password: TEST_PASSWORD });
    expect(relogin.status).toBe(401);
    reportFigures('security.deactivation', {
      readAfter: after.status,
      writeAfter: write.status,
      loginAfter: relogin.status,
    });
  });

  it('audit rows cannot be changed through the app’s own database connection', async () => {
    const pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    const attempts = [
      `UPDATE audit_log SET action = 'x'`,
      `UPDATE audit_log SET after = '{}'::jsonb WHERE seq = (SELECT max(seq) FROM audit_log)`,
      `DELETE FROM audit_log WHERE seq = (SELECT min(seq) FROM audit_log)`,
      `TRUNCATE audit_log`,
      `TRUNCATE audit_log CASCADE`,
    ];
    let refused = 0;
    try {
      for (const sql of attempts) {
        await expect(pg.query(sql)).rejects.toThrow(/append-only/);
        refused++;
      }
    } finally {
      await pg.end();
    }
    const verify = await t.http.get('/api/audit/verify').set(u.auth('admin')).expect(200);
    expect(verify.body.ok).toBe(true);
    reportFigures('security.audit-append-only', {
      attempts: attempts.length,
      refused,
      chainOk: verify.body.ok,
      entries: verify.body.entries,
    });
  });

  it('never puts secrets in responses or logs (JWT secret, password hashes, passwords)', async () => {
    const secret = t.app.get(AppConfig).jwtSecret;
    // provoke logging: failed logins, a lockout, validation failures and an internal error path
    for (let i = 0; i < 6; i++)
      await t.http.post('/api/auth/login').send({ email: 'physician2@test.local', password: `wrong-${TEST_PASSWORD}` });
    await t.http.post('/api/users').set(u.auth('admin')).send({ email: 'x', password: TEST_PASSWORD });
    // an internal error while signing in (users table gone for a moment) is logged with its stack: no password in it
    const admin = new Client({ connectionString: t.databaseUrl });
    await admin.connect();
    await admin.query('ALTER TABLE users RENAME TO users_away');
    const broken = await t.http.post('/api/auth/login').send({ email: 'admin@test.local', password: TEST_PASSWORD });
    await admin.query('ALTER TABLE users_away RENAME TO users');
    await admin.end();
    expect(broken.status).toBe(500);
    expect(logged.some((l) => l.startsWith('error'))).toBe(true);
    const bodies: string[] = [broken.text];
    for (const path of [
      '/api/users',
      '/api/auth/me',
      '/api/audit',
      `/api/audit?entityId=${u.ids.nurse}`,
      '/api/exports/audit.csv',
    ]) {
      const res = await t.http.get(path).set(u.auth('admin'));
      bodies.push(res.text);
    }
    const login = await t.http.post('/api/auth/login').send({ email: 'admin@test.local', password: TEST_PASSWORD });
    bodies.push(login.text);
    const pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    const hashes = (await pg.query('SELECT password_hash FROM users')).rows.map(
      (r: { password_hash: string }) => r.password_hash,
    );
    await pg.end();
    expect(hashes.length).toBeGreaterThan(0);
    const secrets = [secret, TEST_PASSWORD, ...hashes];
    const leaks: string[] = [];
    for (const [where, texts] of [
      ['responses', bodies],
      ['logs', logged],
    ] as const) {
      for (const text of texts)
        for (const s of secrets) if (text.includes(s)) leaks.push(`${where}: ${s.slice(0, 6)}…`);
      for (const text of texts)
        if (/passwordHash|password_hash|\$2[aby]\$/.test(text)) leaks.push(`${where}: hash-like text`);
    }
    expect(leaks).toEqual([]);
    reportFigures('security.no-secrets', {
      responsesScanned: bodies.length,
      logLinesScanned: logged.length,
      secretsSearched: secrets.length,
      leaks: leaks.length,
    });
  });
});
