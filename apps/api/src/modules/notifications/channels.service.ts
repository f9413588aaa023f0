import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AlarmPriority, NotificationChannelDto, NotificationEvent } from '@pumpwatch/contracts';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock/clock';
import { assertUuid } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import type { CreateChannelDto } from './notifications.dto';

export const MIN_SECRET_LENGTH = 16;

interface ChannelRecord {
  id: string;
  name: string;
  kind: 'webhook';
  url: string;
  events: NotificationEvent[];
  min_priority: AlarmPriority;
  created_at: Date;
}

const toDto = (r: ChannelRecord): NotificationChannelDto => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  url: r.url,
  events: r.events,
  minPriority: r.min_priority,
  createdAt: r.created_at.toISOString(),
});

function parseUrl(raw: string | undefined): URL | null {
  try {
    return raw ? new URL(raw) : null;
  } catch {
    return null;
  }
}

/** Every rule a channel breaks, in words; empty when it may be stored. */
function problems(dto: CreateChannelDto): { field: string; problem: string }[] {
  const out: { field: string; problem: string }[] = [];
  if (!dto.name?.trim()) out.push({ field: 'name', problem: 'a channel needs a name' });
  if (dto.kind !== 'webhook') out.push({ field: 'kind', problem: 'only "webhook" channels can be added' });
  const url = parseUrl(dto.url);
  if (!url) out.push({ field: 'url', problem: 'a valid http or https address is required' });
  else {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      out.push({ field: 'url', problem: 'only http and https addresses are allowed' });
    if (url.username || url.password)
      out.push({ field: 'url', problem: 'put no user name or password in the address: use the secret' });
  }
  if (!dto.secret || dto.secret.length < MIN_SECRET_LENGTH)
    out.push({ field: 'secret', problem: `a secret of at least ${MIN_SECRET_LENGTH} characters is required` });
  if (!dto.events?.length) out.push({ field: 'events', problem: 'choose at least one event' });
  return out;
}

/**
 * Webhook channels (pager, chat, SMS gateway). Loopback and private addresses are allowed: the clinic's
 * gateway may sit on its own network. The secret is kept to sign deliveries and never returned or audited.
 */
@Injectable()
export class ChannelsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<NotificationChannelDto[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, name, kind, url, events, min_priority, created_at FROM notification_channels
        WHERE deleted_at IS NULL ORDER BY created_at, id`,
    )) as ChannelRecord[];
    return rows.map(toDto);
  }

  async create(actor: Actor, dto: CreateChannelDto): Promise<NotificationChannelDto> {
    const errors = problems(dto);
    if (errors.length) {
      throw new DomainError('CHANNEL_INVALID', `This channel cannot be saved: ${errors[0].problem}`, { errors });
    }
    return this.dataSource.transaction(async (m) => {
      const [row] = (await m.query(
        `INSERT INTO notification_channels (name, kind, url, secret, events, min_priority, created_by, created_at)
         VALUES ($1, 'webhook', $2, $3, $4::text[], $5, $6, $7)
         RETURNING id, name, kind, url, events, min_priority, created_at`,
        [
          dto.name!.trim(),
          dto.url,
          dto.secret,
          [...new Set(dto.events)],
          dto.minPriority ?? 'low',
          actor.id,
          this.clock.now(),
        ],
      )) as ChannelRecord[];
      const out = toDto(row);
      await this.audit.append(m, {
        userId: actor.id,
        action: 'notification-channel.create',
        entityType: 'notification-channel',
        entityId: out.id,
        before: null,
        after: { ...out, secret: '(set, not recorded)' },
      });
      return out;
    });
  }

  /** Soft delete (the delivery log keeps naming it); deliveries not yet made are cancelled. */
  async remove(actor: Actor, id: string): Promise<void> {
    assertUuid(id, 'notification channel');
    await this.dataSource.transaction(async (m) => {
      const [row] = (await m.query(
        `SELECT id, name, kind, url, events, min_priority, created_at FROM notification_channels
          WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
        [id],
      )) as ChannelRecord[];
      if (!row) throw new DomainError('NOT_FOUND', `No notification channel with id ${id}`);
      await m.query(`UPDATE notification_channels SET deleted_at = $2, version = version + 1 WHERE id = $1`, [
        id,
        this.clock.now(),
      ]);
      await m.query(
        `UPDATE notification_outbox SET status = 'cancelled', last_error = 'channel deleted'
          WHERE channel_id = $1 AND status IN ('pending', 'failed')`,
        [id],
      );
      await this.audit.append(m, {
        userId: actor.id,
        action: 'notification-channel.delete',
        entityType: 'notification-channel',
        entityId: id,
        before: toDto(row),
        after: null,
      });
    });
  }
}
