import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DeliveryStatus,
  NotificationDeliveryDto,
  NotificationEvent,
  NotificationPrefsDto,
  NotificationStatusDto,
} from '@pumpwatch/contracts';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../../config/config';
import { AuditService } from '../audit/audit.service';
import type { DeliveryQuery, UpdatePrefsDto } from './notifications.dto';

const DEFAULT_LOG_LIMIT = 200;
const DAY_MS = 86_400_000;

interface DeliveryRow {
  id: string;
  delivery_id: string;
  channel_kind: 'email' | 'webhook';
  channel_id: string | null;
  recipient: string;
  event: NotificationEvent;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  alarm_id: string | null;
  next_attempt_at: Date;
}

/** The delivery log, the health summary, and each user's own notification preferences. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async deliveries(q: DeliveryQuery): Promise<NotificationDeliveryDto[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, delivery_id, channel_kind, channel_id, recipient, event, status, attempts, last_error,
              created_at, sent_at, alarm_id, next_attempt_at
         FROM notification_outbox
        WHERE ($1::uuid IS NULL OR alarm_id = $1) AND ($2::text IS NULL OR status = $2)
        ORDER BY created_at DESC, id DESC
        LIMIT $3`,
      [q.alarmId ?? null, q.status ?? null, q.limit ?? DEFAULT_LOG_LIMIT],
    )) as DeliveryRow[];
    return rows.map((r) => ({
      id: r.id,
      deliveryId: r.delivery_id,
      channel: r.channel_kind === 'email' ? 'email' : r.channel_id!,
      recipient: r.recipient,
      event: r.event,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at.toISOString(),
      sentAt: r.sent_at ? r.sent_at.toISOString() : null,
      alarmId: r.alarm_id,
      nextAttemptAt: r.status === 'pending' || r.status === 'failed' ? r.next_attempt_at.toISOString() : null,
    }));
  }

  async status(): Promise<NotificationStatusDto> {
    const since = new Date(this.clock.now().getTime() - DAY_MS);
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM notification_channels WHERE deleted_at IS NULL) AS channels,
              (SELECT count(*)::int FROM notification_outbox WHERE status = 'failed') AS failing,
              (SELECT count(*)::int FROM notification_outbox WHERE status = 'dead' AND created_at >= $1) AS dead,
              EXISTS (SELECT 1 FROM alarms WHERE pump_id IS NULL AND code = 'NOTIFICATIONS_FAILING'
                                             AND status <> 'resolved') AS alarm_open`,
      [since],
    )) as { channels: number; failing: number; dead: number; alarm_open: boolean }[];
    return {
      emailConfigured: !!this.config.smtpUrl,
      webhookChannels: row.channels,
      failing: row.failing,
      deadLast24h: row.dead,
      alarmOpen: row.alarm_open,
    };
  }

  async prefs(userId: string): Promise<NotificationPrefsDto> {
    const [row] = (await this.dataSource.query(`SELECT email, digest FROM user_notification_prefs WHERE user_id = $1`, [
      userId,
    ])) as NotificationPrefsDto[];
    return row ?? { email: true, digest: true };
  }

  async updatePrefs(actor: Actor, dto: UpdatePrefsDto): Promise<NotificationPrefsDto> {
    return this.dataSource.transaction(async (m) => {
      const [before] = (await m.query(
        `SELECT email, digest FROM user_notification_prefs WHERE user_id = $1 FOR UPDATE`,
        [actor.id],
      )) as NotificationPrefsDto[];
      const current = before ?? { email: true, digest: true };
      const next = { email: dto.email ?? current.email, digest: dto.digest ?? current.digest };
      await m.query(
        `INSERT INTO user_notification_prefs (user_id, email, digest, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO UPDATE SET email = $2, digest = $3, updated_at = $4`,
        [actor.id, next.email, next.digest, this.clock.now()],
      );
      await this.audit.append(m, {
        userId: actor.id,
        action: 'notification-prefs.update',
        entityType: 'user',
        entityId: actor.id,
        before: current,
        after: next,
      });
      return next;
    });
  }
}
