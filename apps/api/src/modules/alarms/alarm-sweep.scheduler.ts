import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Cron, SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../config/config';
import { AlarmSweepMonitor } from '../observability/alarm-sweep-monitor';
import { AppMetrics } from '../observability/app-metrics';
import { AlarmsService } from './alarms.service';

export const ALARM_SWEEP_JOB = 'alarm-sweep';
const DEFAULT_SWEEP_CRON = '*/5 * * * *';
const STARTUP_SWEEP_DELAY_MS = 2000;

/** Sets a cron job's schedule from an expression, using the CronTime class of the installed `cron` package. */
function reschedule(job: ReturnType<SchedulerRegistry['getCronJob']>, expression: string): void {
  const CronTime = job.cronTime.constructor as new (source: string) => typeof job.cronTime;
  job.setTime(new CronTime(expression));
}

/**
 * Thin scheduler: calls AlarmsService.sweep() on AppConfig.alarmSweepCron (PUMPWATCH_ALARM_CRON, default
 * every 5 minutes; "off" disables it, as the tests do). The job is declared disabled and started here so
 * the expression can come from configuration rather than a decorator constant.
 */
@Injectable()
export class AlarmSweepScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AlarmSweep');
  private kickoff: NodeJS.Timeout | null = null;

  constructor(
    private readonly alarms: AlarmsService,
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
    private readonly metrics: AppMetrics,
    private readonly monitor: AlarmSweepMonitor,
  ) {}

  onApplicationBootstrap(): void {
    const expression = this.config.alarmSweepCron;
    if (!expression || expression === 'off') return;
    const job = this.registry.getCronJob(ALARM_SWEEP_JOB);
    if (expression !== DEFAULT_SWEEP_CRON) reschedule(job, expression);
    job.start();
    // one sweep soon after start, so a restarted instance does not wait a whole period for its first run
    this.kickoff = setTimeout(() => void this.sweepOnce('startup'), STARTUP_SWEEP_DELAY_MS);
    this.kickoff.unref();
  }

  onApplicationShutdown(): void {
    if (this.kickoff) clearTimeout(this.kickoff);
  }

  @Cron(DEFAULT_SWEEP_CRON, { name: ALARM_SWEEP_JOB, disabled: true, waitForCompletion: true })
  async run(): Promise<void> {
    await this.sweepOnce('scheduled');
  }

  /**
   * Every instance's timer fires for each scheduled run; the sweep lock lets one sweep at a time, and the last
   * success, checked and recorded under that lock, makes the others skip the run already done (their timers fire
   * a little later, or their clocks differ a little). A start-up sweep is only needed when no instance swept
   * within a whole period (a cluster's other instances kept sweeping while this one restarted).
   */
  private async sweepOnce(trigger: 'scheduled' | 'startup'): Promise<void> {
    const startedAt = new Date();
    const startedMs = performance.now();
    try {
      const periodMs = this.monitor.periodMs();
      const r = await this.alarms.sweep({
        skipIf: () => this.monitor.sweptWithin(trigger === 'scheduled' ? periodMs / 2 : periodMs),
        afterSweep: async (result) => {
          // what /api/health, /api/health/ready and /metrics watch: a sweep that stops finishing means stale alarms
          const durationMs = performance.now() - startedMs;
          this.metrics.sweepDuration.observe(durationMs / 1000);
          await this.monitor.recordSuccess(durationMs, result.pumps);
        },
      });
      // one line per sweep: which instance ran which scheduled run (only one of them does) and what it changed
      if (r.skipped) return;
      this.logger.log(
        `swept ${r.pumps} pumps in ${Math.round(performance.now() - startedMs)} ms (${trigger} run, started ` +
          `${startedAt.toISOString()}): ${r.raised} raised, ${r.updated} updated, ${r.resolved} resolved, ` +
          `${r.escalated} escalated`,
      );
    } catch (e) {
      this.metrics.sweepFailures.inc();
      this.logger.error(`alarm sweep failed: ${(e as Error).message}`);
    }
  }
}
