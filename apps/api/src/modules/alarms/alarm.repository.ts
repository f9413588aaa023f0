import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AlarmCode } from '@pumpwatch/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { alarmEntityFromRow, loadAlarmBatch, revalidateBatch, type PumpBatchRow } from './alarm-batch.loader';
import type { FactWindow } from './alarm-facts.loader';
import type { ToRaise } from './alarm-plan';
import { AlarmEntity } from './alarm.entity';
import { ALARM_CHANNEL } from './alarm.mapper';
import type { DesiredAlarm } from './desired-alarms';

/** Session lock held by the instance that sweeps (pg_try_advisory_lock): two API instances never sweep at once. */
const SWEEP_LOCK = 734_301;
/** Transaction lock around each evaluation: facts are read and reconciled by one evaluator at a time. */
const EVALUATE_LOCK = 734_302;
/**
 * BATCH_PLANNER: the batch read joins 1,000 pumps to their patients, evaluation state and latest records. Under
 * the default page cost (made for spinning disks) PostgreSQL hashed whole tables for that (50,000 patients and
 * evaluation states per batch); the index probes it avoided cost far less on a database held in memory (batch
 * read 61 → 45 ms at 50,000 pumps). Set for the sweep's own transactions only.
 */
const BATCH_RANDOM_PAGE_COST = '1.1';
const NOTIFY_IDS_PER_MESSAGE = 150; // 37 bytes per id: well under NOTIFY's 8000-byte payload limit

/** Columns the sweep writes in bulk: SQL array element type and the value taken from the entity. */
const ALARM_COLUMNS = {
  priority: { type: 'text', get: (a: AlarmEntity) => a.priority },
  details: { type: 'jsonb', get: (a: AlarmEntity) => (a.details === null ? null : JSON.stringify(a.details)) },
  status: { type: 'text', get: (a: AlarmEntity) => a.status },
  resolved_at: { type: 'timestamptz', get: (a: AlarmEntity) => a.resolvedAt },
  resolved_by: { type: 'uuid', get: (a: AlarmEntity) => a.resolvedBy },
  resolution: { type: 'text', get: (a: AlarmEntity) => a.resolution },
  escalated: { type: 'boolean', get: (a: AlarmEntity) => a.escalated },
  escalated_at: { type: 'timestamptz', get: (a: AlarmEntity) => a.escalatedAt },
} as const;
export type AlarmColumn = keyof typeof ALARM_COLUMNS;

/** What an evaluation records for one pump in pump_eval_state. */
export interface EvaluationRecord {
  pumpId: string;
  /** The input_seq the batch read (null: the pump had no tracking row yet). */
  inputSeq: string | null;
  nextCheckAt: Date;
}

/**
 * The SQL of the alarm engine: which pumps a sweep evaluates, the sweep and evaluator locks, a batch's read (ahead
 * of the lock or under it), the set-based writes of its decisions, its evaluation state, and the NOTIFY that
 * carries alarm changes to every instance's live stream. Statements only: what to write is decided by the sweep.
 */
