import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import helmet from 'helmet';

/**
 * The headers helmet's defaults set, whose Content-Security-Policy allows scripts from this origin only
 * (`script-src 'self'`): no inline scripts, so an injected `<script>` or `onerror=` does not run. The dashboard's
 * build loads every script from /assets and Swagger UI from /api/docs/*.js, so neither needs 'unsafe-inline'.
 * helmet's defaults depend on nothing in the request: computed once, by running helmet on a response that only
 * records what it is given.
 */
export function helmetHeaders(): [string, string][] {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: string) => void headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  helmet()({} as never, recorder as never, () => undefined);
  return headers;
}

/** Whether a path is the API's (its answers hold patient data: see securityHeaders). */
export const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');

/** The request's path, without its query. */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * On every response, before anything else runs (so even a body the parser refuses is answered with them): helmet's
 * headers, and for /api `Cache-Control: no-store`: API answers hold patient data and are personal to the signed-in
 * user, so no browser, proxy or shared-workstation cache may keep them (a back button after sign-out must not show
 * the alarm board). Set on the Node response, so responses written to it directly (the alarm stream) carry them too.
 */
export function securityHeaders(): onRequestHookHandler {
  const headers = helmetHeaders();
  return (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const res: ServerResponse = reply.raw;
    for (const [name, value] of headers) res.setHeader(name, value);
    if (isApiPath(pathOf(req.url))) res.setHeader('Cache-Control', 'no-store');
    done();
  };
}

/** Source maps carry the full source of the dashboard; they are not built for production and never served. */
export const isSourceMapPath = (path: string): boolean => /\.map$/i.test(path);
