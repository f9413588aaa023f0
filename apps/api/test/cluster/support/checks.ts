import { Client } from 'pg';
import type { WriteOutcome } from './load';
import type { SseClient } from './sse-client';

const TABLE_OF = { refill: 'refills', appointment: 'appointments' } as const;
const AUDIT_ACTION = { refill: 'refill.create', appointment: 'appointment.create', ack: 'alarm.acknowledge' } as const;

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/**
 * Acknowledged writes (2xx) missing from a database: a refill or appointment whose row (by the id answered) or
 * audit entry is not there, an acknowledgement whose alarm has no acknowledgement audit entry by then.
 */
export async function missingAcknowledgedWrites(url: string, writes: WriteOutcome[]): Promise<WriteOutcome[]> {
  const acked = writes.filter((w) => w.status >= 200 && w.status < 300);
  const missing: WriteOutcome[] = [];
  for (const w of acked) {
    const entityId = w.kind === 'ack' ? w.alarmId! : w.id;
    if (!entityId) {
      missing.push(w);
      continue;
    }
    const [{ audited }] = await query<{ audited: number }>(
      url,
      'SELECT count(*)::int AS audited FROM audit_log WHERE action = $1 AND entity_id = $2',
      [AUDIT_ACTION[w.kind], entityId],
    );
    let row = 1;
    if (w.kind !== 'ack') {
      [{ row }] = await query<{ row: number }>(
        url,
        `SELECT count(*)::int AS row FROM ${TABLE_OF[w.kind]} WHERE id = $1`,
        [entityId],
      );
    }
    if (row !== 1 || audited < 1) missing.push(w);
  }
  return missing;
}

/** Pumps with more than one refill or appointment created since `sinceMs` (a retried write applied twice). */
export async function duplicatedWrites(url: string, pumpIds: string[], since: Date): Promise<number> {
  const [{ n }] = await query<{ n: number }>(
    url,
    `SELECT count(*)::int AS n FROM (
       SELECT pump_id FROM refills WHERE pump_id = ANY($1::uuid[]) AND at > $2 GROUP BY pump_id HAVING count(*) > 1
       UNION ALL
       SELECT pump_id FROM appointments WHERE pump_id = ANY($1::uuid[]) AND created_at > $2 GROUP BY pump_id HAVING count(*) > 1
     ) d`,
    [pumpIds, since],
  );
  return n;
}

/** (pump, code) pairs — or clinic-wide codes — with more than one unresolved alarm. */
export async function duplicateOpenAlarms(url: string): Promise<number> {
  const [{ n }] = await query<{ n: number }>(
    url,
    `SELECT count(*)::int AS n FROM (
       SELECT pump_id, code FROM alarms WHERE status <> 'resolved' GROUP BY pump_id, code HAVING count(*) > 1
     ) d`,
  );
  return n;
}

/** Row counts of the tables the load writes, to compare the standby with the primary. */
export async function tableCounts(url: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['refills', 'appointments', 'alarms', 'audit_log', 'idempotency_keys']) {
    const [{ n }] = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = n;
  }
  return counts;
}

/**
 * Alarms changed since the client's stream first opened whose latest version (in the database) the client never
 * received: nonzero means a change fell into a reconnect gap and was not replayed.
 */
export async function unseenAlarmChanges(url: string, client: SseClient): Promise<number> {
  const latest = await query<{ id: string; version: number }>(
    url,
    'SELECT id, version FROM alarms WHERE updated_at > $1',
    [new Date(client.openedAtMs)],
  );
  const seen = new Map<string, number>();
  for (const e of client.events) {
    if (e.event !== 'alarm') continue;
    const alarm = JSON.parse(e.data) as { id: string; version: number };
    seen.set(alarm.id, Math.max(seen.get(alarm.id) ?? 0, alarm.version));
  }
  return latest.filter((a) => (seen.get(a.id) ?? 0) < a.version).length;
}

export interface SweepRun {
  instance: number;
  trigger: 'scheduled' | 'startup';
  startedMs: number;
  durationMs: number;
}

const SWEEP_LINE = /^swept \d+ pumps in (\d+) ms \((scheduled|startup) run, started (\S+)\)/;

/** The sweeps an instance ran, from its JSON log on stdout (one line per sweep). */
export function sweepsInLog(instance: number, stdout: string): SweepRun[] {
  const runs: SweepRun[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    let msg: unknown;
    try {
      msg = (JSON.parse(line) as { msg?: unknown }).msg;
    } catch {
      continue;
    }
    const m = typeof msg === 'string' ? SWEEP_LINE.exec(msg) : null;
    if (m) {
      runs.push({
        instance,
        trigger: m[2] as SweepRun['trigger'],
        startedMs: Date.parse(m[3]),
        durationMs: Number(m[1]),
      });
    }
  }
  return runs;
}

/**
 * Alarm changes a client received only through replay: on a reconnected stream, changes made while it was
 * disconnected (updatedAt between the loss and the new stream), so never sent live to it.
 */
export function changesReplayedAfterReconnect(client: SseClient): number {
  let n = 0;
  for (const r of client.reconnects) {
    for (const e of client.events) {
      if (e.connection !== r.connection || e.event !== 'alarm') continue;
      const updatedMs = Date.parse((JSON.parse(e.data) as { updatedAt: string }).updatedAt);
      if (updatedMs >= r.lostAtMs && updatedMs < r.backAtMs) n += 1;
    }
  }
  return n;
}
