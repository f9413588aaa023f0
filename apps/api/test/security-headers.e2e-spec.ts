import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signInDemoUsers } from './support/demo';
import { startTestApp, type TestApp } from './support/test-app';

/** A built dashboard as Vite writes it (external module script), plus a stale source map left in the folder. */
function fakeWebDist(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pumpwatch-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><head><script type="module" crossorigin src="/assets/index-abc.js"></script></head>' +
      '<body><div id="root"></div></body></html>',
  );
  fs.writeFileSync(path.join(dir, 'assets/index-abc.js'), 'console.log("app");\n//# sourceMappingURL=index-abc.js.map');
  fs.writeFileSync(
    path.join(dir, 'assets/index-abc.js.map'),
    JSON.stringify({ version: 3, sources: ['src/secret.ts'], sourcesContent: ['const internal = 1;'] }),
  );
  return dir;
}

describe('security headers, caching and source maps', () => {
  let t: TestApp;
  let webDir: string;
  let tokens: Record<string, string>;
  const as = (role: string) => ({ Authorization: `Bearer ${tokens[role]}` });

  beforeAll(async () => {
    webDir = fakeWebDist();
    t = await startTestApp({ seed: 'demo', env: { PUMPWATCH_WEB_DIST: webDir } });
    tokens = await signInDemoUsers(t);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('every /api answer says Cache-Control: no-store (success, errors, exports, docs)', async () => {
    const patients = (await t.http.get('/api/patients').set(as('nurse')).expect(200)).body.items as { id: string }[];
    const answers = [
      await t.http.get('/api/health'),
      await t.http.get('/api/patients').set(as('nurse')),
      await t.http.get(`/api/patients/${patients[0]!.id}`).set(as('nurse')),
      await t.http.get('/api/patients'), // 401
      await t.http.get('/api/clinic-settings').set(as('staff')),
      await t.http.put('/api/clinic-settings').set(as('staff')).send({ version: 1 }), // 403
      await t.http.get('/api/no-such-route').set(as('nurse')), // 404
      await t.http.post('/api/patients').set(as('nurse')).send({}), // 400
      await t.http.post('/api/patients').set(as('nurse')).set('Content-Type', 'application/json').send('{"a":'), // 400
      await t.http
        .post('/api/patients')
        .set(as('nurse'))
        .send({ notes: 'n'.repeat(200_000) }), // 413
      await t.http.get('/api/exports/worklist.csv').set(as('nurse')),
      await t.http.post('/api/auth/login').send({ email: 'nurse@demo.pumpwatch.local', password: 'pumpwatch-demo' }),
      await t.http.get('/api/docs-json'),
    ];
    const statuses = new Set(answers.map((r) => r.status));
    expect([...statuses].sort()).toEqual([200, 400, 401, 403, 404, 413]);
    expect(answers.map((r) => [r.status, r.headers['cache-control']]).filter(([, cc]) => cc !== 'no-store')).toEqual(
      [],
    );
  });

  it('CSP allows scripts from this origin only: no unsafe-inline, no inline event handlers', async () => {
    for (const res of [await t.http.get('/').set('Accept', 'text/html'), await t.http.get('/api/health')]) {
      const csp = res.headers['content-security-policy'] as string;
      const directives = Object.fromEntries(
        csp.split(';').map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name, values];
        }),
      );
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(directives['script-src-attr']).toEqual(["'none'"]);
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(csp).not.toContain("'unsafe-eval'");
    }
    // the dashboard page itself runs under that policy: its scripts are all external files
    const page = await t.http.get('/').set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('<div id="root">');
    expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
    // Swagger UI too (it loads swagger-ui-init.js rather than an inline script)
    const docs = await t.http.get('/api/docs/').expect(200);
    expect(docs.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
  });

  it('never serves source maps, even one left in the built folder', async () => {
    await t.http.get('/assets/index-abc.js').expect(200);
    for (const p of ['/assets/index-abc.js.map', '/assets/INDEX-ABC.JS.MAP', '/assets/missing.js.map']) {
      const res = await t.http.get(p).set('Accept', '*/*');
      expect([p, res.status]).toEqual([p, 404]);
      expect(res.text).not.toContain('sourcesContent');
      expect(res.text).not.toContain('<div id="root">');
    }
  });
});
