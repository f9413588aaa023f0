import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { DestinationStream, LevelWithSilent } from 'pino';
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

/**
 * One JSON line per answered request with only: request id, method, route template, status, duration (ms) and the
 * signed-in user's id. No URL, query, headers or body (patient names travel in them), no user name.
 */
export function requestLogOptions(
  level: LevelWithSilent,
  stream?: DestinationStream,
): Options<IncomingMessage, ServerResponse> | [Options<IncomingMessage, ServerResponse>, DestinationStream] {
  const options: Options<IncomingMessage, ServerResponse> = {
    level,
    base: undefined, // no hostname / pid on every line
    // a caller's (or the proxy's) X-Request-Id is kept when well-formed, so one id follows a request across tiers
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    quietReqLogger: true,
    quietResLogger: true,
    customProps: (req, res) =>
      res.writableFinished || res.headersSent
        ? {
            method: methodLabel(req.method),
            route: routeLabel(req),
            userId: (req as Request & { user?: Actor }).user?.id ?? null,
          }
        : {},
    customSuccessMessage: (req, res) => `${methodLabel(req.method)} ${routeLabel(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${methodLabel(req.method)} ${routeLabel(req)} ${res.statusCode}`,
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    serializers: {
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      // an error's own fields (a failed query's parameters, say) can hold patient data: type and message only
      err: (err: { type?: string; name?: string; message?: string }) => ({
        type: err.type ?? err.name,
        message: err.message,
      }),
    },
    // probes and scrapes every few seconds would drown the log
    autoLogging: { ignore: (req) => /^\/(api\/health(\/ready)?|metrics)(\?|$)/.test(req.url ?? '') },
  };
  return stream ? [options, stream] : options;
}
