import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AlarmCode } from '@pumpwatch/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { mapInSlices } from '../../common/async/flow';
import {
  alarmEntityFromRow,
  loadAlarmBatch,
  queryAlarmBatch,
  revalidateBatch,
  toBatchRow,
  type PumpBatchRow,
} from './alarm-batch.loader';
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

  /**
   * A batch read without locks in a transaction of its own, ahead of the evaluator lock (revalidate checks it).
   * `arrived` is called once the statement is over (before its rows are mapped, in slices of `slice` pumps).
   */
  async readAhead(pumpIds: string[], window: FactWindow, arrived: () => void, slice: number): Promise<PumpBatchRow[]> {
    const raw = await this.dataSource
      .transaction(async (m) => {
        await m.query(`SET LOCAL random_page_cost = ${BATCH_RANDOM_PAGE_COST}`);
        return queryAlarmBatch(m, pumpIds, window, false);
      })
      .finally(arrived);
    return mapInSlices(raw, slice, toBatchRow);
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
    // details as one JSON array (split server-side): no per-element array-literal escaping of JSON texts
    const details = rows.map((r) => JSON.stringify(r.d.details ?? null));
    const inserted = (await m.query(
      `INSERT INTO alarms (pump_id, patient_id, code, priority, status, raised_at, details, version)
       SELECT v.pump_id, v.patient_id, v.code, v.priority, 'open', $5, nullif(v.details, 'null'::jsonb), 1
         FROM ROWS FROM (unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]), jsonb_array_elements($6::jsonb))
              WITH ORDINALITY AS v(pump_id, patient_id, code, priority, details, ord)
        ORDER BY v.ord
       ON CONFLICT (pump_id, code) WHERE status <> 'resolved' DO NOTHING
       RETURNING id, pump_id, code`,
      [
        rows.map((r) => r.pumpId),
        rows.map((r) => r.patientId),
        rows.map((r) => r.d.code),
        rows.map((r) => r.d.priority),
        now,
        `[${details.join(',')}]`,
      ],
    )) as { id: string; pump_id: string; code: AlarmCode }[];
    if (!inserted.length) return [];
    const idOf = new Map(inserted.map((r) => [`${r.pump_id}:${r.code}`, r.id]));
    const out: AlarmEntity[] = [];
    rows.forEach((r, i) => {
      const key = `${r.pumpId}:${r.d.code}`;
      const id = idOf.get(key);
      if (!id) return;
      idOf.delete(key);
      // as jsonb gives it back: a JSON copy
      out.push(
        raisedAlarm(id, r.pumpId, r.patientId, r.d, JSON.parse(details[i]!) as AlarmEntity['details'], now, txNow),
      );
    });
    return out;
  }

  /**
   * One UPDATE for every stored alarm a batch changed (refreshed, reopened, resolved, escalated; changes already
   * applied in memory, `version` and `updatedAt` included): writes each alarm's mutable columns as the entity holds
   * them, with updated_at = CURRENT_TIMESTAMP, the transaction's `txNow` the caller set. `bumps` is how many changes
   * each alarm took in memory; a row whose stored version is not the one the batch read (locked, so never in
   * practice) fails the batch rather than be overwritten.
   */
  async saveChanged(m: EntityManager, alarms: AlarmEntity[], bumps: Map<string, number>): Promise<void> {
    if (!alarms.length) return;
    const [, updated] = (await m.query(
      `UPDATE alarms a SET priority = v.priority, details = v.details::jsonb, status = v.status,
              resolved_at = v.resolved_at, resolved_by = v.resolved_by, resolution = v.resolution,
              escalated = v.escalated, escalated_at = v.escalated_at, version = v.version,
              updated_at = CURRENT_TIMESTAMP
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::uuid[], $7::text[],
                     $8::boolean[], $9::timestamptz[], $10::int[], $11::int[])
              AS v(id, priority, details, status, resolved_at, resolved_by, resolution, escalated, escalated_at,
                   version, bumps)
        WHERE a.id = v.id AND a.version = v.version - v.bumps`,
      [
        alarms.map((a) => a.id),
        alarms.map((a) => a.priority),
        alarms.map((a) => (a.details === null ? null : JSON.stringify(a.details))),
        alarms.map((a) => a.status),
        alarms.map((a) => a.resolvedAt),
        alarms.map((a) => a.resolvedBy),
        alarms.map((a) => a.resolution),
        alarms.map((a) => a.escalated),
        alarms.map((a) => a.escalatedAt),
        alarms.map((a) => a.version),
        alarms.map((a) => bumps.get(a.id) ?? 1),
      ],
    )) as [unknown[], number];
    if (updated !== alarms.length) {
      throw new Error(`alarm sweep: ${alarms.length - updated} alarm(s) changed under the evaluator lock`);
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

  /**
   * Alarm ids changed in the caller's transaction, delivered at commit to every instance LISTENing: one statement
   * for the batch, one message per NOTIFY_IDS_PER_MESSAGE ids.
   */
  async notify(m: EntityManager, ids: string[]): Promise<void> {
    const unique = [...new Set(ids)];
    if (!unique.length) return;
    const messages: string[] = [];
    for (let i = 0; i < unique.length; i += NOTIFY_IDS_PER_MESSAGE) {
      messages.push(JSON.stringify(unique.slice(i, i + NOTIFY_IDS_PER_MESSAGE)));
    }
    await m.query('SELECT pg_notify($1, message) FROM unnest($2::text[]) AS message', [ALARM_CHANNEL, messages]);
  }
}

/**
 * A raised alarm as the database now holds it: the values inserted and the column defaults (the same fields and
 * values RETURNING * gave, so its audit snapshot is unchanged).
 */
function raisedAlarm(
  id: string,
  pumpId: string,
  patientId: string,
  d: DesiredAlarm,
  details: AlarmEntity['details'],
  now: Date,
  txNow: Date,
) {
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
    details,
  } as unknown as Record<string, never>);
}
