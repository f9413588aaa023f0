import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AlarmSweepHealth } from '@pumpwatch/contracts';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../../config/config';

/** The sweep schedule assumed when this instance does not sweep itself (PUMPWATCH_ALARM_CRON=off). */
const DEFAULT_SWEEP_CRON = '*/5 * * * *';
/** Scheduled runs that may pass without a finished sweep before the alarms count as possibly stale. */
export const MISSED_SWEEPS_BEFORE_STALE = 3;
const SWEEP_JOB = 'alarm-sweep';

interface CronTimeLike {
  getNextDateFrom(start: Date): { toJSDate(): Date };
}

/**
 * Whether the alarm engine is still being run. The last successful scheduled sweep is kept in the database
 * (alarm_sweep_state), so every instance behind the proxy reports the same, whichever of them holds the sweep lock.
 */
@Injectable()
export class AlarmSweepMonitor {
  /** Until a first sweep finishes, staleness counts from this process's start (a fresh install is not stale). */
  private readonly startedAt: Date;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
  ) {
    this.startedAt = clock.now();
  }

  async recordSuccess(durationMs: number, pumps: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO alarm_sweep_state (id, last_success_at, last_duration_ms, last_pumps) VALUES (1, $1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET last_success_at = EXCLUDED.last_success_at,
         last_duration_ms = EXCLUDED.last_duration_ms, last_pumps = EXCLUDED.last_pumps`,
      [this.clock.now(), Math.round(durationMs), pumps],
    );
  }

  async lastSuccess(): Promise<{ lastSuccessAt: Date | null }> {
    const rows = (await this.dataSource.query(`SELECT last_success_at FROM alarm_sweep_state WHERE id = 1`)) as {
      last_success_at: Date | null;
    }[];
    return { lastSuccessAt: rows[0]?.last_success_at ?? null };
  }

  /** True when a sweep finished less than `ms` ago (by this clock), on any instance. */
  async sweptWithin(ms: number): Promise<boolean> {
    const { lastSuccessAt } = await this.lastSuccess();
    return lastSuccessAt !== null && this.clock.now().getTime() - lastSuccessAt.getTime() < ms;
  }

  /** The time between two scheduled runs (the next two after now). */
  periodMs(): number {
    const schedule = this.schedule();
    const next = schedule.getNextDateFrom(this.clock.now()).toJSDate();
    return schedule.getNextDateFrom(next).toJSDate().getTime() - next.getTime();
  }

  /** For /api/health: stale once three scheduled runs have come and gone since the last finished sweep. */
  async health(): Promise<AlarmSweepHealth> {
    let lastSuccessAt: Date | null;
    try {
      ({ lastSuccessAt } = await this.lastSuccess());
    } catch {
      return { lastSuccessAt: null, ageSeconds: null, ok: false }; // no database, no sweep either
    }
    const now = this.clock.now();
    return {
      lastSuccessAt: lastSuccessAt?.toISOString() ?? null,
      ageSeconds: lastSuccessAt ? Math.max(0, Math.round((now.getTime() - lastSuccessAt.getTime()) / 1000)) : null,
      ok: !this.runsMissedSince(lastSuccessAt ?? this.startedAt, now),
    };
  }

  /** True when MISSED_SWEEPS_BEFORE_STALE scheduled times lie after `since` and not after `now`. */
  private runsMissedSince(since: Date, now: Date): boolean {
    const schedule = this.schedule();
    let t = since;
    for (let i = 0; i < MISSED_SWEEPS_BEFORE_STALE; i++) {
      t = schedule.getNextDateFrom(t).toJSDate();
      if (t.getTime() > now.getTime()) return false;
    }
    return true;
  }

  private schedule(): CronTimeLike {
    const configured = this.config.alarmSweepCron;
    const expression = !configured || configured === 'off' ? DEFAULT_SWEEP_CRON : configured;
    // the CronTime class of the `cron` package @nestjs/schedule runs on, taken from the registered sweep job
    const job = this.registry.getCronJob(SWEEP_JOB);
    const CronTime = job.cronTime.constructor as new (source: string) => CronTimeLike;
    return new CronTime(expression);
  }
}
