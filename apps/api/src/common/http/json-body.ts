import type { IncomingMessage } from 'node:http';
import bodyParser from 'body-parser';
import type { FastifyInstance } from 'fastify';
import { duplicateJsonKey } from './json-duplicates';
import { refuseBody } from './json-guard';
import { pathOf } from './security-headers';

/** Largest JSON body accepted (body-parser's `limit`); bigger ones are 413 before they are read on. */
export const JSON_BODY_LIMIT = '100kb';

type BodyRequest = IncomingMessage & { body?: unknown; bodyError?: Error; duplicateKey?: string };

/**
 * Request bodies as the API has always read them: body-parser's JSON parser (100 kB, strict, its errors: 413
 * "request entity too large", 400 with the parser's message), any other content type left unread and then refused
 * by refuseBody (415), like a JSON body nested too deep, carrying a lone surrogate or `__proto__`, or naming a
 * property twice in one object (400). Fastify's
 * own parsers are removed: they refuse an empty JSON body, `__proto__` keys and unknown types with other answers.
 * Multipart uploads have their own parser (the import module's).
 */
/** The body as text in its declared charset; '' where this runtime cannot decode it (the parser then decides). */
function decode(buf: Buffer, encoding: string): string {
  try {
    return new TextDecoder(encoding).decode(buf);
  } catch {
    return '';
  }
}

export function registerJsonBody(fastify: FastifyInstance): void {
  const json = bodyParser.json({
    limit: JSON_BODY_LIMIT,
    // the raw text, before JSON.parse keeps the last of two equal keys: such a body is refused (refuseBody)
    verify: (req, _res, buf, encoding) => {
      const duplicate = duplicateJsonKey(decode(buf, encoding));
      if (duplicate !== undefined) (req as BodyRequest).duplicateKey = duplicate;
    },
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    const raw = request.raw as BodyRequest;
    json(raw, {} as never, (err?: unknown) => {
      // answered from preValidation: Fastify's parser-error path would also close the connection
      if (err) raw.bodyError = err as Error;
      done(null, raw.body);
    });
  });
  fastify.addHook('preValidation', (request, reply, done) => {
    const raw = request.raw as BodyRequest;
    if (raw.bodyError) return done(raw.bodyError);
    const refusal = refuseBody(request.method, pathOf(request.url), request.headers, request.body, raw.duplicateKey);
    if (!refusal) return done();
    void reply.code(refusal.statusCode).send(refusal.body);
  });
}
