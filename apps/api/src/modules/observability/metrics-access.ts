import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

export type MetricsAccess = 'allowed' | 'token-required' | 'loopback-only';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** Compares digests of equal length, so the time taken says nothing about how much of the token matched. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Who may read /metrics. With PUMPWATCH_METRICS_TOKEN set: any client presenting it as a Bearer token (and nobody
 * else, loopback included). Without: only a client on this machine talking to the app directly — a request that
 * came through a proxy (X-Forwarded-For, Forwarded, X-Real-IP) is refused even though the proxy's own connection is
 * local, since it may be relaying someone outside.
 */
export function metricsAccess(req: FastifyRequest, token: string | undefined): MetricsAccess {
  if (token) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    return m && sameToken(m[1], token) ? 'allowed' : 'token-required';
  }
  const proxied = req.headers['x-forwarded-for'] ?? req.headers.forwarded ?? req.headers['x-real-ip'];
  return !proxied && LOOPBACK.test(req.socket.remoteAddress ?? '') ? 'allowed' : 'loopback-only';
}
