import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { pinoHttp, type Options } from 'pino-http';
import { requestLog, requestLogOptions } from '../src/modules/observability/http-observation';

type Middleware = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

/**
 * requestLog writes the request lines itself instead of mounting pino-http (whose per-request child loggers cost
 * more than anything else the framework does per request). Operators' log queries must not notice: for the same
 * requests, every line is the one pino-http wrote with requestLogOptions, byte for byte (time and duration aside).
 */
describe('request log', () => {
  /** The lines a middleware writes for: a success, a 503, a probe, and a client that leaves before the answer. */
  async function linesOf(make: (stream: DestinationStream) => Middleware): Promise<string[]> {
    const lines: string[] = [];
    const middleware = make({ write: (line: string) => void lines.push(line) });
    const server = http.createServer((req, res) =>
      middleware(req, res, () => {
        (req as unknown as { route: { path: string } }).route = { path: '/api/things/:id' };
        const status = Number(new URL(req.url!, 'http://x').searchParams.get('status') ?? 200);
        setTimeout(() => res.writeHead(status).end('{}'), req.url!.includes('slow') ? 200 : 1);
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ok = await fetch(`${base}/api/things/1`, { headers: { 'X-Request-Id': 'req-ok' } });
      expect(ok.headers.get('x-request-id')).toBe('req-ok');
      await fetch(`${base}/api/things/1?status=503`, { headers: { 'X-Request-Id': 'req-503' } });
      const probe = await fetch(`${base}/api/health`, { headers: { 'X-Request-Id': 'bad id' } });
      expect(probe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      await new Promise<void>((resolve) => {
        const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1', () => {
          socket.write('GET /api/things/1?slow HTTP/1.1\r\nHost: x\r\nX-Request-Id: req-gone\r\n\r\n');
          setTimeout(() => socket.destroy(), 20);
          socket.on('close', () => resolve());
        });
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      server.close();
    }
    return lines.map((l) => l.replace(/"time":\d+/, '"time":0').replace(/"responseTime":\d+/, '"responseTime":0'));
  }

  it('writes the lines pino-http wrote with the same options', async () => {
    const before = await linesOf((stream) => {
      const [options] = requestLogOptions('info', stream) as [Options, DestinationStream];
      return pinoHttp(options, stream) as Middleware;
    });
    const after = await linesOf((stream) => {
      const [options] = requestLogOptions('info', stream) as [Options, DestinationStream];
      const logger = pinoHttp(options, stream).logger;
      return (req, res, next) => {
        requestLog(
          () => logger,
          req,
          res,
          () => ({
            method: req.method,
            route: (req as unknown as { route?: { path: string } }).route?.path ?? 'unmatched',
            userId: null,
          }),
        );
        next();
      };
    });
    expect(after).toEqual(before);
    expect(after.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ reqId: 'req-ok', level: 30, route: '/api/things/:id', res: { statusCode: 200 } }),
      expect.objectContaining({
        reqId: 'req-503',
        level: 50,
        res: { statusCode: 503 },
        err: { type: 'Error', message: 'failed with status code 503' },
      }),
      // left before the answer: no route or user yet, as pino-http had it
      {
        level: 30,
        time: 0,
        reqId: 'req-gone',
        res: { statusCode: null },
        responseTime: 0,
        msg: 'GET /api/things/:id 200',
      },
    ]);
  });
});
