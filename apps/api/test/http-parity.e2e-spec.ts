import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

/** A built dashboard folder: its page and one script. */
function fakeWebDist(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pumpwatch-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  fs.writeFileSync(path.join(dir, 'assets/app-1.js'), 'console.log(1);\n');
  return dir;
}

/** Two requests on one keep-alive connection: whether the server kept it open after the first answer. */
async function keptAlive(
  t: TestApp,
  first: { method: string; path: string; headers: http.OutgoingHttpHeaders; body: string },
) {
  const server = t.app.getHttpServer() as http.Server;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const port = (server.address() as AddressInfo).port;
  const send = (method: string, p: string, headers: http.OutgoingHttpHeaders, body?: string) =>
    new Promise<{ status: number; connection: string | undefined; socket: unknown }>((resolve, reject) => {
      const req = http.request({ port, method, path: p, headers, agent }, (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode!, connection: res.headers.connection, socket: req.socket }),
        );
      });
      req.on('error', reject);
      req.end(body);
    });
  try {
    const a = await send(first.method, first.path, first.headers, first.body);
    const b = await send('GET', '/api/health', {});
    return { status: a.status, connection: a.connection, sameSocket: a.socket === b.socket };
  } finally {
    agent.destroy();
  }
}

/**
 * What clients saw of the HTTP layer before the API moved from Express to Fastify, kept: ETags and conditional
 * GETs, the plain 404 page outside the API, the types of the dashboard's files, bodies read as body-parser read them.
 */
describe('HTTP answers as before the move to Fastify', () => {
  let t: TestApp;
  let u: TestUsers;
  const webDir = fakeWebDist();
  useTestApp({ env: { PUMPWATCH_WEB_DIST: webDir } }, (app) => ({ t, u } = app));
  afterAll(() => fs.rmSync(webDir, { recursive: true, force: true }));

  it('an API answer carries a weak ETag of its body; asking again with it gets 304 and no body', async () => {
    const first = await t.http.get('/api/auth/me').set(u.auth('nurse')).expect(200);
    expect(first.headers.etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    const again = await t.http
      .get('/api/auth/me')
      .set(u.auth('nurse'))
      .set('If-None-Match', first.headers.etag as string)
      .expect(304);
    expect(again.text ?? '').toBe('');
    expect(again.headers['content-type']).toBeUndefined();
  });

  it('outside the API an unknown path is the plain 404 page; inside it the JSON envelope', async () => {
    const page = await t.http.get('/favicon.ico').set('Accept', 'image/*').expect(404);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe("default-src 'none'");
    expect(page.text).toContain('<pre>Cannot GET /favicon.ico</pre>');
    expect((await t.http.post('/alarms').expect(404)).text).toContain('<pre>Cannot POST /alarms</pre>');
    const api = await t.http.get('/api/no-such-route').set(u.auth('nurse')).expect(404);
    expect(api.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Cannot GET /api/no-such-route' });
  });

  it("serves the dashboard's scripts as text/javascript, cacheable for an hour; client routes get the page", async () => {
    const js = await t.http.get('/assets/app-1.js').expect(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=3600');
    expect(js.headers.etag).toMatch(/^W\//);
    const page = await t.http.get('/alarms').set('Accept', 'text/html').expect(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.text).toContain('<div id="root">');
  });

  it('a JSON content type with no body is no body (the validation answers), not a parser error', async () => {
    const res = await t.http
      .post('/api/patients')
      .set(u.auth('nurse'))
      .set('Content-Type', 'application/json')
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details?.errors?.length).toBeGreaterThan(0);
  });

  it('a malformed or too large JSON body is refused on a connection that stays open', async () => {
    const auth = u.auth('nurse') as Record<string, string>;
    const headers = { ...auth, 'Content-Type': 'application/json' };
    for (const [body, status] of [
      ['{"a":', 400],
      [JSON.stringify({ notes: 'n'.repeat(200_000) }), 413],
    ] as const) {
      const res = await keptAlive(t, { method: 'POST', path: '/api/patients', headers, body });
      expect(res).toEqual({ status, connection: 'keep-alive', sameSocket: true });
    }
  });
});
