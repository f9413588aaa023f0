import { Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { ApplicationConfig } from '@nestjs/core';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import type { DestinationStream, LevelWithSilent } from 'pino';
import type { AppConfig } from '../../config/config';
import { requestLog, requestLogOptions } from './http-observation';
import { MonitoringModule } from './monitoring.module';
import { PrometheusController } from './prometheus.controller';

export interface ObservabilityOptions {
  config: AppConfig;
  /** `false` (the tests): no log output unless `logStream` is given. */
  logger?: unknown;
  /** Where the JSON log goes instead of stdout (tests read it). */
  logStream?: DestinationStream;
}

/** Metrics (`GET /metrics`) and the structured request log; the state they report lives in MonitoringModule. */
@Module({})
export class ObservabilityModule implements NestModule {
  constructor(
    private readonly appConfig: ApplicationConfig,
    private readonly pino: PinoLogger,
  ) {}

  static register(opts: ObservabilityOptions): DynamicModule {
    const level: LevelWithSilent =
      opts.logStream !== undefined
        ? 'info'
        : opts.logger === false
          ? 'silent'
          : (opts.config.logLevel as LevelWithSilent);
    return {
      module: ObservabilityModule,
      imports: [
        // LoggerModule.forRoot is global by design: every provider may inject the request-scoped PinoLogger. It
        // builds the application's logger; its pino-http middleware is not mounted (no routes): requestLog is.
        LoggerModule.forRoot({ pinoHttp: requestLogOptions(level, opts.logStream), forRoutes: [] }),
        MonitoringModule,
      ],
      controllers: [PrometheusController],
      exports: [MonitoringModule],
    };
  }

  /** The request log on the routes nestjs-pino mounts its own on: every route, with the global prefix's exclusions. */
  configure(consumer: MiddlewareConsumer): void {
    const { exclude } = this.appConfig.getGlobalPrefixOptions();
    consumer
      .apply(
        requestLog(
          () => PinoLogger.root,
          (reqId, next) => this.pino.runInContext(next, { bindings: { reqId } }),
        ),
      )
      .forRoutes(
        { path: '{/*splat}', method: RequestMethod.ALL },
        ...(exclude ?? []).map(({ path, requestMethod }) => ({ path, method: requestMethod })),
      );
  }
}
