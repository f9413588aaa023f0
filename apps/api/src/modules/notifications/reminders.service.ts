import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addCalendarDays, clinicInstant, localDate } from '@pumpwatch/domain';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { ClinicSettingsService } from '../clinic-settings/clinic-settings.service';
import { initials } from './notification-rules';
import { activeChannels, insertOutbox, webhookRow, type OutboxInsert } from './outbox.sql';

/** Local time patient reminders go out. */
export const REMINDER_LOCAL_TIME = '09:00';

/**
 * Optional patient reminders through the clinic's SMS gateway: at 09:00 clinic time, `reminderDaysBefore`
 * days before a booked refill, `reminder.patient` to the channels listing it, for patients with a contact
 * phone. The payload is identifiers, the phone and the appointment instant only: the gateway holds the
 * wording. A booking made after that 09:00, or cancelled before it, sends nothing.
 */
@Injectable()
export class RemindersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: ClinicSettingsService,
    private readonly clock: Clock,
  ) {}

  /** Returns how many reminders were queued (0 when off, too early, or already run today). */
  async runDaily(): Promise<number> {
    const settings = await this.settings.get();
    const days = settings.reminderDaysBefore;
    if (days === null) return 0;
    const tz = settings.timeZone;
    const now = this.clock.now();
    const today = localDate(now.getTime(), tz);
    const sendAt = new Date(clinicInstant(today, REMINDER_LOCAL_TIME, tz));
    if (now.getTime() < sendAt.getTime()) return 0;
    return this.dataSource.transaction(async (m) => {
      const claimed = (await m.query(
        `INSERT INTO notification_runs (kind, local_date, ran_at) VALUES ('reminder', $1, $2)
         ON CONFLICT DO NOTHING RETURNING kind`,
        [today, now],
      )) as unknown[];
      if (!claimed.length) return 0;
      const channels = (await activeChannels(m)).filter((c) => c.events.includes('reminder.patient'));
      if (!channels.length) return 0;
      const target = addCalendarDays(today, days);
      const appts = (await m.query(
        `SELECT a.id, a.at, pt.mrn, pt.given_name, pt.family_name, pt.contact_phone
           FROM appointments a JOIN pumps p ON p.id = a.pump_id JOIN patients pt ON pt.id = p.patient_id
          WHERE a.status = 'booked' AND a.kind = 'refill' AND p.explanted_at IS NULL
            AND pt.contact_phone IS NOT NULL AND pt.contact_phone <> ''
            AND a.at >= $1 AND a.at < $2
            -- booked by the reminder instant: the audit entry carries the clinic clock's booking time
            AND coalesce((SELECT min(l.at) FROM audit_log l
                           WHERE l.entity_id = a.id::text AND l.action = 'appointment.create'), a.created_at) <= $3
          ORDER BY a.at, a.id`,
        [clinicInstant(target, '00:00', tz), clinicInstant(addCalendarDays(target, 1), '00:00', tz), sendAt],
      )) as { id: string; at: Date; mrn: string; given_name: string; family_name: string; contact_phone: string }[];
      const rows: OutboxInsert[] = [];
      for (const a of appts) {
        for (const ch of channels) {
          rows.push(
            webhookRow(ch, 'reminder.patient', `${a.id}:${a.at.getTime()}`, null, (deliveryId) =>
              JSON.stringify({
                deliveryId,
                event: 'reminder.patient',
                occurredAt: now.toISOString(),
                patient: { mrn: a.mrn, initials: initials(a.given_name, a.family_name), contactPhone: a.contact_phone },
                appointment: { at: a.at.toISOString() },
              }),
            ),
          );
        }
      }
      return insertOutbox(m, rows, now);
    });
  }
}
