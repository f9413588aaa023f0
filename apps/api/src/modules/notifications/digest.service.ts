import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RefillWorklistItemDto } from '@pumpwatch/contracts';
import { addCalendarDays, clinicInstant, localDate } from '@pumpwatch/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../../config/config';
import { AuditService } from '../audit/audit.service';
import { ClinicSettingsService } from '../clinic-settings/clinic-settings.service';
import { WorklistService } from '../worklist/worklist.service';
import { alarmWords, initials, type MailBody } from './notification-rules';
import { activeChannels, insertOutbox, newDeliveryId, webhookRow, type OutboxInsert } from './outbox.sql';

/** Local time of the daily digest. */
export const DIGEST_LOCAL_TIME = '07:00';
const DAYS_AHEAD = 7;

interface DigestItem {
  pumpId: string;
  mrn: string;
  initials: string;
  refillDueDate: string;
}
interface DigestAlarm {
  id: string;
  code: string;
  priority: string;
  status: string;
  mrn: string | null;
  initials: string | null;
}
export interface Digest {
  date: string;
  refillsOverdue: DigestItem[];
  refillsDue: DigestItem[];
  pumpsWithoutBooking: DigestItem[];
  alarms: DigestAlarm[];
}

const item = (w: RefillWorklistItemDto): DigestItem => ({
  pumpId: w.pumpId,
  mrn: w.patient.mrn,
  initials: initials(w.patient.givenName, w.patient.familyName),
  refillDueDate: w.refillDueDate,
});

/**
 * The morning summary: refills overdue, refills due today to 7 days ahead, those of them with no refill
 * booked, and open or snoozed alarms of priority high and above. Identifiers only (MRN, initials).
 */
@Injectable()
export class DigestService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly worklist: WorklistService,
    private readonly settings: ClinicSettingsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Once a day from 07:00 clinic time: the first instance to claim today's run row queues it (a missed 07:00 is
   * sent at the next run that day). Returns whether this call queued it.
   */
  async runDaily(): Promise<boolean> {
    const settings = await this.settings.get();
    const now = this.clock.now();
    const today = localDate(now.getTime(), settings.timeZone);
    if (now.getTime() < Date.parse(clinicInstant(today, DIGEST_LOCAL_TIME, settings.timeZone))) return false;
    const digest = await this.build(today, now);
    return this.dataSource.transaction(async (m) => {
      const claimed = (await m.query(
        `INSERT INTO notification_runs (kind, local_date, ran_at) VALUES ('digest', $1, $2)
         ON CONFLICT DO NOTHING RETURNING kind`,
        [today, now],
      )) as unknown[];
      if (!claimed.length) return false;
      await this.enqueue(m, digest, now, `daily:${today}`);
      return true;
    });
  }

  /** An admin's "send it again now": a new run key, so everybody gets it once more. */
  async sendNow(actor: Actor): Promise<{ queued: number }> {
    const settings = await this.settings.get();
    const now = this.clock.now();
    const digest = await this.build(localDate(now.getTime(), settings.timeZone), now);
    const runId = randomUUID();
    return this.dataSource.transaction(async (m) => {
      const queued = await this.enqueue(m, digest, now, `manual:${runId}`);
      await this.audit.append(m, {
        userId: actor.id,
        action: 'notification-digest.send',
        entityType: 'notification-digest',
        entityId: runId,
        before: null,
        after: { date: digest.date, queued },
      });
      return { queued };
    });
  }

  async build(today: string, now: Date): Promise<Digest> {
    const horizon = addCalendarDays(today, DAYS_AHEAD);
    const due = await this.worklist.refills({ to: horizon });
    const overdue = due.filter((w) => w.overdue);
    const soon = due.filter((w) => !w.overdue && w.refillDueDate >= today && w.refillDueDate <= horizon);
    const alarms = (await this.dataSource.query(
      `SELECT a.id, a.code, a.priority, a.status, pt.mrn, pt.given_name, pt.family_name
         FROM alarms a LEFT JOIN patients pt ON pt.id = a.patient_id
        WHERE a.status IN ('open', 'snoozed') AND a.priority IN ('critical', 'high') AND a.raised_at <= $1
        ORDER BY CASE a.priority WHEN 'critical' THEN 0 ELSE 1 END, a.raised_at, a.id`,
      [now],
    )) as Record<string, string | null>[];
    return {
      date: today,
      refillsOverdue: overdue.map(item),
      refillsDue: soon.map(item),
      pumpsWithoutBooking: [...overdue, ...soon].filter((w) => !w.nextAppointmentAt).map(item),
      alarms: alarms.map((a) => ({
        id: a.id!,
        code: a.code!,
        priority: a.priority!,
        status: a.status!,
        mrn: a.mrn,
        initials: a.mrn === null ? null : initials(a.given_name, a.family_name),
      })),
    };
  }

  /** E-mail to each active nurse and physician who keeps e-mail and the digest on; the channels listing it. */
  private async enqueue(m: EntityManager, digest: Digest, now: Date, key: string): Promise<number> {
    const rows: OutboxInsert[] = [];
    if (this.config.smtpUrl) {
      const users = (await m.query(
        `SELECT u.id, u.email FROM users u LEFT JOIN user_notification_prefs p ON p.user_id = u.id
          WHERE u.active AND u.role IN ('nurse', 'physician')
            AND coalesce(p.email, true) AND coalesce(p.digest, true)
          ORDER BY u.email`,
      )) as { id: string; email: string }[];
      for (const u of users) {
        rows.push({
          dedupeKey: `digest.daily:${key}:email:${u.email}`,
          deliveryId: newDeliveryId(),
          event: 'digest.daily',
          channelKind: 'email',
          channelId: null,
          recipient: u.email,
          recipientUserId: u.id,
          alarmId: null,
          body: JSON.stringify(this.mail(u.email, digest)),
        });
      }
    }
    for (const ch of (await activeChannels(m)).filter((c) => c.events.includes('digest.daily'))) {
      rows.push(
        webhookRow(ch, 'digest.daily', key, null, (deliveryId) =>
          JSON.stringify({
            deliveryId,
            event: 'digest.daily',
            occurredAt: now.toISOString(),
            digest,
            link: `${this.config.publicUrl}/`,
          }),
        ),
      );
    }
    return insertOutbox(m, rows, now);
  }

  private mail(to: string, d: Digest): MailBody {
    const line = (i: DigestItem) => `  MRN ${i.mrn} (${i.initials}), due ${i.refillDueDate}`;
    const section = (title: string, items: string[]) => [
      `${title}: ${items.length}`,
      ...(items.length ? items : ['  none']),
      '',
    ];
    return {
      to,
      subject: `[PumpWatch] Daily digest ${d.date}`,
      text: [
        ...section('Refills overdue', d.refillsOverdue.map(line)),
        ...section(`Refills due today to ${DAYS_AHEAD} days ahead`, d.refillsDue.map(line)),
        ...section('Of these, no refill booked', d.pumpsWithoutBooking.map(line)),
        ...section(
          'Open alarms, high and critical',
          d.alarms.map(
            (a) =>
              `  ${a.priority.toUpperCase()} ${alarmWords(a.code)}${a.mrn ? `, MRN ${a.mrn} (${a.initials})` : ''} (${a.status})`,
          ),
        ),
        `Open PumpWatch: ${this.config.publicUrl}/`,
      ].join('\n'),
    };
  }
}
