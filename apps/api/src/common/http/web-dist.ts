import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import accepts from 'accepts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import finalhandler from 'finalhandler';
import { contentType } from 'mime-types';
import { WEB_ROUTE } from '../../modules/observability/http-observation';
import { isSourceMapPath, pathOf } from './security-headers';

/** How long browsers may keep the dashboard's files (their names change with every build). */
const ASSET_MAX_AGE_MS = 3_600_000;
// not OPTIONS: the CORS plugin answers every preflight (an unknown path's with the API's 404)
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** A file of the build for a request path, or null (missing, a folder, a dotfile, outside the folder). */
function fileOf(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) return null;
  const file = path.join(root, decoded);
  if (!file.startsWith(root + path.sep)) return null;
  try {
    return fs.statSync(file).isFile() ? path.relative(root, file) : null;
  } catch {
    return null;
  }
}

/** Not an API path and nothing here: the plain 404 page Express answered such requests with. */
function notFoundPage(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  finalhandler(request.raw, reply.raw, { env: 'production' })(undefined);
}

/**
 * Serves the built dashboard; unknown non-API GETs fall back to index.html for client-side routes. One catch-all
 * route below every API route: an API path never looks at the disk and an unknown one gets the API's 404.
 */
export async function serveWeb(app: NestFastifyApplication, webDistDir: string): Promise<void> {
  const root = path.resolve(webDistDir);
  const built = fs.existsSync(path.join(root, 'index.html'));
  if (!built) new Logger('Web').warn(`No built dashboard at ${webDistDir}; run \`pnpm build\`. Serving the API only.`);
  const fastify = app.getHttpAdapter().getInstance();
  if (built) {
    await fastify.register(fastifyStatic, {
      root,
      serve: false,
      // the types Express's file server gave (its mime table: text/javascript for .js)
      setHeaders: (reply, file) => {
        const type = contentType(path.extname(file));
        if (type) void (reply as unknown as FastifyReply).header('content-type', type);
      },
    });
  }
  fastify.route({
    method: [...METHODS],
    url: WEB_ROUTE,
    handler: (request, reply) => {
      const urlPath = pathOf(request.url);
      if (urlPath.startsWith('/api')) return reply.callNotFound();
      const readable = request.method === 'GET' || request.method === 'HEAD';
      if (!built || !readable) return notFoundPage(request, reply);
      if (isSourceMapPath(urlPath)) {
        return reply.code(404).send({ statusCode: 404, code: 'NOT_FOUND', message: 'Not found' });
      }
      const file = fileOf(root, urlPath);
      if (file) return reply.sendFile(file, { maxAge: ASSET_MAX_AGE_MS });
      if (request.method !== 'GET' || urlPath === '/metrics' || !accepts(request.raw).type('html')) {
        return notFoundPage(request, reply);
      }
      void reply.header('Cache-Control', 'no-cache');
      return reply.sendFile('index.html', { cacheControl: false });
    },
  });
}
