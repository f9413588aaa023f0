import type { IncomingMessage } from 'node:http';
import bodyParser from 'body-parser';
import type { FastifyInstance } from 'fastify';
import { refuseBody } from './json-guard';
import { pathOf } from './security-headers';

/** Largest JSON body accepted (body-parser's `limit`); bigger ones are 413 before they are read on. */
export const JSON_BODY_LIMIT = '100kb';

type BodyRequest = IncomingMessage & { body?: unknown; bodyError?: Error };

/**
 * Request bodies as the API has always read them: body-parser's JSON parser (100 kB, strict, its errors: 413
 * "request entity too large", 400 with the parser's message), any other content type left unread and then refused
 * by refuseBody (415), like a JSON body nested too deep or carrying a lone surrogate or `__proto__` (400). Fastify's
 * own parsers are removed: they refuse an empty JSON body, `__proto__` keys and unknown types with other answers.
 * Multipart uploads have their own parser (the import module's).
 */
export function registerJsonBody(fastify: FastifyInstance): void {
  const json = bodyParser.json({ limit: JSON_BODY_LIMIT });
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
    const bodyError = (request.raw as BodyRequest).bodyError;
    if (bodyError) return done(bodyError);
    const refusal = refuseBody(request.method, pathOf(request.url), request.headers, request.body);
    if (!refusal) return done();
    void reply.code(refusal.statusCode).send(refusal.body);
  });
}
