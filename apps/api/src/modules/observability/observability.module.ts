import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream, LevelWithSilent } from 'pino';
import type { AppConfig } from '../../config/config';
import { requestLogOptions } from './http-observation';
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
export class ObservabilityModule {
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
        // builds the application's logger; its pino-http middleware is not mounted (no routes): the request log is a hook (httpObservation).
        LoggerModule.forRoot({ pinoHttp: requestLogOptions(level, opts.logStream), forRoutes: [] }),
        MonitoringModule,
      ],
      controllers: [PrometheusController],
      exports: [MonitoringModule],
    };
  }
}
