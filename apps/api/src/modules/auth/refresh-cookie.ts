import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearCookie, isSecure, setCookie } from '../../common/http/cookies';
import { REFRESH_COOKIE, REFRESH_COOKIE_PATH } from './sessions.service';

/** The refresh token from the request's cookies (no cookie-parser: this is the one cookie the API reads). */
export function readRefreshCookie(req: FastifyRequest): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === REFRESH_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * httpOnly (page scripts cannot read it), SameSite=Strict (no other site's page can make the browser send it),
 * scoped to /api/auth, Secure whenever the request came over HTTPS. A browser-session cookie: closing the browser
 * forgets it, and the server ends the session anyway at its absolute expiry.
 */
export function setRefreshCookie(req: FastifyRequest, res: FastifyReply, token: string): void {
  setCookie(res, REFRESH_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: isSecure(req),
    path: REFRESH_COOKIE_PATH,
  });
}

export function clearRefreshCookie(req: FastifyRequest, res: FastifyReply): void {
  clearCookie(res, REFRESH_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    secure: isSecure(req),
    path: REFRESH_COOKIE_PATH,
  });
}
