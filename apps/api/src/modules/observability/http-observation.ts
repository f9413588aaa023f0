import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { DestinationStream, LevelWithSilent, Logger } from 'pino';
import type { Options } from 'pino-http';
import type { Actor } from '../../common/auth/actor';
import { pathOf } from '../../common/http/security-headers';
import type { AppMetrics } from './app-metrics';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** The catch-all route of the dashboard's files (web-dist.ts): not a route of the API. */
export const WEB_ROUTE = '/*';

/**
 * The route template a request matched (`/api/patients/:id`), never its URL: URLs carry search words (patient
 * names) and ids, and would make one metric series per patient. Unmatched API paths and the dashboard's files
 * are grouped.
 */
export function routeLabel(req: FastifyRequest): string {
  const route = req.routeOptions.url;
  if (typeof route === 'string' && route !== WEB_ROUTE) return route;
  return pathOf(req.url).startsWith('/api') ? 'unmatched' : 'web';
}

const methodLabel = (method: string | undefined) => (method && METHODS.has(method) ? method : 'OTHER');

/** A caller's (or the proxy's) X-Request-Id when well-formed, so one id follows a request across tiers; else a new one. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** Probes and scrapes every few seconds would drown the log. */
const notLogged = (url: string | undefined): boolean => /^\/(api\/health(\/ready)?|metrics)(\?|$)/.test(url ?? '');

/** What a request line says about the request (see requestLog). */
export interface RequestFacts {
  method: string | undefined;
  route: string;
  userId: string | null;
}

/** The fields every request line carries once the response is under way (none for a request cut off before it). */
function requestProps(res: ServerResponse, facts: () => RequestFacts): Record<string, unknown> {
  if (!(res.writableFinished || res.headersSent)) return {};
  const { method, route, userId } = facts();
  return { method: methodLabel(method), route, userId };
}

/**
 * Options of the application's pino logger (nestjs-pino builds it through pino-http, whose middleware is not
 * mounted: see requestLog). The `res` and `err` serializers apply to the request lines too. The other options are
 * pino-http's description of the request line requestLog writes (the request log spec compares the two).
 */
export function requestLogOptions(
  level: LevelWithSilent,
  stream?: DestinationStream,
): Options<IncomingMessage, ServerResponse> | [Options<IncomingMessage, ServerResponse>, DestinationStream] {
  const facts = (req: IncomingMessage) => (): RequestFacts => ({
    method: req.method,
    route: (req as IncomingMessage & { route?: { path: string } }).route?.path ?? 'unmatched',
    userId: (req as IncomingMessage & { user?: Actor }).user?.id ?? null,
  });
  const options: Options<IncomingMessage, ServerResponse> = {
    level,
    base: undefined, // no hostname / pid on every line
    genReqId: requestId,
    quietReqLogger: true,
    quietResLogger: true,
    customProps: (req, res) => requestProps(res, facts(req)),
    customSuccessMessage: (req, res) => `${methodLabel(req.method)} ${facts(req)().route} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${methodLabel(req.method)} ${facts(req)().route} ${res.statusCode}`,
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    serializers: {
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      // an error's own fields (a failed query's parameters, say) can hold patient data: type and message only
      err: (err: { type?: string; name?: string; message?: string }) => ({
        type: err.type ?? err.name,
        message: err.message,
      }),
    },
    autoLogging: { ignore: (req) => notLogged(req.url) },
  };
  return stream ? [options, stream] : options;
}

/**
 * One JSON line per answered request with only: request id, method, route template, status, duration (ms) and the
 * signed-in user's id. No URL, query, headers or body (patient names travel in them), no user name. The lines,
 * fields and X-Request-Id header pino-http wrote with the options above, written by the application's logger
 * directly (pino-http made three child loggers per request, one serialising every request header). Returns what
 * to call once the request is under way.
 */
export function requestLog(
  logger: () => Logger,
  req: IncomingMessage,
  res: ServerResponse,
  facts: () => RequestFacts,
): string {
  const reqId = requestId(req, res);
  const startMs = Date.now();
  const done = (err?: Error) => {
    res.removeListener('close', done);
    res.removeListener('finish', done);
    res.removeListener('error', done);
    const failed = err !== undefined || res.statusCode >= 500;
    const level = failed ? 'error' : 'info';
    const log = logger();
    if (!log.isLevelEnabled(level)) return;
    const props = requestProps(res, facts);
    const fields: Record<string, unknown> = { reqId, ...props, res };
    if (failed) fields.err = err ?? new Error(`failed with status code ${res.statusCode}`);
    fields.responseTime = Date.now() - startMs;
    log[level](fields, `${methodLabel(req.method)} ${facts().route} ${res.statusCode}`);
  };
  if (!notLogged(req.url)) {
    res.on('close', done);
    res.on('finish', done);
  }
  res.on('error', done);
  return reqId;
}

/** The API's routes and the Prometheus scrape: what the request log covers (as it always has; not the dashboard). */
const isLoggedPath = (method: string, path: string): boolean =>
  path === '/api' || path.startsWith('/api/') || (method === 'GET' && path === '/metrics');

/**
 * Every request: its time in http_request_duration_seconds; for the API's routes, the request log line and X-Request-Id
 * (`inContext` runs the rest of the request with a logger bound to its id, so what the app logs meanwhile carries it).
 */
export function httpObservation(
  metrics: AppMetrics,
  logger: () => Logger,
  inContext: (reqId: string, next: () => void) => void,
): onRequestHookHandler {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const res = reply.raw;
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () =>
      end({ route: routeLabel(request), method: methodLabel(request.method), status: String(res.statusCode) }),
    );
    if (!isLoggedPath(request.method, pathOf(request.url))) return done();
    const facts = (): RequestFacts => ({
      method: request.method,
      route: routeLabel(request),
      userId: (request as FastifyRequest & { user?: Actor }).user?.id ?? null,
    });
    inContext(requestLog(logger, request.raw, res, facts), done);
  };
}
