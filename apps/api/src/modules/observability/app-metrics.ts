import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ALARM_PRIORITIES } from '@pumpwatch/contracts';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AlarmSweepMonitor } from './alarm-sweep-monitor';

/**
 * The Prometheus registry of this process (one per app, so tests with several apps never share counters).
 * Figures that live in the database (open alarms, the last successful sweep) are read when scraped, so every
 * instance behind the proxy reports the same clinic-wide values.
 */
@Injectable()
export class AppMetrics {
  readonly registry = new Registry();
  private readonly logger = new Logger('Metrics');

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by route template, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly sweepDuration = new Histogram({
    name: 'pumpwatch_alarm_sweep_duration_seconds',
    help: 'Duration of the scheduled alarm sweeps this instance ran',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [this.registry],
  });

  readonly sweepFailures = new Counter({
    name: 'pumpwatch_alarm_sweep_failures_total',
    help: 'Scheduled alarm sweeps on this instance that failed',
    registers: [this.registry],
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sweeps: AlarmSweepMonitor,
  ) {
    collectDefaultMetrics({ register: this.registry });
    const alarmsOpen: Gauge<'priority'> = new Gauge({
      name: 'pumpwatch_alarms_open',
      help: 'Alarms not resolved (open, acknowledged or snoozed), by priority',
      labelNames: ['priority'] as const,
      registers: [this.registry],
      collect: async () => {
        const counts = await this.openAlarms();
        if (!counts) return; // database unreachable: the scrape still answers, without this figure
        for (const priority of ALARM_PRIORITIES) alarmsOpen.set({ priority }, counts.get(priority) ?? 0);
      },
    });
    const lastSweep: Gauge = new Gauge({
      name: 'pumpwatch_alarm_sweep_last_success_timestamp_seconds',
      help: 'When the last scheduled alarm sweep (by any instance) finished successfully, Unix time',
      registers: [this.registry],
      collect: async () => {
        const state = await this.sweeps.lastSuccess().catch(() => undefined);
        if (state?.lastSuccessAt) lastSweep.set(state.lastSuccessAt.getTime() / 1000);
      },
    });
    const pool = (read: (p: Pool) => number) => () => {
      const p = this.pool();
      return p ? read(p) : 0;
    };
    this.poolGauge(
      'pumpwatch_db_pool_connections',
      'Open connections in the database pool',
      pool((p) => p.totalCount),
    );
    this.poolGauge(
      'pumpwatch_db_pool_idle_connections',
      'Idle connections in the database pool',
      pool((p) => p.idleCount),
    );
    this.poolGauge(
      'pumpwatch_db_pool_waiting_requests',
      'Queries waiting for a free pool connection',
      pool((p) => p.waitingCount),
    );
    this.poolGauge(
      'pumpwatch_db_pool_max_connections',
      'Size limit of the database pool',
      pool((p) => p.options.max ?? 10),
    );
  }

  private poolGauge(name: string, help: string, read: () => number): void {
    const gauge: Gauge = new Gauge({ name, help, registers: [this.registry], collect: () => gauge.set(read()) });
  }

  /** The pg Pool under TypeORM's postgres driver (undefined before it connects). */
  private pool(): Pool | undefined {
    return (this.dataSource.driver as unknown as { master?: Pool }).master;
  }

  private async openAlarms(): Promise<Map<string, number> | undefined> {
    try {
      const rows = (await this.dataSource.query(
        `SELECT priority, count(*)::int AS n FROM alarms WHERE status <> 'resolved' GROUP BY priority`,
      )) as { priority: string; n: number }[];
      return new Map(rows.map((r) => [r.priority, r.n]));
    } catch (e) {
      this.logger.warn(`open alarms not counted: ${(e as Error).message}`);
      return undefined;
    }
  }
}
