import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream, LevelWithSilent } from 'pino';
import { ShutdownState } from '../../common/lifecycle/shutdown-state';
import type { AppConfig } from '../../config/config';
import { AlarmSweepMonitor } from './alarm-sweep-monitor';
import { AppMetrics } from './app-metrics';
import { requestLogOptions } from './http-observation';
import { PrometheusController } from './prometheus.controller';

export interface ObservabilityOptions {
  config: AppConfig;
  /** `false` (the tests): no log output unless `logStream` is given. */
  logger?: unknown;
  /** Where the JSON log goes instead of stdout (tests read it). */
  logStream?: DestinationStream;
}

/** Metrics (`GET /metrics`), the alarm sweep's health, the drain state and the structured request log. */
@Global()
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
      imports: [LoggerModule.forRoot({ pinoHttp: requestLogOptions(level, opts.logStream) })],
      controllers: [PrometheusController],
      providers: [AppMetrics, AlarmSweepMonitor, ShutdownState],
      exports: [AppMetrics, AlarmSweepMonitor, ShutdownState],
    };
  }
}
