import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { alarmPolicy } from '../alarms/alarm-policy';
import { ClinicSettingsService } from '../clinic-settings/clinic-settings.service';
import { AlarmNotifier } from './alarm-notifier.service';
import { activeChannels, insertOutbox, loadAlarmSubjects, pageRecipients, type OutboxInsert } from './outbox.sql';

const MINUTE_MS = 60_000;

/**
 * Escalation of critical alarms nobody has acknowledged: at clock start + k × escalateCriticalMinutes (k = 1, 2 …)
 * an alarm still open or snoozed pages the level-2 on-call clinician (every active admin when nobody is on call
 * at level 2) and the channels asking for alarm.escalated. Run at every sweep, so an escalation is late by at
 * most one sweep interval. After downtime only the latest step is sent (one page, not a burst of them).
 */
@Injectable()
export class EscalationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: ClinicSettingsService,
    private readonly notifier: AlarmNotifier,
    private readonly clock: Clock,
  ) {}

  /** Returns how many alarms escalated. */
  async run(): Promise<number> {
    const minutes = alarmPolicy(await this.settings.get()).escalateCriticalMinutes;
    const stepMs = minutes * MINUTE_MS;
    return this.dataSource.transaction(async (m) => {
      const now = this.clock.now();
      // SKIP LOCKED: another instance escalating the same alarm right now already owns this step
      const due = (await m.query(
        `SELECT c.alarm_id, c.critical_since, c.escalations
           FROM alarm_page_clock c JOIN alarms a ON a.id = c.alarm_id
          WHERE a.priority = 'critical' AND a.status IN ('open', 'snoozed')
            AND c.critical_since + ($1::double precision * (c.escalations + 1)) * interval '1 minute' <= $2
          ORDER BY c.critical_since
          FOR UPDATE OF c SKIP LOCKED`,
        [minutes, now],
      )) as { alarm_id: string; critical_since: Date; escalations: number }[];
      if (!due.length) return 0;
      const subjects = await loadAlarmSubjects(
        m,
        due.map((d) => d.alarm_id),
      );
      const channels = await activeChannels(m);
      const level2 = this.notifier.emailEnabled ? await pageRecipients(m, 2, now) : [];
      const rows: OutboxInsert[] = [];
      const steps: number[] = [];
      for (const d of due) {
        const step = Math.max(d.escalations + 1, Math.floor((now.getTime() - d.critical_since.getTime()) / stepMs));
        steps.push(step);
        const s = subjects.get(d.alarm_id);
        if (!s) continue;
        const key = `${d.alarm_id}:${d.critical_since.getTime()}:${step}`;
        rows.push(...this.notifier.mails(level2, 'alarm.escalated', s, key));
        rows.push(...this.notifier.webhooks(channels, 'alarm.escalated', s, now, key));
      }
      await m.query(
        `UPDATE alarm_page_clock c SET escalations = v.step
           FROM unnest($1::uuid[], $2::int[]) AS v(alarm_id, step) WHERE c.alarm_id = v.alarm_id`,
        [due.map((d) => d.alarm_id), steps],
      );
      await insertOutbox(m, rows, now);
      return due.length;
    });
  }
}
