import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { drainHttpServer } from '../src/common/lifecycle/graceful-drain';
import { ShutdownState } from '../src/common/lifecycle/shutdown-state';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestUsers, type TestUsers } from './support/users';

/** One GET on a fresh connection: status, headers and body (or the connection error's code). */
function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string } | { error: string }>(
    (resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    },
  );
}

describe('graceful drain on SIGTERM (main.ts): readiness 503, connections closed after answering, streams moved', () => {
  let t: TestApp;
  let u: TestUsers;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp();
    u = await createTestUsers(t);
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps answering while draining, then refuses new connections and ends alarm streams with a retry hint', async () => {
    const ready = await get(port, '/api/health/ready');
    expect(ready).toMatchObject({ status: 200 });
    // an open alarm stream (the whole body is read once the server ends it)
    const stream = get(port, '/api/alarms/stream', { Authorization: `Bearer ${u.tokens.staff}` });
    await new Promise((r) => setTimeout(r, 200));

    const server = t.app.getHttpServer() as http.Server;
    const drained = drainHttpServer(server, t.app.get(ShutdownState), {
      delayMs: 400,
      timeoutMs: 5000,
      streamRetryMs: 1000,
    });
    // during the delay: still served, but out of the load balancer's rotation and without keep-alive
    const during = await get(port, '/api/health/ready');
    expect(during).toMatchObject({ status: 503, headers: { connection: 'close' } });
    expect(JSON.parse((during as { body: string }).body)).toMatchObject({ status: 'not-ready', database: 'up' });
    const served = await get(port, '/api/health');
    expect(served).toMatchObject({ status: 200, headers: { connection: 'close' } });

    // then: the stream ends telling its client to come back in 1 s (elsewhere), new connections are refused
    const ended = (await stream) as { status: number; body: string };
    expect(ended.status).toBe(200);
    expect(ended.body.startsWith('retry: 3000\n\n')).toBe(true);
    expect(ended.body.endsWith('retry: 1000\n\n')).toBe(true);
    expect(await get(port, '/api/health')).toEqual({ error: 'ECONNREFUSED' });
    await drained;
  });
});
