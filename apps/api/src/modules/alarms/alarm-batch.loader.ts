import type { AlarmCode, AlarmPriority, AlarmStatus, AppointmentStatus, PumpEventType } from '@pumpwatch/contracts';
import { INTERRUPTING_EVENTS } from '@pumpwatch/contracts';
import type { EntityManager } from 'typeorm';
import type { PumpContext } from '../projection/pump-context';
import { PUMP_CONTEXT_FROM, PUMP_CONTEXT_SELECT, toPumpContext } from '../projection/pump-context.loader';
import { emptyFacts, type FactWindow, type PumpFacts } from './alarm-facts.loader';
import { AlarmEntity } from './alarm.entity';

/** Everything the evaluator needs about one pump, read in one statement (one snapshot) with the others. */
export interface PumpBatchRow {
  ctx: PumpContext;
  /** pump_eval_state.input_seq read in the same statement (text; null when the pump has no tracking row). */
  inputSeq: string | null;
  facts: PumpFacts;
  /** Unresolved alarms, locked FOR UPDATE. */
  stored: AlarmEntity[];
  /** Time-only breakpoints of the facts (epoch ms, already > now when present). */
  nextMissedAtMs: number | null;
  nextProgramAtMs: number | null;
  /** Per unverified program: the first instant it falls out of the look-back window. */
  unverifiedExpiryMs: number[];
}

/** Milliseconds since the epoch, truncated like pg's own timestamptz parsing (JS Dates hold milliseconds). */
const ms = (col: string) => `floor(extract(epoch from ${col}) * 1000)::float8`;
/** Microseconds since the epoch (exact): truncated to ms in JS, as pg's timestamptz parsing does. */
const us = (col: string) => `(extract(epoch from ${col}) * 1000000)::int8`;
/** Clinic day end of an appointment: its local date at the closing time ($2 zone, $3 closing time). */
const dayEnd = (col: string) => `((((${col}) AT TIME ZONE $2)::date + $3::time) AT TIME ZONE $2)`;

/**
 * The batch's ONE loading statement: pump contexts (PUMP_CONTEXT_SELECT/FROM) with input_seq, the stored facts
 * of docs/clinical/PROJECTION-AND-ALARMS.md §6 (the same rules the per-kind fact queries had), the unresolved
 * alarms locked FOR UPDATE (a locking CTE), and the instants at which those facts change with time alone.
 * Set-based CTEs over the batch aggregate per pump as JSON and join on the pump: no per-pump query, no second
 * round trip.
 * Parameters: $1 pump ids, $2 clinic zone, $3 closing time, $4 now, $5 look-back days, $6 interrupting types.
 * `lock`: false for a read ahead of the evaluator lock (revalidateBatch locks and checks it later).
 */
