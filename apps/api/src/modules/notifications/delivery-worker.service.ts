import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { AppConfig } from '../../config/config';
import { AuditService } from '../audit/audit.service';
import { closeNotificationsFailing, openNotificationsFailing } from './clinic-alarms';
import { MAX_ATTEMPTS, retryDelayMs, type MailBody } from './notification-rules';
import { Mailer, postWebhook, SendError } from './transports';

/** Rows claimed per transaction; their sends run in parallel, each bounded by the send timeout. */
export const CLAIM_BATCH = 20;

interface ClaimedRow {
  id: string;
  delivery_id: string;
  event: string;
  channel_kind: 'email' | 'webhook';
  channel_id: string | null;
  recipient: string;
  body: string;
  attempts: number;
  url: string | null;
  secret: string | null;
  channel_deleted: boolean;
}

type Outcome = { row: ClaimedRow; status: 'sent' | 'failed' | 'dead' | 'cancelled'; error: string | null };

export interface DeliveryRun {
  claimed: number;
  sent: number;
  failed: number;
  dead: number;
  cancelled: number;
}

/**
 * Delivers the outbox. Each run claims due rows with `FOR UPDATE SKIP LOCKED` inside one transaction, sends
 * them, and records the outcome before committing: another instance skips rows being sent, and a process that
 * dies mid-send leaves its rows pending (the lock goes with its connection), so they are sent after restart
 * with the same delivery id (at least once, never under a new id).
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.notifyPollMs > 0) this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .catch((e: Error) => this.logger.error(`delivery run failed: ${e.message}`))
        .finally(() => {
          this.running = null;
          this.schedule(this.config.notifyPollMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  /** Runs until no due row is left (or another instance holds the rest). */
  async drain(): Promise<DeliveryRun> {
    const total: DeliveryRun = { claimed: 0, sent: 0, failed: 0, dead: 0, cancelled: 0 };
    for (;;) {
      const r = await this.runOnce();
      for (const k of Object.keys(total) as (keyof DeliveryRun)[]) total[k] += r[k];
      if (r.claimed < CLAIM_BATCH || this.stopped) return total;
    }
  }

  async runOnce(limit = CLAIM_BATCH): Promise<DeliveryRun> {
    return this.dataSource.transaction(async (m) => {
      const rows = (await m.query(
        `SELECT o.id, o.delivery_id, o.event, o.channel_kind, o.channel_id, o.recipient, o.body, o.attempts,
                c.url, c.secret, (c.deleted_at IS NOT NULL) AS channel_deleted
           FROM notification_outbox o LEFT JOIN notification_channels c ON c.id = o.channel_id
          WHERE o.status IN ('pending', 'failed') AND o.next_attempt_at <= $1
          ORDER BY o.next_attempt_at, o.created_at, o.id
          LIMIT $2
          FOR UPDATE OF o SKIP LOCKED`,
        [this.clock.now(), limit],
      )) as ClaimedRow[];
      if (!rows.length) return { claimed: 0, sent: 0, failed: 0, dead: 0, cancelled: 0 };
      const outcomes = await Promise.all(rows.map((row) => this.attempt(row)));
      await this.record(m, outcomes);
      const count = (s: Outcome['status']) => outcomes.filter((o) => o.status === s).length;
      return {
        claimed: rows.length,
        sent: count('sent'),
        failed: count('failed'),
        dead: count('dead'),
        cancelled: count('cancelled'),
      };
    });
  }

  private async attempt(row: ClaimedRow): Promise<Outcome> {
    if (row.channel_kind === 'webhook' && (row.channel_deleted || !row.url || !row.secret)) {
      return { row, status: 'cancelled', error: 'channel deleted' };
    }
    try {
      if (row.channel_kind === 'email') await this.mailer.send(JSON.parse(row.body) as MailBody, row.delivery_id);
      else await postWebhook(row.url!, row.secret!, { deliveryId: row.delivery_id, event: row.event, body: row.body });
      return { row, status: 'sent', error: null };
    } catch (e) {
      const error = e instanceof SendError ? e.message : `send failed: ${(e as Error).message}`;
      return { row, status: row.attempts + 1 >= MAX_ATTEMPTS ? 'dead' : 'failed', error: error.slice(0, 500) };
    }
  }

  /** Outcomes in one statement; a give-up opens NOTIFICATIONS_FAILING, a success closes it. */
  private async record(m: EntityManager, outcomes: Outcome[]): Promise<void> {
    const now = this.clock.now();
    await m.query(
      `UPDATE notification_outbox o
          SET status = v.status,
              attempts = o.attempts + CASE WHEN v.status = 'cancelled' THEN 0 ELSE 1 END,
              last_error = coalesce(v.error, o.last_error),
              sent_at = CASE WHEN v.status = 'sent' THEN $4::timestamptz ELSE o.sent_at END,
              next_attempt_at = CASE WHEN v.status = 'failed' THEN v.next_at ELSE o.next_attempt_at END
         FROM unnest($1::uuid[], $2::text[], $3::text[], $5::timestamptz[]) AS v(id, status, error, next_at)
        WHERE o.id = v.id`,
      [
        outcomes.map((o) => o.row.id),
        outcomes.map((o) => o.status),
        outcomes.map((o) => o.error),
        now,
        outcomes.map((o) => new Date(now.getTime() + retryDelayMs(o.row.attempts + 1))),
      ],
    );
    for (const o of outcomes.filter((x) => x.status === 'dead')) {
      this.logger.error(`gave up ${o.row.event} to ${o.row.recipient} after ${MAX_ATTEMPTS} tries: ${o.error}`);
    }
    const dead = outcomes.find((o) => o.status === 'dead');
    if (dead) {
      await openNotificationsFailing(m, this.audit, now, {
        deliveryId: dead.row.delivery_id,
        recipient: dead.row.recipient,
        event: dead.row.event,
        lastError: dead.error,
      });
    } else if (outcomes.some((o) => o.status === 'sent')) {
      await closeNotificationsFailing(m, this.audit, now);
    }
  }
}
