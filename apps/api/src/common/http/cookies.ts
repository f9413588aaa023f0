import { serialize, type CookieSerializeOptions } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Whether the request came over HTTPS (through a trusted proxy's X-Forwarded-Proto too). */
export const isSecure = (req: FastifyRequest): boolean => req.protocol === 'https';

/**
 * Adds a Set-Cookie header as Express's res.cookie wrote it (the `cookie` serializer, path `/` unless given, a
 * `maxAge` in ms becoming Expires plus Max-Age in seconds), after any other cookie of the response.
 */
export function setCookie(
  reply: FastifyReply,
  name: string,
  value: string,
  options: Omit<CookieSerializeOptions, 'maxAge'> & { maxAge?: number },
): void {
  const opts: CookieSerializeOptions = { ...options, maxAge: undefined };
  if (options.maxAge !== undefined) {
    opts.expires = new Date(Date.now() + options.maxAge);
    opts.maxAge = Math.floor(options.maxAge / 1000);
  }
  opts.path ??= '/';
  void reply.header('Set-Cookie', serialize(name, value, opts));
}

/** Tells the browser to drop a cookie, as Express's res.clearCookie did (empty value, expired in 1970). */
export function clearCookie(
  reply: FastifyReply,
  name: string,
  options: Omit<CookieSerializeOptions, 'maxAge' | 'expires'>,
): void {
  setCookie(reply, name, '', { path: '/', ...options, expires: new Date(1) });
}