const batchSql = (lock: boolean) => `
WITH locked AS (
  SELECT * FROM alarms WHERE pump_id = ANY($1::uuid[]) AND status <> 'resolved'${lock ? ' FOR UPDATE' : ''}
), stored AS (
  -- positional, timestamps as epoch µs: a third of the cost of keyed objects with ms conversions
  SELECT pump_id, json_agg(json_build_array(
           id, version, ${us('created_at')}, ${us('updated_at')}, pump_id, patient_id, code, priority, status,
           ${us('raised_at')}, acknowledged_by, ${us('acknowledged_at')}, acknowledge_note, ${us('snoozed_until')},
           snooze_reason, ${us('resolved_at')}, resolved_by, resolution, escalated, ${us('escalated_at')}, details)
         ORDER BY raised_at, id) AS alarms
    FROM locked GROUP BY pump_id
), latest_events AS (
  SELECT DISTINCT ON (pump_id, type = 'RESTARTED') pump_id, id, type, ${ms('at')} AS at_ms, recorded_by
    FROM pump_events
   WHERE pump_id = ANY($1::uuid[]) AND (type = ANY($6::text[]) OR type = 'RESTARTED')
   ORDER BY pump_id, type = 'RESTARTED', at DESC, created_at DESC
), events AS (
  SELECT pump_id, json_agg(json_build_object('id', id, 'type', type, 'at', at_ms, 'recordedBy', recorded_by)) AS list
    FROM latest_events GROUP BY pump_id
), missed AS (
  -- a refill on the appointment's clinic day or later covers it (the patient may come early)
  SELECT a.pump_id, json_agg(json_build_object('id', a.id, 'at', ${ms('a.at')}, 'status', a.status) ORDER BY a.at) AS list
    FROM appointments a
   WHERE a.pump_id = ANY($1::uuid[])
     AND (a.status = 'missed' OR (a.status = 'booked' AND ${dayEnd('a.at')} < $4))
     AND NOT EXISTS (SELECT 1 FROM refills r WHERE r.pump_id = a.pump_id
                       AND r.at >= (((a.at AT TIME ZONE $2)::date)::timestamp AT TIME ZONE $2))
   GROUP BY a.pump_id
), booked AS (
  -- a booked appointment becomes missed 1 ms after its clinic day end (strict "<" above)
  SELECT pump_id, min(${ms(dayEnd('at'))}) + 1 AS next_ms
    FROM appointments
   WHERE pump_id = ANY($1::uuid[]) AND status = 'booked' AND ${dayEnd('at')} >= $4
   GROUP BY pump_id
), in_force AS (
  SELECT DISTINCT ON (pump_id) id FROM dose_programs
   WHERE pump_id = ANY($1::uuid[]) AND effective_at <= $4
   ORDER BY pump_id, effective_at DESC, created_at DESC
), unverified AS (
  SELECT d.pump_id,
         json_agg(json_build_object('id', d.id, 'effectiveAt', ${ms('d.effective_at')},
                  'createdAt', ${ms('d.created_at')},
                  'expiresAt', ${ms('d.created_at + make_interval(days => $5)')} + 1)
                  ORDER BY d.effective_at, d.created_at) AS list
    FROM dose_programs d
   WHERE d.pump_id = ANY($1::uuid[]) AND d.verified_by IS NULL
     AND (d.created_at >= $4::timestamptz - make_interval(days => $5)
          OR d.effective_at > $4 OR d.id IN (SELECT id FROM in_force))
   GROUP BY d.pump_id
), future_programs AS (
  -- a program taking effect changes which one is in force (DOSE_UNVERIFIED)
  SELECT pump_id, min(${ms('effective_at')}) AS next_ms FROM dose_programs
   WHERE pump_id = ANY($1::uuid[]) AND effective_at > $4 GROUP BY pump_id
), triage AS (
  -- calls still without an outcome keep TRIAGE_OPEN on the pump they were taken on
  SELECT pump_id, json_agg(json_build_object('id', id, 'urgency', urgency) ORDER BY at, created_at, id) AS list
    FROM triage_calls WHERE pump_id = ANY($1::uuid[]) AND closed_at IS NULL
   GROUP BY pump_id
), resolved AS (
  -- through the partial alarms_resolved_facts_idx (same predicate): resolved alarms are most of the table
  SELECT pump_id, json_agg(json_build_object('code', code, 'details', details)) AS list
    FROM alarms
   WHERE pump_id = ANY($1::uuid[])
     AND status = 'resolved' AND code IN ('REFILL_DISCREPANCY', 'THERAPY_INTERRUPTED') AND details IS NOT NULL
   GROUP BY pump_id
)
SELECT ${PUMP_CONTEXT_SELECT}, es.input_seq,
       p.therapy_interrupted, p.mri_check_due, to_char(p.eri_date, 'YYYY-MM-DD') AS eri_date, p.eri_reported_at,
       rd.discrepancy AS r_discrepancy, rd.discrepancy_ml AS r_discrepancy_ml,
       stored.alarms AS f_stored, events.list AS f_events, missed.list AS f_missed, booked.next_ms AS f_booked_next,
       unverified.list AS f_unverified, future_programs.next_ms AS f_program_next, resolved.list AS f_resolved,
       triage.list AS f_triage
  FROM ${PUMP_CONTEXT_FROM}
  LEFT JOIN pump_eval_state es ON es.pump_id = p.id
  LEFT JOIN LATERAL (SELECT discrepancy, discrepancy_ml FROM refills WHERE id = r.id) rd ON true
  LEFT JOIN stored ON stored.pump_id = p.id
  LEFT JOIN events ON events.pump_id = p.id
  LEFT JOIN missed ON missed.pump_id = p.id
  LEFT JOIN booked ON booked.pump_id = p.id
  LEFT JOIN unverified ON unverified.pump_id = p.id
  LEFT JOIN future_programs ON future_programs.pump_id = p.id
  LEFT JOIN resolved ON resolved.pump_id = p.id
  LEFT JOIN triage ON triage.pump_id = p.id
 WHERE p.id = ANY($1::uuid[])`;

