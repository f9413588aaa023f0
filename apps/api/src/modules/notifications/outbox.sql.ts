import { randomUUID } from 'node:crypto';
import type { AlarmPriority, NotificationEvent } from '@pumpwatch/contracts';
import type { EntityManager } from 'typeorm';
import { initials, type AlarmSubject } from './notification-rules';

/** One delivery to write: one event to one recipient (an e-mail address or a webhook channel). */
export interface OutboxInsert {
  /**
   * The idempotency key: the same event for the same recipient always makes the same key, so a second
   * evaluation, a second instance or a retried transaction cannot queue a second page.
   */
  dedupeKey: string;
  deliveryId: string;
  event: NotificationEvent;
  channelKind: 'email' | 'webhook';
  channelId: string | null;
  recipient: string;
  recipientUserId: string | null;
  alarmId: string | null;
  /** Webhook: the exact JSON bytes to send. E-mail: the rendered message as JSON. */
  body: string;
}

export const newDeliveryId = () => randomUUID();

/**
 * One webhook delivery of `event` to a channel. Its dedupe key is `<event>:<key>:channel:<channel id>`. The
 * body is built around the delivery id, because the payload carries that id and receivers de-duplicate on it.
 */
export function webhookRow(
  ch: ChannelRow,
  event: NotificationEvent,
  key: string,
  alarmId: string | null,
  body: (deliveryId: string) => string,
): OutboxInsert {
  const deliveryId = newDeliveryId();
  return {
    dedupeKey: `${event}:${key}:channel:${ch.id}`,
    deliveryId,
    event,
    channelKind: 'webhook',
    channelId: ch.id,
    recipient: ch.name,
    recipientUserId: null,
    alarmId,
    body: body(deliveryId),
  };
}

/**
 * Writes deliveries in the caller's transaction (so they exist exactly when the change that caused them
 * commits); a key already queued keeps its first row and delivery id. Returns how many rows were new.
 */
export async function insertOutbox(m: EntityManager, rows: OutboxInsert[], now: Date): Promise<number> {
  if (!rows.length) return 0;
  const col = <K extends keyof OutboxInsert>(k: K) => rows.map((r) => r[k]);
  const inserted = (await m.query(
    `INSERT INTO notification_outbox (delivery_id, dedupe_key, event, channel_kind, channel_id, recipient,
            recipient_user_id, alarm_id, body, status, attempts, next_attempt_at, created_at)
     SELECT v.delivery_id, v.dedupe_key, v.event, v.channel_kind, v.channel_id, v.recipient, v.recipient_user_id,
            v.alarm_id, v.body, 'pending', 0, $10, $10
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::uuid[], $8::uuid[],
                   $9::text[], $11::int[])
            AS v(delivery_id, dedupe_key, event, channel_kind, channel_id, recipient, recipient_user_id, alarm_id,
                 body, ord)
      ORDER BY v.ord
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING id`,
    [
      col('deliveryId'),
      col('dedupeKey'),
      col('event'),
      col('channelKind'),
      col('channelId'),
      col('recipient'),
      col('recipientUserId'),
      col('alarmId'),
      col('body'),
      now,
      rows.map((_, i) => i),
    ],
  )) as unknown[];
  return inserted.length;
}

export interface ChannelRow {
  id: string;
  name: string;
  url: string;
  events: NotificationEvent[];
  minPriority: AlarmPriority;
}

/** Webhook channels not deleted (the secret stays in the database: the worker reads it when sending). */
export async function activeChannels(m: EntityManager): Promise<ChannelRow[]> {
  return (await m.query(
    `SELECT id, name, url, events, min_priority AS "minPriority"
       FROM notification_channels WHERE deleted_at IS NULL ORDER BY created_at, id`,
  )) as ChannelRow[];
}

export interface Recipient {
  userId: string;
  email: string;
}

/**
 * Who is paged at `level` at instant `at`: the active nurse or physician on call at that level; with nobody
 * (or the rostered user since deactivated), level 1 falls back to every active physician and level 2 to every
 * active admin, so a page always has somebody to reach.
 */
export async function pageRecipients(m: EntityManager, level: 1 | 2, at: Date): Promise<Recipient[]> {
  const onCall = (await m.query(
    `SELECT u.id AS "userId", u.email FROM on_call_shifts s JOIN users u ON u.id = s.user_id
      WHERE s.level = $1 AND s.starts_at <= $2 AND s.ends_at > $2
        AND u.active AND u.role IN ('nurse', 'physician')
      ORDER BY s.starts_at, u.id`,
    [level, at],
  )) as Recipient[];
  if (onCall.length) return onCall;
  return (await m.query(`SELECT id AS "userId", email FROM users WHERE active AND role = $1 ORDER BY email`, [
    level === 1 ? 'physician' : 'admin',
  ])) as Recipient[];
}

/** MRN, initials and pump serial of each pump alarm (clinic-wide alarms have no subject and are left out). */
export async function loadAlarmSubjects(m: EntityManager, alarmIds: string[]): Promise<Map<string, AlarmSubject>> {
  if (!alarmIds.length) return new Map();
  const rows = (await m.query(
    `SELECT a.id, a.code, a.priority, a.status, pt.mrn, pt.given_name, pt.family_name, p.id AS pump_id,
            p.serial_number
       FROM alarms a JOIN pumps p ON p.id = a.pump_id JOIN patients pt ON pt.id = a.patient_id
      WHERE a.id = ANY($1::uuid[])`,
    [alarmIds],
  )) as Record<string, string>[];
  return new Map(
    rows.map((r) => [
      r.id,
      {
        alarmId: r.id,
        code: r.code as AlarmSubject['code'],
        priority: r.priority as AlarmPriority,
        status: r.status,
        mrn: r.mrn,
        initials: initials(r.given_name, r.family_name),
        pumpId: r.pump_id,
        serialNumber: r.serial_number,
      },
    ]),
  );
}
