import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { ALARM_CHANNEL } from '../alarms/alarm.mapper';

/**
 * NOTIFICATIONS_FAILING: a clinic-wide alarm (no pump, no patient) on the ordinary alarm board, high priority,
 * at most one unresolved at a time (partial unique index). It is opened when a delivery is given up and closed
 * when any delivery succeeds again; it notifies nobody itself (the path that would carry it is what failed).
 */
const CODE = 'NOTIFICATIONS_FAILING';

async function announce(m: EntityManager, ids: string[]): Promise<void> {
  if (ids.length) await m.query('SELECT pg_notify($1, $2)', [ALARM_CHANNEL, JSON.stringify(ids)]);
}

export async function openNotificationsFailing(
  m: EntityManager,
  audit: AuditService,
  now: Date,
  details: { deliveryId: string; recipient: string; event: string; lastError: string | null },
): Promise<boolean> {
  const rows = (await m.query(
    `INSERT INTO alarms (pump_id, patient_id, code, priority, status, raised_at, details, version)
     VALUES (NULL, NULL, $1, 'high', 'open', $2, $3::jsonb, 1)
     ON CONFLICT (code) WHERE pump_id IS NULL AND status <> 'resolved' DO NOTHING
     RETURNING id, code, priority, status, raised_at AS "raisedAt", details, version`,
    [CODE, now, JSON.stringify({ firstDead: details })],
  )) as { id: string }[];
  if (!rows.length) return false;
  await audit.append(m, {
    userId: null,
    action: 'alarm.raise',
    entityType: 'alarm',
    entityId: rows[0].id,
    before: null,
    after: rows[0],
  });
  await announce(m, [rows[0].id]);
  return true;
}

export async function closeNotificationsFailing(m: EntityManager, audit: AuditService, now: Date): Promise<void> {
  const rows = (await m.query(
    `UPDATE alarms SET status = 'resolved', resolved_at = $2, resolution = 'auto: a notification was delivered again',
            version = version + 1, updated_at = CURRENT_TIMESTAMP
      WHERE pump_id IS NULL AND code = $1 AND status <> 'resolved'
      RETURNING id, status, resolved_at AS "resolvedAt", resolution, version`,
    [CODE, now],
  )) as unknown[];
  // the driver answers an UPDATE with [rows, rowCount]
  const closed = (Array.isArray(rows[0]) ? rows[0] : rows) as { id: string }[];
  for (const row of closed) {
    await audit.append(m, {
      userId: null,
      action: 'alarm.auto-resolve',
      entityType: 'alarm',
      entityId: row.id,
      before: { status: 'open' },
      after: row,
    });
  }
  await announce(
    m,
    closed.map((r) => r.id),
  );
}