type Row = Record<string, never>;
/** One stored alarm as the `stored` CTE's positional array (timestamps in epoch µs). */
type StoredTuple = [
  id: string,
  version: number,
  createdAt: number,
  updatedAt: number,
  pumpId: string,
  patientId: string,
  code: AlarmCode,
  priority: AlarmPriority,
  status: AlarmStatus,
  raisedAt: number,
  acknowledgedBy: string | null,
  acknowledgedAt: number | null,
  acknowledgeNote: string | null,
  snoozedUntil: number | null,
  snoozeReason: string | null,
  resolvedAt: number | null,
  resolvedBy: string | null,
  resolution: string | null,
  escalated: boolean,
  escalatedAt: number | null,
  details: Record<string, unknown> | null,
];

/** Epoch µs → Date, truncated to the millisecond like pg's own timestamptz parsing. */
const date = (us: number | null): Date | null => (us === null ? null : new Date(Math.floor(us / 1000)));

/** An AlarmEntity with the same fields (and values) TypeORM hydrates, so audit snapshots are unchanged. */
export function alarmEntity(a: StoredTuple): AlarmEntity {
  return Object.assign(new AlarmEntity(), {
    id: a[0],
    version: a[1],
    createdAt: date(a[2]),
    updatedAt: date(a[3]),
    pumpId: a[4],
    patientId: a[5],
    code: a[6],
    priority: a[7],
    status: a[8],
    raisedAt: date(a[9]),
    acknowledgedBy: a[10],
    acknowledgedAt: date(a[11]),
    acknowledgeNote: a[12],
    snoozedUntil: date(a[13]),
    snoozeReason: a[14],
    resolvedAt: date(a[15]),
    resolvedBy: a[16],
    resolution: a[17],
    escalated: a[18],
    escalatedAt: date(a[19]),
    details: a[20],
  });
}

const idList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function toFacts(p: Row): PumpFacts {
  const f = emptyFacts();
  f.therapyInterrupted = p.therapy_interrupted;
  f.mriCheckDue = p.mri_check_due;
  f.eriDate = p.eri_date;
  f.eriReportedAt = p.eri_reported_at;
  if (p.r_id) {
    f.lastRefill = {
      id: p.r_id,
      at: p.r_at,
      discrepancy: p.r_discrepancy,
      discrepancyMl: p.r_discrepancy_ml === null ? null : Number(p.r_discrepancy_ml),
    };
  }
  for (const e of (p.f_events as { id: string; type: PumpEventType; at: number; recordedBy: string }[] | null) ?? []) {
    if (e.type === 'RESTARTED') f.restart = { eventId: e.id, at: new Date(e.at), recordedBy: e.recordedBy };
    else f.interruption = { eventId: e.id, type: e.type, at: new Date(e.at) };
  }
  for (const a of (p.f_missed as { id: string; at: number; status: AppointmentStatus }[] | null) ?? []) {
    f.missedAppointments.push({ id: a.id, at: new Date(a.at), status: a.status });
  }
  for (const d of (p.f_unverified as { id: string; effectiveAt: number; createdAt: number }[] | null) ?? []) {
    f.unverifiedPrograms.push({ id: d.id, effectiveAt: new Date(d.effectiveAt), createdAt: new Date(d.createdAt) });
  }
  f.openTriageCalls = (p.f_triage as PumpFacts['openTriageCalls'] | null) ?? [];
  for (const a of (p.f_resolved as { code: string; details: Record<string, unknown> }[] | null) ?? []) {
    if (a.code === 'REFILL_DISCREPANCY') for (const id of idList(a.details.refillIds)) f.resolvedRefillIds.add(id);
    else if (typeof a.details.eventId === 'string') f.resolvedInterruptionIds.add(a.details.eventId);
  }
  return f;
}

const BATCH_SQL = { locking: batchSql(true), reading: batchSql(false) };

/** One pump of a batch as the loading statement returns it (see toBatchRow). */
export type RawBatchRow = Row;

/**
 * The batch's loading statement alone; locks its unresolved alarms (call in a transaction), unless `lock` is false
 * (a read ahead of the evaluator lock, to be checked by revalidateBatch under it). toBatchRow maps each row.
 */
export async function queryAlarmBatch(
  m: EntityManager,
  pumpIds: string[],
  w: FactWindow,
  lock = true,
): Promise<RawBatchRow[]> {
  if (!pumpIds.length) return [];
  return (await m.query(lock ? BATCH_SQL.locking : BATCH_SQL.reading, [
    pumpIds,
    w.timeZone,
    w.closingTime,
    w.now,
    w.unverifiedLookbackDays,
    INTERRUPTING_EVENTS,
  ])) as RawBatchRow[];
}

