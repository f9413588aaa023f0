import 'reflect-metadata';
import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoLogger, PinoLogger as NestPinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { Clock } from './common/clock/clock';
import { validationExceptionFactory } from './common/errors/validation';
import { expressResponseHeaders } from './common/http/express-parity';
import { registerJsonBody } from './common/http/json-body';
import { PAGE_HEADERS } from './common/http/page-cursor';
import { securityHeaders } from './common/http/security-headers';
import { StrictValidationPipe } from './common/http/strict-validation.pipe';
import { serveWeb } from './common/http/web-dist';
import { AppConfig } from './config/config';
import { trustProxySetting } from './config/security-config';
import { runMigrations } from './database/migrate';
import { DemoSeedService } from './database/seed/demo-seed.service';
import { registerImportUpload } from './modules/imports/import-upload.interceptor';
import { AppMetrics } from './modules/observability/app-metrics';
import { httpObservation } from './modules/observability/http-observation';
import { applyGlobalPrefix, buildOpenApiDocument } from './openapi/openapi-document';

export interface CreateAppOptions {
  config: AppConfig;
  databaseUrl: string;
  clock?: Clock;
  logger?: LoggerService | false;
  /** Where the JSON request log goes instead of stdout (tests read it). */
  logStream?: DestinationStream;
}

/** Node's own defaults for an http.Server, which the API kept under Express (Fastify's differ). */
const NODE_KEEP_ALIVE_TIMEOUT_MS = 5_000;
const NODE_REQUEST_TIMEOUT_MS = 300_000;

/** PUMPWATCH_TRUST_PROXY for Fastify: a hop count as Express counts it (Fastify alone would trust no hop at all). */
function fastifyTrustProxy(value: string): string | boolean | ((address: string, hop: number) => boolean) {
  const setting = trustProxySetting(value);
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

/**
 * Builds the configured Nest app on Fastify (migrations applied, not yet listening). Used by main.ts and the tests.
 * Fastify instead of Express: the same routes, headers and bodies at a lower cost per request (bench/RESULTS.md).
 */
export async function createApp(opts: CreateAppOptions): Promise<NestFastifyApplication> {
  await runMigrations(opts.databaseUrl);
  const { trustProxy } = opts.config.security;
  const adapter = new FastifyAdapter({
    // the client's address (sign-in limits count by it) as a configured reverse proxy reports it
    trustProxy: trustProxy ? fastifyTrustProxy(trustProxy) : false,
    keepAliveTimeout: NODE_KEEP_ALIVE_TIMEOUT_MS,
    requestTimeout: NODE_REQUEST_TIMEOUT_MS,
    // as Express routed: a trailing slash does not matter, a path parameter has no length limit (and `/API/…`, in
    // other letters, is a path of the dashboard, as Express's file server took it before its case-blind router)
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 65_536 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(opts), adapter, {
    // JSON bodies are read by registerJsonBody (the parser, limits and refusals the API has always had)
    bodyParser: false,
    logger: opts.logger ?? ['error', 'warn', 'log'],
    bufferLogs: opts.logger === undefined,
  });
  // by default every log line is JSON (pino), the request log included
  if (opts.logger === undefined) app.useLogger(app.get(PinoLogger));
  const fastify = app.getHttpAdapter().getInstance();
  // headers first, so even a body the parser refuses (413, malformed JSON) is answered with them
  fastify.addHook('onRequest', securityHeaders());
  const pino = await app.resolve(NestPinoLogger);
  fastify.addHook(
    'onRequest',
    httpObservation(
      app.get(AppMetrics),
      () => NestPinoLogger.root,
      (reqId, next) => pino.runInContext(next, { bindings: { reqId } }),
    ),
  );
  expressResponseHeaders(fastify);
  registerJsonBody(fastify);
  await registerImportUpload(app);
  app.enableCors({ origin: opts.config.corsOrigin ?? false, exposedHeaders: PAGE_HEADERS });
  // Prometheus scrapes /metrics by default: the one route outside /api
  applyGlobalPrefix(app);
  app.useGlobalPipes(
    new StrictValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationExceptionFactory,
    }),
  );
  mountSwagger(app);
  await serveWeb(app, opts.config.webDistDir);
  await app.init();
  await fastify.ready();
  if (opts.config.seed === 'demo') await app.get(DemoSeedService).seedIfEmpty();
  return app;
}

function mountSwagger(app: NestFastifyApplication): void {
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}
