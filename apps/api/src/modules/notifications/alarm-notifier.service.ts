import { Injectable } from '@nestjs/common';
import type { AlarmPriority, NotificationEvent } from '@pumpwatch/contracts';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/config';
import { alarmMail, alarmWebhookBody, meetsMinPriority, type AlarmSubject } from './notification-rules';
import {
  activeChannels,
  insertOutbox,
  loadAlarmSubjects,
  newDeliveryId,
  pageRecipients,
  webhookRow,
  type ChannelRow,
  type OutboxInsert,
} from './outbox.sql';

/** The alarm as the change left it, and what happened to it. */
export interface AlarmChange {
  alarm: { id: string; pumpId: string | null; priority: AlarmPriority; raisedAt: Date };
  /** raised: a new alarm; rose: its priority went up; resolved: closed (by a clinician or automatically). */
  kind: 'raised' | 'rose' | 'resolved';
}

/**
 * Turns alarm changes into outbox rows inside the transaction that makes the changes: a rolled-back change
 * queues nothing, a committed one cannot lose its notifications. Routing:
 * - an alarm raised critical, or rising to critical, starts its escalation clock and pages the level-1 on-call
 *   clinician by e-mail (whatever their preferences) and goes to the webhook channels asking for alarm.raised;
 * - other raises and rises go only to the webhook channels asking for them at that priority;
 * - a resolution goes to the channels asking for alarm.resolved.
 * Clinic-wide alarms (no pump) notify nobody: NOTIFICATIONS_FAILING must not page through the failing path.
 */
@Injectable()
export class AlarmNotifier {
  constructor(private readonly config: AppConfig) {}

  get emailEnabled(): boolean {
    return !!this.config.smtpUrl;
  }

  async onAlarmChanges(m: EntityManager, changes: AlarmChange[], now: Date): Promise<void> {
    const pumpChanges = changes.filter((c) => c.alarm.pumpId !== null);
    if (!pumpChanges.length) return;
    const channels = await activeChannels(m);
    const critical = pumpChanges.filter((c) => c.kind !== 'resolved' && c.alarm.priority === 'critical');
    // nothing listens and nothing pages: skip the reads
    if (!channels.length && !(critical.length && this.emailEnabled)) {
      await this.startClocks(m, critical, now);
      return;
    }
    const subjects = await loadAlarmSubjects(
      m,
      pumpChanges.map((c) => c.alarm.id),
    );
    const level1 = critical.length && this.emailEnabled ? await pageRecipients(m, 1, now) : [];
    const rows: OutboxInsert[] = [];
    for (const c of pumpChanges) {
      const s = subjects.get(c.alarm.id);
      if (!s) continue;
      if (c.kind === 'resolved') {
        rows.push(...this.webhooks(channels, 'alarm.resolved', s, now, `${c.alarm.id}`));
        continue;
      }
      // a raise keeps the alarm's own instant; a rise starts a new clock now
      const since = c.kind === 'raised' ? c.alarm.raisedAt : now;
      const key = `${c.alarm.id}:${since.getTime()}`;
      rows.push(...this.webhooks(channels, 'alarm.raised', s, since, key));
      if (s.priority === 'critical') rows.push(...this.mails(level1, 'alarm.raised', s, key));
    }
    await this.startClocks(m, critical, now);
    await insertOutbox(m, rows, now);
  }

  /** E-mail pages (none when e-mail is not configured: nothing is queued that could never be sent). */
  mails(to: { userId: string; email: string }[], event: NotificationEvent, s: AlarmSubject, key: string) {
    if (!this.emailEnabled) return [];
    return to.map((r): OutboxInsert => ({
      dedupeKey: `${event}:${key}:email:${r.email}`,
      deliveryId: newDeliveryId(),
      event,
      channelKind: 'email',
      channelId: null,
      recipient: r.email,
      recipientUserId: r.userId,
      alarmId: s.alarmId,
      body: JSON.stringify(alarmMail(r.email, event, s, this.config.publicUrl)),
    }));
  }

  /** One delivery per channel that lists the event and accepts the alarm's priority. */
  webhooks(channels: ChannelRow[], event: NotificationEvent, s: AlarmSubject, occurredAt: Date, key: string) {
    return channels
      .filter((ch) => ch.events.includes(event) && meetsMinPriority(s.priority, ch.minPriority))
      .map((ch) =>
        webhookRow(ch, event, key, s.alarmId, (deliveryId) =>
          alarmWebhookBody(deliveryId, event, occurredAt, s, this.config.publicUrl),
        ),
      );
  }

  /** The escalation clock of each alarm that became critical: its raise instant, or now for a rise. */
  private async startClocks(m: EntityManager, critical: AlarmChange[], now: Date): Promise<void> {
    if (!critical.length) return;
    await m.query(
      `INSERT INTO alarm_page_clock (alarm_id, critical_since, escalations)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::int[])
       ON CONFLICT (alarm_id) DO UPDATE SET critical_since = EXCLUDED.critical_since, escalations = 0`,
      [
        critical.map((c) => c.alarm.id),
        critical.map((c) => (c.kind === 'raised' ? c.alarm.raisedAt : now)),
        critical.map(() => 0),
      ],
    );
  }
}
