import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addCalendarDays, localDate } from '@pumpwatch/domain';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock/clock';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { ClinicSettingsService } from '../clinic-settings/clinic-settings.service';
import { ProjectionService } from '../projection/projection.service';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
/** 32 random bytes, base64url: unguessable, URL-safe (it is the only credential of the feed). */
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
const VISIT_MINUTES = 30;
/** Booked appointments from this far back stay in the feed (a calendar shows the recent past too). */
const PAST_DAYS = 30;

interface FeedRow {
  pump_id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  model: string;
}

/** Minimum necessary in a calendar that syncs to phones: MRN and initials, never the full name. */
const label = (r: FeedRow) => `${r.mrn} (${r.given_name.charAt(0)}.${r.family_name.charAt(0)}.)`;

@Injectable()
export class CalendarFeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projection: ProjectionService,
    private readonly settings: ClinicSettingsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Creates or replaces the caller's token; the token itself is returned once and stored only as sha256. */
  async rotate(actor: Actor): Promise<{ token: string; path: string; createdAt: string }> {
    const token = randomBytes(32).toString('base64url');
    const createdAt = this.clock.now();
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO calendar_tokens (user_id, token_sha256, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET token_sha256 = EXCLUDED.token_sha256, created_at = EXCLUDED.created_at`,
        [actor.id, sha256(token), createdAt],
      );
      await this.audit.append(m, {
        userId: actor.id,
        action: 'calendar-token.rotate',
        entityType: 'calendar-token',
        entityId: actor.id,
      });
    });
    return { token, path: `/api/calendar/${token}.ics`, createdAt: createdAt.toISOString() };
  }

  async revoke(actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const res = (await m.query(`DELETE FROM calendar_tokens WHERE user_id = $1 RETURNING user_id`, [actor.id])) as [
        unknown[],
        number,
      ];
      if (!res[0].length) throw new DomainError('NOT_FOUND', 'No calendar feed token to revoke');
      await this.audit.append(m, {
        userId: actor.id,
        action: 'calendar-token.revoke',
        entityType: 'calendar-token',
        entityId: actor.id,
      });
    });
  }

  /** The feed for a token of an active user, else 404 (a revoked and a never-issued token look the same). */
  async feed(token: string): Promise<string> {
    const known =
      TOKEN_RE.test(token) &&
      (
        (await this.dataSource.query(
          `SELECT 1 FROM calendar_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_sha256 = $1 AND u.active`,
          [sha256(token)],
        )) as unknown[]
      ).length > 0;
    if (!known) throw new DomainError('NOT_FOUND', 'Unknown calendar feed');
    return this.render();
  }

  private async render(): Promise<string> {
    const settings = await this.settings.get();
    const tz = settings.timeZone;
    const now = this.clock.now();
    const contexts = await this.projection.contexts();
    const rows = (await this.dataSource.query(
      `SELECT p.id AS pump_id, p.model, pt.mrn, pt.given_name, pt.family_name
         FROM pumps p JOIN patients pt ON pt.id = p.patient_id WHERE p.explanted_at IS NULL`,
    )) as FeedRow[];
    const rowBy = new Map(rows.map((r) => [r.pump_id, r]));
    const appts = (await this.dataSource.query(
      `SELECT a.id, a.pump_id, a.at FROM appointments a JOIN pumps p ON p.id = a.pump_id
        WHERE a.status = 'booked' AND p.explanted_at IS NULL AND a.at >= $1 ORDER BY a.at, a.id`,
      [new Date(now.getTime() - PAST_DAYS * 86_400_000)],
    )) as { id: string; pump_id: string; at: Date }[];

    const cal = ical({
      name: `${settings.clinicName} — ITB refills`,
      prodId: { company: 'PumpWatch', product: 'refill-feed', language: 'EN' },
      method: ICalCalendarMethod.PUBLISH,
      ttl: 15 * 60,
      // timed events are written in UTC; the zone names the clinic's day for the all-day due dates
      x: [{ key: 'X-WR-TIMEZONE', value: tz }],
    });
    for (const a of appts) {
      const r = rowBy.get(a.pump_id);
      if (!r) continue;
      cal.createEvent({
        id: `appointment-${a.id}@pumpwatch`,
        stamp: now,
        start: a.at,
        end: new Date(a.at.getTime() + VISIT_MINUTES * 60_000),
        summary: `ITB refill: ${label(r)}`,
        description: `Booked intrathecal baclofen pump refill (${r.model}).`,
      });
    }
    for (const ctx of contexts) {
      const r = rowBy.get(ctx.pumpId);
      const s = this.projection.statusOf(ctx, now, settings);
      if (!r || !s) continue;
      const overdue = localDate(now.getTime(), tz) > s.refillDueDate;
      cal.createEvent({
        // one UID per pump: when the due date moves, calendars update the event instead of adding one
        id: `refill-due-${ctx.pumpId}@pumpwatch`,
        stamp: now,
        allDay: true,
        start: new Date(`${s.refillDueDate}T00:00:00Z`),
        end: new Date(`${addCalendarDays(s.refillDueDate, 1)}T00:00:00Z`),
        summary: `${overdue ? 'OVERDUE ' : ''}ITB refill due: ${label(r)}`,
        description:
          `Refill due ${s.refillDueDate} (${s.refillDueReason}); low-reservoir alarm ${s.lowReservoirAlarmAt ?? '—'}. ` +
          (ctx.nextAppointmentAt ? `Booked ${ctx.nextAppointmentAt.toISOString()}.` : 'Not booked yet.'),
      });
    }
    const ics = cal.toString();
    // RFC 5545 ends every content line with CRLF, the last one too; ical-generator stops after END:VCALENDAR,
    // and strict readers then drop or reject the final line
    return ics.endsWith('\r\n') ? ics : `${ics}\r\n`;
  }
}
