import etag from 'etag';
import type { FastifyInstance } from 'fastify';
import fresh from 'fresh';

/** A content type with `charset=utf-8`, as Express sets it on every text it sends. */
export function withUtf8Charset(type: string): string {
  return /;\s*charset=/i.test(type) ? type.replace(/(;\s*charset=)[^;]*/i, '$1utf-8') : `${type}; charset=utf-8`;
}

/**
 * What Express added to every answer sent as a whole, kept for the clients that read it: a weak ETag of the body
 * (unless the handler set one), `charset=utf-8` on the type of a text body, and `304 Not Modified` with no body to a GET or HEAD whose If-None-Match or
 * If-Modified-Since says the client already has it. Files and streams carry their own (see web-dist.ts).
 */
export function expressResponseHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
    if (typeof payload === 'string') {
      const type = reply.getHeader('content-type');
      if (typeof type === 'string') reply.header('Content-Type', withUtf8Charset(type));
    }
    // the body encoded once, hashed and sent as these bytes (a text was encoded to UTF-8 three times: to measure
    // it, to hash it and to send it, 0.1 MB each for a board page)
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (!reply.hasHeader('etag')) reply.header('ETag', etag(body, { weak: true }));
    const status = reply.statusCode;
    const method = request.method;
    if (
      (method === 'GET' || method === 'HEAD') &&
      ((status >= 200 && status < 300) || status === 304) &&
      fresh(request.headers, {
        etag: reply.getHeader('etag') as string | undefined,
        'last-modified': reply.getHeader('last-modified') as string | undefined,
      })
    ) {
      reply.code(304);
      reply.removeHeader('content-type');
      reply.removeHeader('content-length');
      reply.removeHeader('transfer-encoding');
      return done(null, '');
    }
    done(null, body);
  });
}
