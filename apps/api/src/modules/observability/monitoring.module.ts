import { Module } from '@nestjs/common';
import { ShutdownState } from '../../common/lifecycle/shutdown-state';
import { AlarmSweepMonitor } from './alarm-sweep-monitor';
import { AppMetrics } from './app-metrics';

/** The state behind /metrics and /api/health: metrics registry, the alarm sweep's health, the drain flag. */
@Module({
  providers: [AppMetrics, AlarmSweepMonitor, ShutdownState],
  exports: [AppMetrics, AlarmSweepMonitor, ShutdownState],
})
export class MonitoringModule {}
