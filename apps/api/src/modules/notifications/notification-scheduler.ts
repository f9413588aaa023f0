import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron, SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../config/config';
import { DigestService } from './digest.service';
import { EscalationService } from './escalation.service';
import { RemindersService } from './reminders.service';

export const NOTIFY_JOB = 'notification-schedules';
const DEFAULT_CRON = '*/5 * * * *';

/**
 * Time-driven notifications on the alarm sweep's schedule (PUMPWATCH_ALARM_CRON; "off" disables both, as the
 * tests do and call `tick` themselves): escalations of unacknowledged critical alarms, the 07:00 digest and
 * the 09:00 patient reminders. Each step is safe on several instances (row locks, once-a-day run rows,
 * idempotent outbox keys), so no instance needs to be the only one.
 */
@Injectable()
export class NotificationScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('NotificationSchedules');

  constructor(
    private readonly escalations: EscalationService,
    private readonly digest: DigestService,
    private readonly reminders: RemindersService,
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const expression = this.config.alarmSweepCron;
    if (!expression || expression === 'off') return;
    const job = this.registry.getCronJob(NOTIFY_JOB);
    if (expression !== DEFAULT_CRON) {
      // the CronTime class of the installed `cron` package, as the alarm sweep scheduler does
      const CronTime = job.cronTime.constructor as new (source: string) => typeof job.cronTime;
      job.setTime(new CronTime(expression));
    }
    job.start();
  }

  @Cron(DEFAULT_CRON, { name: NOTIFY_JOB, disabled: true, waitForCompletion: true })
  async run(): Promise<void> {
    await this.tick();
  }

  /** One pass; a failing step is logged and does not stop the others. */
  async tick(): Promise<{ escalated: number; digest: boolean; reminders: number }> {
    const out = { escalated: 0, digest: false, reminders: 0 };
    try {
      out.escalated = await this.escalations.run();
    } catch (e) {
      this.logger.error(`escalation failed: ${(e as Error).message}`);
    }
    try {
      out.digest = await this.digest.runDaily();
    } catch (e) {
      this.logger.error(`daily digest failed: ${(e as Error).message}`);
    }
    try {
      out.reminders = await this.reminders.runDaily();
    } catch (e) {
      this.logger.error(`patient reminders failed: ${(e as Error).message}`);
    }
    return out;
  }
}