export function toBatchRow(p: RawBatchRow): PumpBatchRow {
  return {
    ctx: toPumpContext(p),
    inputSeq: p.input_seq ?? null,
    facts: toFacts(p),
    stored: ((p.f_stored as StoredTuple[] | null) ?? []).map(alarmEntity),
    nextMissedAtMs: p.f_booked_next ?? null,
    nextProgramAtMs: p.f_program_next ?? null,
    unverifiedExpiryMs: ((p.f_unverified as { expiresAt: number }[] | null) ?? []).map((d) => d.expiresAt),
  };
}

/**
 * Loads a batch of pumps for evaluation in one SELECT; locks their unresolved alarms (call in a transaction), unless
 * `lock` is false (a read ahead of the evaluator lock, to be checked by revalidateBatch under it).
 */
export async function loadAlarmBatch(
  m: EntityManager,
  pumpIds: string[],
  w: FactWindow,
  lock = true,
): Promise<PumpBatchRow[]> {
  return (await queryAlarmBatch(m, pumpIds, w, lock)).map(toBatchRow);
}

/**
 * A batch read ahead of the evaluator lock, checked under it: locks the batch's unresolved alarms, and keeps each
 * pump's read-ahead row only if nothing it was built from has changed since — the pump's input_seq (bumped in the
 * writing transaction by every change to the pump, its patient, refills, programs, appointments, events, calls
 * and users' alarm actions) and its set of unresolved alarms with their versions (which another evaluator's
 * writes change without bumping input_seq). Pumps that changed are loaded again here, locked, in one statement.
 * Every row returned is then exactly what loadAlarmBatch would return now, for the read-ahead's `now`.
 */
export async function revalidateBatch(
  m: EntityManager,
  pumpIds: string[],
  readAhead: PumpBatchRow[],
  w: FactWindow,
): Promise<{ rows: PumpBatchRow[]; reloaded: number }> {
  if (!pumpIds.length) return { rows: [], reloaded: 0 };
  const current = (await m.query(
    `WITH locked AS (
       SELECT id, pump_id, version FROM alarms WHERE pump_id = ANY($1::uuid[]) AND status <> 'resolved' FOR UPDATE
     )
     SELECT pump_id::text AS pump_id, id::text AS id, version::text AS v FROM locked
     UNION ALL
     SELECT pump_id::text, NULL, input_seq::text FROM pump_eval_state WHERE pump_id = ANY($1::uuid[])`,
    [pumpIds],
  )) as { pump_id: string; id: string | null; v: string | null }[];
  const seqOf = new Map<string, string | null>();
  const alarmsOf = new Map<string, Map<string, string>>();
  for (const r of current) {
    if (r.id === null) seqOf.set(r.pump_id, r.v);
    else {
      const list = alarmsOf.get(r.pump_id) ?? new Map<string, string>();
      list.set(r.id, r.v!);
      alarmsOf.set(r.pump_id, list);
    }
  }
  const unchanged = (row: PumpBatchRow): boolean => {
    const id = row.ctx.pumpId;
    if (row.inputSeq === null || seqOf.get(id) !== row.inputSeq) return false;
    const now = alarmsOf.get(id);
    if ((now?.size ?? 0) !== row.stored.length) return false;
    return row.stored.every((a) => now?.get(a.id) === String(a.version));
  };
  const kept = readAhead.filter(unchanged);
  const keptIds = new Set(kept.map((r) => r.ctx.pumpId));
  const stale = pumpIds.filter((id) => !keptIds.has(id));
  const fresh = await loadAlarmBatch(m, stale, w);
  return { rows: [...kept, ...fresh], reloaded: stale.length };
}

/** An AlarmEntity from a row of `alarms` as the driver returns it (RETURNING *): timestamps already Dates. */
export function alarmEntityFromRow(r: Record<string, never>): AlarmEntity {
  return Object.assign(new AlarmEntity(), {
    id: r.id,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    pumpId: r.pump_id,
    patientId: r.patient_id,
    code: r.code,
    priority: r.priority,
    status: r.status,
    raisedAt: r.raised_at,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: r.acknowledged_at,
    acknowledgeNote: r.acknowledge_note,
    snoozedUntil: r.snoozed_until,
    snoozeReason: r.snooze_reason,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    resolution: r.resolution,
    escalated: r.escalated,
    escalatedAt: r.escalated_at,
    details: r.details,
  });
}