@Injectable()
export class AlarmRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs `work` holding the sweep's session lock on a connection of its own; null without running it when
   * another instance holds the lock.
   */
  async whileSweepLocked<T>(work: () => Promise<T>): Promise<T | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [SWEEP_LOCK])) as {
        locked: boolean;
      }[];
      if (!locked) return null;
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Every pump not explanted, plus explanted ones still carrying unresolved alarms. */
  async allPumpIds(): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM pumps WHERE explanted_at IS NULL
        OR id IN (SELECT pump_id FROM alarms WHERE status <> 'resolved') ORDER BY id`,
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /**
   * The sweep's pumps, in one query: of all pumps (not explanted, or explanted with unresolved alarms), those
   * whose inputs changed since their last evaluation (input_seq, bumped by triggers in the writing
   * transaction, so a write whose post-commit re-evaluation never ran is caught here), evaluated under other
   * clinic settings, due by time (next_check_at), never evaluated, or evaluated at a later clock reading than
   * now (a clock set back: where in doubt, evaluate).
   */
  async pumpsDue(now: Date): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT p.id FROM pumps p LEFT JOIN pump_eval_state s ON s.pump_id = p.id
        WHERE (p.explanted_at IS NULL OR p.id IN (SELECT pump_id FROM alarms WHERE status <> 'resolved'))
          AND (s.pump_id IS NULL OR s.input_seq > s.evaluated_seq
               OR s.evaluated_settings_version IS DISTINCT FROM (SELECT version FROM clinic_settings WHERE id = 1)
               OR s.next_check_at IS NULL OR s.next_check_at <= $1 OR s.evaluated_at > $1)
        ORDER BY p.id`,
      [now],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /**
   * Opens an evaluation in the caller's transaction, in one control statement: the evaluator lock, our own alarm
   * writes are not input changes (triggers), and the planner costs of a database in memory (BATCH_PLANNER).
   * Returns now(): the transaction's timestamp, which the database gives inserted alarms' created_at and
   * updated_at and updated alarms' updated_at.
   */
  async beginEvaluation(m: EntityManager): Promise<Date> {
    const [{ txNow }] = (await m.query(
      `SELECT pg_advisory_xact_lock($1), set_config('pumpwatch.evaluating', 'on', true),
              set_config('random_page_cost', $2, true), now() AS "txNow"`,
      [EVALUATE_LOCK, BATCH_RANDOM_PAGE_COST],
    )) as { txNow: Date }[];
    return txNow;
  }

  /** A batch read without locks in a transaction of its own, ahead of the evaluator lock (revalidate checks it). */
  readAhead(pumpIds: string[], window: FactWindow): Promise<PumpBatchRow[]> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL random_page_cost = ${BATCH_RANDOM_PAGE_COST}`);
      return loadAlarmBatch(m, pumpIds, window, false);
    });
  }

  /** A batch read under the evaluator lock, its unresolved alarms locked (alarm-batch.loader.ts). */
  loadBatch(m: EntityManager, pumpIds: string[], window: FactWindow): Promise<PumpBatchRow[]> {
    return loadAlarmBatch(m, pumpIds, window);
  }

  /** A read-ahead checked under the evaluator lock; pumps changed since are read again (alarm-batch.loader.ts). */
  async revalidate(
    m: EntityManager,
    pumpIds: string[],
    readAhead: PumpBatchRow[],
    window: FactWindow,
  ): Promise<PumpBatchRow[]> {
    return (await revalidateBatch(m, pumpIds, readAhead, window)).rows;
  }

  /**
   * One multi-row INSERT for every alarm to raise in the batch; returns the rows actually inserted, as entities, in
   * the order given. The partial unique index is the last word: a concurrent evaluator's row wins, ours is dropped.
   * Only the ids come back: every other column is what was sent, or a default (created_at and updated_at: the
   * transaction's `txNow`).
   */
  async insertRaised(m: EntityManager, rows: ToRaise[], now: Date, txNow: Date): Promise<AlarmEntity[]> {
    if (!rows.length) return [];
    const inserted = (await m.query(
      `INSERT INTO alarms (pump_id, patient_id, code, priority, status, raised_at, details, version)
       SELECT v.pump_id, v.patient_id, v.code, v.priority, 'open', $5, v.details::jsonb, 1
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $6::text[], $7::int[])
              AS v(pump_id, patient_id, code, priority, details, ord)
        ORDER BY v.ord
       ON CONFLICT (pump_id, code) WHERE status <> 'resolved' DO NOTHING
       RETURNING id, pump_id, code`,
      [
        rows.map((r) => r.pumpId),
        rows.map((r) => r.patientId),
        rows.map((r) => r.d.code),
        rows.map((r) => r.d.priority),
        now,
        rows.map((r) => (r.d.details === null ? null : JSON.stringify(r.d.details))),
        rows.map((_, i) => i),
      ],
    )) as { id: string; pump_id: string; code: AlarmCode }[];
    if (!inserted.length) return [];
    const idOf = new Map(inserted.map((r) => [`${r.pump_id}:${r.code}`, r.id]));
    const out: AlarmEntity[] = [];
    for (const r of rows) {
      const key = `${r.pumpId}:${r.d.code}`;
      const id = idOf.get(key);
      if (!id) continue;
      idOf.delete(key);
      out.push(raisedAlarm(id, r.pumpId, r.patientId, r.d, now, txNow));
    }
    return out;
  }

  /**
   * One UPDATE for a set of alarms already changed in memory: writes the given columns from the entities, bumps
   * each version and updated_at (as TypeORM's `save` does) and sets both on the entities.
   */
  async saveColumns(m: EntityManager, alarms: AlarmEntity[], columns: AlarmColumn[]): Promise<void> {
    if (!alarms.length) return;
    const params: unknown[] = [alarms.map((a) => a.id)];
    const sets: string[] = [];
    const cols: string[] = ['id'];
    const types: string[] = ['uuid[]'];
    for (const col of columns) {
      const { type, get } = ALARM_COLUMNS[col];
      params.push(alarms.map((a) => get(a)));
      cols.push(col);
      types.push(`${type === 'jsonb' ? 'text' : type}[]`);
      sets.push(`${col} = v.${col}${type === 'jsonb' ? '::jsonb' : ''}`);
    }
    const rows = (await m.query(
      `UPDATE alarms a SET ${sets.join(', ')}, version = a.version + 1, updated_at = CURRENT_TIMESTAMP
         FROM unnest(${types.map((t, i) => `$${i + 1}::${t}`).join(', ')}) AS v(${cols.join(', ')})
        WHERE a.id = v.id
        RETURNING a.id, a.version, a.updated_at`,
      params,
    )) as unknown[];
    // the driver answers an UPDATE with [rows, rowCount]
    const returned = (Array.isArray(rows[0]) ? rows[0] : rows) as { id: string; version: number; updated_at: Date }[];
    const savedBy = new Map(returned.map((r) => [r.id, r]));
    for (const a of alarms) {
      const saved = savedBy.get(a.id)!;
      a.version = saved.version;
      a.updatedAt = saved.updated_at;
    }
  }

  /**
   * pump_eval_state for every pump of a batch: the input_seq its read saw (not re-read: a write committed since
   * then leaves input_seq ahead, so the next sweep evaluates again), the settings version used, when, and the next
   * instant its alarms can change with time alone.
   */
  async recordEvaluation(
    m: EntityManager,
    records: EvaluationRecord[],
    settingsVersion: number,
    now: Date,
  ): Promise<void> {
    if (!records.length) return;
    await m.query(
      `INSERT INTO pump_eval_state AS s
              (pump_id, input_seq, evaluated_seq, evaluated_settings_version, evaluated_at, next_check_at)
       SELECT v.pump_id, coalesce(v.seq, 0), coalesce(v.seq, 0), $2, $3, v.next_check_at
         FROM unnest($1::uuid[], $4::bigint[], $5::timestamptz[]) AS v(pump_id, seq, next_check_at)
       ON CONFLICT (pump_id) DO UPDATE SET evaluated_seq = EXCLUDED.evaluated_seq,
              evaluated_settings_version = EXCLUDED.evaluated_settings_version,
              evaluated_at = EXCLUDED.evaluated_at, next_check_at = EXCLUDED.next_check_at`,
      [
        records.map((r) => r.pumpId),
        settingsVersion,
        now,
        records.map((r) => r.inputSeq),
        records.map((r) => r.nextCheckAt),
      ],
    );
  }

  /** Alarm ids changed in the caller's transaction, delivered at commit to every instance LISTENing. */
  async notify(m: EntityManager, ids: string[]): Promise<void> {
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += NOTIFY_IDS_PER_MESSAGE) {
      await m.query('SELECT pg_notify($1, $2)', [
        ALARM_CHANNEL,
        JSON.stringify(unique.slice(i, i + NOTIFY_IDS_PER_MESSAGE)),
      ]);
    }
  }
}

/**
 * A raised alarm as the database now holds it: the values inserted and the column defaults (the same fields and
 * values RETURNING * gave, so its audit snapshot is unchanged).
 */
function raisedAlarm(id: string, pumpId: string, patientId: string, d: DesiredAlarm, now: Date, txNow: Date) {
  return alarmEntityFromRow({
    id,
    version: 1,
    created_at: txNow,
    updated_at: txNow,
    pump_id: pumpId,
    patient_id: patientId,
    code: d.code,
    priority: d.priority,
    status: 'open',
    raised_at: now,
    acknowledged_by: null,
    acknowledged_at: null,
    acknowledge_note: null,
    snoozed_until: null,
    snooze_reason: null,
    resolved_at: null,
    resolved_by: null,
    resolution: null,
    escalated: false,
    escalated_at: null,
    // as jsonb gives it back: a JSON copy
    details: d.details === null ? null : JSON.parse(JSON.stringify(d.details)),
  } as unknown as Record<string, never>);
}
