import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { DestinationStream, LevelWithSilent, Logger } from 'pino';
import type { Options } from 'pino-http';
import type { Actor } from '../../common/auth/actor';
import type { AppMetrics } from './app-metrics';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The route template a request matched (`/api/patients/:id`), never its URL: URLs carry search words (patient
 * names) and ids, and would make one metric series per patient. Unmatched API paths and the dashboard's files
 * are grouped.
 */
export function routeLabel(req: IncomingMessage): string {
  const route = (req as Request).route as { path?: unknown } | undefined;
  if (typeof route?.path === 'string') return route.path;
  const path = (req as Request).path ?? req.url ?? '';
  return path.startsWith('/api') ? 'unmatched' : 'web';
}

const methodLabel = (method: string | undefined) => (method && METHODS.has(method) ? method : 'OTHER');

/** Records every answered request in http_request_duration_seconds. */
export function httpMetrics(metrics: AppMetrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () =>
      end({ route: routeLabel(req), method: methodLabel(req.method), status: String(res.statusCode) }),
    );
    next();
  };
}

/** A caller's (or the proxy's) X-Request-Id when well-formed, so one id follows a request across tiers; else a new one. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** Probes and scrapes every few seconds would drown the log. */
const notLogged = (url: string | undefined): boolean => /^\/(api\/health(\/ready)?|metrics)(\?|$)/.test(url ?? '');

/** The fields every request line carries once the response is under way (none for a request cut off before it). */
function requestProps(req: IncomingMessage, res: ServerResponse): Record<string, unknown> {
  return res.writableFinished || res.headersSent
    ? {
        method: methodLabel(req.method),
        route: routeLabel(req),
        userId: (req as Request & { user?: Actor }).user?.id ?? null,
      }
    : {};
}

const requestMessage = (req: IncomingMessage, res: ServerResponse) =>
  `${methodLabel(req.method)} ${routeLabel(req)} ${res.statusCode}`;

/**
 * Options of the application's pino logger (nestjs-pino builds it through pino-http, whose middleware is not
 * mounted: see requestLog). The `res` and `err` serializers apply to the request lines too.
 */
export function requestLogOptions(
  level: LevelWithSilent,
  stream?: DestinationStream,
): Options<IncomingMessage, ServerResponse> | [Options<IncomingMessage, ServerResponse>, DestinationStream] {
  const options: Options<IncomingMessage, ServerResponse> = {
    level,
    base: undefined, // no hostname / pid on every line
    genReqId: requestId,
    quietReqLogger: true,
    quietResLogger: true,
    customProps: requestProps,
    customSuccessMessage: requestMessage,
    customErrorMessage: requestMessage,
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
 * signed-in user's id. No URL, query, headers or body (patient names travel in them), no user name. The same lines,
 * fields and X-Request-Id header pino-http wrote with the options above, written by the application's logger
 * directly: pino-http made three child loggers per request, one of them serialising every request header for a
 * binding the quiet logger never prints, which was the largest framework cost of a request (bench profile).
 * `inContext` runs the rest of the request with a logger bound to its id, so what the app logs meanwhile carries it.
 */
export function requestLog(
  logger: () => Logger,
  inContext: (reqId: string, next: () => void) => void,
): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
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
      const fields: Record<string, unknown> = { reqId, ...requestProps(req, res), res };
      if (failed) fields.err = err ?? new Error(`failed with status code ${res.statusCode}`);
      fields.responseTime = Date.now() - startMs;
      log[level](fields, requestMessage(req, res));
    };
    if (!notLogged(req.url)) {
      res.on('close', done);
      res.on('finish', done);
    }
    res.on('error', done);
    inContext(reqId, next);
  };
}
