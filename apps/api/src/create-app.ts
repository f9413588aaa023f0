import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { Logger, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { Clock } from './common/clock/clock';
import { validationExceptionFactory } from './common/errors/validation';
import { guardJsonBody } from './common/http/json-guard';
import { PAGE_HEADERS } from './common/http/page-cursor';
import { isSourceMapPath, noStoreForApi, securityHeaders } from './common/http/security-headers';
import { StrictValidationPipe } from './common/http/strict-validation.pipe';
import { AppConfig } from './config/config';
import { trustProxySetting } from './config/security-config';
import { runMigrations } from './database/migrate';
import { DemoSeedService } from './database/seed/demo-seed.service';
import { AppMetrics } from './modules/observability/app-metrics';
import { httpMetrics } from './modules/observability/http-observation';
import { applyGlobalPrefix, buildOpenApiDocument } from './openapi/openapi-document';

export interface CreateAppOptions {
  config: AppConfig;
  databaseUrl: string;
  clock?: Clock;
  logger?: LoggerService | false;
  /** Where the JSON request log goes instead of stdout (tests read it). */
  logStream?: DestinationStream;
}

/** Builds the configured Nest app (migrations applied, not yet listening). Used by main.ts and the tests. */
export async function createApp(opts: CreateAppOptions): Promise<NestExpressApplication> {
  await runMigrations(opts.databaseUrl);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(opts), {
    bodyParser: false,
    logger: opts.logger ?? ['error', 'warn', 'log'],
    bufferLogs: opts.logger === undefined,
  });
  // the client's address (sign-in limits count by it) as a configured reverse proxy reports it
  const { trustProxy } = opts.config.security;
  if (trustProxy) app.set('trust proxy', trustProxySetting(trustProxy));
  // by default every log line is JSON (pino), the request log included
  if (opts.logger === undefined) app.useLogger(app.get(PinoLogger));
  app.use(httpMetrics(app.get(AppMetrics)));
  // headers first, so even a body the parser refuses (413, malformed JSON) is answered with them
  app.use(securityHeaders());
  app.use(noStoreForApi);
  app.useBodyParser('json', { limit: '100kb' });
  app.enableCors({ origin: opts.config.corsOrigin ?? false, exposedHeaders: PAGE_HEADERS });
  app.use(guardJsonBody);
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
  serveWeb(app, opts.config.webDistDir);
  await app.init();
  if (opts.config.seed === 'demo') await app.get(DemoSeedService).seedIfEmpty();
  return app;
}

function mountSwagger(app: NestExpressApplication): void {
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

/** Serves the built dashboard; unknown non-API GETs fall back to index.html for client-side routes. */
function serveWeb(app: NestExpressApplication, webDistDir: string): void {
  const index = path.join(webDistDir, 'index.html');
  if (!fs.existsSync(index)) {
    new Logger('Web').warn(`No built dashboard at ${webDistDir}; run \`pnpm build\`. Serving the API only.`);
    return;
  }
  // API paths skip the file lookup: serve-static would stat the disk on every API request (bench profile)
  const assets = express.static(webDistDir, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api')) return next();
    if (isSourceMapPath(req.path)) {
      res.status(404).json({ statusCode: 404, code: 'NOT_FOUND', message: 'Not found' });
      return;
    }
    assets(req, res, next);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api') || req.path === '/metrics' || !req.accepts('html')) {
      return next();
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
