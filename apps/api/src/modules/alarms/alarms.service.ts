import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AlarmCode, AlarmSweepResult } from '@pumpwatch/contracts';
import { nextTherapyAlarmChangeAt } from '@pumpwatch/domain';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { snapshot } from '../../common/db/write';
import { PumpChanges } from '../../common/pump-changes';
import { AuditService, type AuditInput } from '../audit/audit.service';
import { AppConfig } from '../../config/config';
import { ClinicSettingsService, type ClinicSettings } from '../clinic-settings/clinic-settings.service';
import { AlarmNotifier } from '../notifications/alarm-notifier.service';
import type { PumpContext } from '../projection/pump-context';
import { alarmEntityFromRow, loadAlarmBatch, revalidateBatch, type PumpBatchRow } from './alarm-batch.loader';
import type { FactWindow } from './alarm-facts.loader';
import type { PumpFacts } from './alarm-facts.loader';
import { auditSnapshot, pending, planPump, rank, type Pending, type PumpPlan, type ToRaise } from './alarm-plan';
import { alarmPolicy, type AlarmLifecyclePolicy } from './alarm-policy';
import { AlarmEntity } from './alarm.entity';
import { ALARM_CHANNEL } from './alarm.mapper';
import { therapyEvents, type DesiredAlarm } from './desired-alarms';
import { capMs, escalationDueMs, nextCheckMs } from './next-check';

/** Session lock held by the instance that sweeps (pg_try_advisory_lock): two API instances never sweep at once. */
const SWEEP_LOCK = 734_301;
/** Transaction lock around each evaluation: facts are read and reconciled by one evaluator at a time. */
const EVALUATE_LOCK = 734_302;
export const SWEEP_BATCH_SIZE = 1000;
/**
 * BATCH_PLANNER: the batch read joins 1,000 pumps to their patients, evaluation state and latest records. Under
 * the default page cost (made for spinning disks) PostgreSQL hashed whole tables for that (50,000 patients and
 * evaluation states per batch); the index probes it avoided cost far less on a database held in memory (batch
 * read 61 → 45 ms at 50,000 pumps). Set for the sweep's own transactions only.
 */
const BATCH_RANDOM_PAGE_COST = '1.1';
/**
 * Batches read ahead at once (each on its own connection) and at most how far ahead of the batch being written
 * (each holds 1,000 pumps' facts in memory). Two readers: while Node parses and plans one read, the database
 * runs the next (one reader left the forced full evaluation read-bound: 5.8 s → 3.3 s at 50,000 pumps).
 */
const READERS = 2;
const READ_AHEAD_BATCHES = 3;
const NOTIFY_IDS_PER_MESSAGE = 150; // 37 bytes per id: well under NOTIFY's 8000-byte payload limit

type Counts = Omit<AlarmSweepResult, 'skipped'>;
/**
 * A batch read ahead of its turn, at `window.now`, and planned as soon as it arrived (rows null: the read failed,
 * the batch reads under the lock).
 */
interface ReadAhead {
  window: FactWindow;
  rows: PumpBatchRow[] | null;
  plans: WeakMap<PumpBatchRow, PumpPlan>;
}

/** What the scheduled caller checks and records under the sweep lock (so the next lock holder sees it). */
export interface SweepOptions {
  /** True: this run is skipped (another instance already swept for this scheduled run). */
  skipIf?: () => Promise<boolean>;
  /** Called after a sweep, still under the lock. */
  afterSweep?: (result: AlarmSweepResult) => Promise<void>;
}

/** Columns the reconciler writes in bulk: SQL array element type and the value taken from the entity. */
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
type AlarmColumn = keyof typeof ALARM_COLUMNS;
const zero = (): Counts => ({ pumps: 0, raised: 0, updated: 0, resolved: 0, escalated: 0 });

/**
 * The alarm engine (docs/clinical/PROJECTION-AND-ALARMS.md §6): computes the alarms every pump should have and
 * reconciles the stored ones — raise, re-prioritise, reopen after a snooze, escalate, auto-resolve — idempotently,
 * with an audit entry per change in the same transaction, and a NOTIFY so every instance's live stream sees it.
 */
@Injectable()
export class AlarmsService implements OnModuleInit {
  private readonly logger = new Logger('AlarmEngine');

  private readonly fullEvaluationMinutes: number;
  /** Pumps per batch (a field, so a test can run many batches, and so many read-aheads, over a few pumps). */
  batchSize = SWEEP_BATCH_SIZE;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: ClinicSettingsService,
    private readonly audit: AuditService,
    private readonly changes: PumpChanges,
    private readonly clock: Clock,
    config: AppConfig,
    private readonly notifier: AlarmNotifier,
  ) {
    const minutes = config.fullEvaluationMinutes;
    this.fullEvaluationMinutes = Number.isFinite(minutes) && minutes > 0 ? minutes : 60;
  }

  onModuleInit(): void {
    // every committed write that can change a pump re-evaluates that pump at once
    this.changes.subscribe(async (pumpId) => {
      await this.evaluatePumps([pumpId]);
    });
  }

  /**
   * The scheduled run, unless another instance is already sweeping: every pump whose alarms may differ from
   * its last evaluation (see pumpsDue). `pumps` counts the pumps evaluated.
   */
  async sweep(opts: SweepOptions = {}): Promise<AlarmSweepResult> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [SWEEP_LOCK])) as {
        locked: boolean;
      }[];
      if (!locked) return { skipped: true, ...zero() };
      try {
        if (await opts.skipIf?.()) return { skipped: true, ...zero() };
        const result = { skipped: false, ...(await this.evaluateIds(await this.pumpsDue(this.clock.now()))) };
        await opts.afterSweep?.(result);
        return result;
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  /** One, some or all pumps (all = not explanted, plus explanted ones still carrying unresolved alarms). */
  async evaluatePumps(pumpIds?: string[]): Promise<Counts> {
    return this.evaluateIds(pumpIds ? [...new Set(pumpIds)] : await this.allPumpIds());
  }

  /**
   * Batch after batch, each in its own transaction under the evaluator lock. The next batch is read while this one
   * is evaluated and written (on another connection, without locks), so the database reads it while Node computes,
   * and planned as it arrives (Node computes while the database writes); under the lock the read-ahead is checked
   * against what changed since (revalidateBatch) and pumps that changed are read and planned again. A batch is
   * evaluated at the `now` of its read.
   */
  private async evaluateIds(ids: string[]): Promise<Counts> {
    const total = zero();
    if (!ids.length) return total;
    // one settings read (cached) for the whole run: its version is recorded, so a newer one re-evaluates
    const settings = await this.settings.get();
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += this.batchSize) batches.push(ids.slice(i, i + this.batchSize));
    // The first batch reads under the lock as a single evaluation does. Later ones are read READERS at a time on
    // their own connections, the next starting as soon as one has arrived (before it is planned), at most
    // READ_AHEAD_BATCHES ahead of the batch being written: the database reads while Node plans and while the
    // evaluator writes.
    const reads: (Promise<ReadAhead> | undefined)[] = [];
    let nextRead = 1;
    let reading = 0;
    let writing = 0;
    const readMore = () => {
      while (reading < READERS && nextRead < batches.length && nextRead <= writing + READ_AHEAD_BATCHES) {
        const i = nextRead++;
        reading++;
        reads[i] = this.readAhead(batches[i]!, settings, () => {
          reading--;
          readMore();
        });
      }
    };
    for (let i = 0; i < batches.length; i++) {
      writing = i;
      readMore();
      const ahead = (await reads[i]) ?? null;
      reads[i] = undefined;
      const counts = await this.dataSource.transaction((m) => this.evaluateBatch(m, batches[i]!, settings, ahead));
      for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += counts[k];
    }
    return total;
  }

  /**
   * A batch read without locks, ahead of its turn, then planned; `arrived` is called when the read is over (before
   * planning), so the next read can start. If the read fails, the batch reads under the lock itself.
   */
  private readAhead(pumpIds: string[], settings: ClinicSettings, arrived: () => void): Promise<ReadAhead> {
    const window: FactWindow = {
      now: this.clock.now(),
      timeZone: settings.timeZone,
      closingTime: settings.closingTime,
      unverifiedLookbackDays: alarmPolicy(settings).unverifiedLookbackDays,
    };
    const read = this.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL random_page_cost = ${BATCH_RANDOM_PAGE_COST}`);
      return loadAlarmBatch(m, pumpIds, window, false);
    });
    return read
      .finally(arrived)
      .then((rows) => {
        const plans = new WeakMap<PumpBatchRow, PumpPlan>();
        for (const row of rows) plans.set(row, planPump(row, window.now, settings, this.logger));
        return { window, rows, plans };
      })
      .catch((e: unknown) => {
        this.logger.warn(`reading a batch ahead failed (${(e as Error).message}): it reads under the lock instead`);
        return { window, rows: null, plans: new WeakMap<PumpBatchRow, PumpPlan>() };
      });
  }

  private async allPumpIds(): Promise<string[]> {
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
  private async pumpsDue(now: Date): Promise<string[]> {
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

  private async evaluateBatch(
    m: EntityManager,
    pumpIds: string[],
    settings: ClinicSettings,
    readAhead: ReadAhead | null = null,
  ): Promise<Counts> {
    // one control statement: the evaluator lock, our own alarm writes are not input changes (triggers), and the
    // planner costs of a database in memory (BATCH_PLANNER)
    // now(): the transaction's timestamp, which the database gives inserted alarms' created_at and updated_at
    const [{ txNow }] = (await m.query(
      `SELECT pg_advisory_xact_lock($1), set_config('pumpwatch.evaluating', 'on', true),
              set_config('random_page_cost', $2, true), now() AS "txNow"`,
      [EVALUATE_LOCK, BATCH_RANDOM_PAGE_COST],
    )) as { txNow: Date }[];
    const policy = alarmPolicy(settings);
    const window: FactWindow = readAhead?.window ?? {
      now: this.clock.now(),
      timeZone: settings.timeZone,
      closingTime: settings.closingTime,
      unverifiedLookbackDays: policy.unverifiedLookbackDays,
    };
    const now = window.now;
    let rows: PumpBatchRow[];
    if (readAhead?.rows) rows = (await revalidateBatch(m, pumpIds, readAhead.rows, window)).rows;
    else rows = await loadAlarmBatch(m, pumpIds, window);

    const counts = zero();
    counts.pumps = rows.length;
    const changed: string[] = [];
    const audits: AuditInput[] = [];
    const toRaise: ToRaise[] = [];
    const toRefresh: Pending[] = [];
    const toResolve: Pending[] = [];
    const nextOf = new Map<string, PumpPlan['next']>();
    for (const row of rows) {
      // planned ahead when read ahead and unchanged since; pumps read under the lock are planned now
      const plan = readAhead?.plans.get(row) ?? planPump(row, now, settings, this.logger);
      nextOf.set(row.ctx.pumpId, plan.next);
      toRaise.push(...plan.raise);
      toRefresh.push(...plan.refresh);
      toResolve.push(...plan.resolve);
    }
    // Set-based writes, in the order the per-pump loop used to make them (raise/refresh, then resolve, then
    // escalate); each alarm's audit entries keep their order.
    const raised = await this.raiseAll(m, toRaise, now, txNow, audits);
    for (const a of raised) {
      counts.raised++;
      changed.push(a.id);
    }
    await this.saveAll(m, toRefresh, ['priority', 'details', 'status'], audits);
    counts.updated = toRefresh.length;
    await this.saveAll(m, toResolve, ['status', 'resolved_at', 'resolved_by', 'resolution'], audits);
    counts.resolved = toResolve.length;
    changed.push(...toRefresh.map((p) => p.alarm.id), ...toResolve.map((p) => p.alarm.id));
    // notifications are queued in this same transaction: they exist exactly when these changes commit
    await this.notifier.onAlarmChanges(
      m,
      [
        ...raised.map((alarm) => ({ alarm, kind: 'raised' as const })),
        ...toRefresh
          .filter((p) => rank(p.alarm.priority) < rank(p.beforePriority))
          .map((p) => ({ alarm: p.alarm, kind: 'rose' as const })),
        ...toResolve.map((p) => ({ alarm: p.alarm, kind: 'resolved' as const })),
      ],
      now,
    );
    // every unresolved alarm of the batch is locked and in memory, as this batch leaves it
    const unresolvedByPump = new Map<string, AlarmEntity[]>();
    for (const a of [...rows.flatMap((r) => r.stored), ...raised]) {
      if (a.status === 'resolved') continue;
      const pumpId = a.pumpId!; // loaded or raised for a pump of the batch
      const list = unresolvedByPump.get(pumpId);
      if (list) list.push(a);
      else unresolvedByPump.set(pumpId, [a]);
    }
    counts.escalated = await this.escalate(m, [...unresolvedByPump.values()].flat(), now, policy, changed, audits);
    await this.recordEvaluation(m, rows, now, settings, policy, nextOf, unresolvedByPump);
    await this.audit.appendMany(m, audits);
    await this.notify(m, changed);
    return counts;
  }

  /**
   * pump_eval_state for every pump of the batch: the input_seq read by the loading statement (not re-read: a
   * write committed since then leaves input_seq ahead, so the next sweep evaluates again), the settings
   * version used, and the next instant its alarms can change with time alone (next-check.ts).
   */
  private async recordEvaluation(
    m: EntityManager,
    rows: Awaited<ReturnType<typeof loadAlarmBatch>>,
    now: Date,
    settings: ClinicSettings,
    policy: AlarmLifecyclePolicy,
    nextOf: Map<string, PumpPlan['next']>,
    unresolvedByPump: Map<string, AlarmEntity[]>,
  ): Promise<void> {
    if (!rows.length) return;
    const nowMs = now.getTime();
    const next = rows.map((r) =>
      nextCheckMs({
        nowMs,
        capMs: capMs(r.ctx.pumpId, nowMs, this.fullEvaluationMinutes),
        statusNextMs: nextOf.get(r.ctx.pumpId)!.status,
        deviceNextMs: nextOf.get(r.ctx.pumpId)!.device,
        nextMissedAtMs: r.nextMissedAtMs,
        nextProgramAtMs: r.nextProgramAtMs,
        unverifiedExpiryMs: r.unverifiedExpiryMs,
        therapyNextMs: therapyNextMs(r.ctx.programs, r.facts, now),
        alarms: unresolvedByPump.get(r.ctx.pumpId) ?? [],
        policy,
      }),
    );
    await m.query(
      `INSERT INTO pump_eval_state AS s
              (pump_id, input_seq, evaluated_seq, evaluated_settings_version, evaluated_at, next_check_at)
       SELECT v.pump_id, coalesce(v.seq, 0), coalesce(v.seq, 0), $2, $3, v.next_check_at
         FROM unnest($1::uuid[], $4::bigint[], $5::timestamptz[]) AS v(pump_id, seq, next_check_at)
       ON CONFLICT (pump_id) DO UPDATE SET evaluated_seq = EXCLUDED.evaluated_seq,
              evaluated_settings_version = EXCLUDED.evaluated_settings_version,
              evaluated_at = EXCLUDED.evaluated_at, next_check_at = EXCLUDED.next_check_at`,
      [
        rows.map((r) => r.ctx.pumpId),
        settings.version,
        now,
        rows.map((r) => r.inputSeq),
        next.map((ms) => new Date(ms)),
      ],
    );
  }

  /**
   * One multi-row INSERT for every alarm to raise in the batch; returns the rows actually inserted, as entities.
   * The partial unique index is the last word: a concurrent evaluator's row wins, ours is dropped. Only the ids come
   * back: every other column is what was sent, or a default (created_at and updated_at: the transaction's `txNow`).
   */
  private async raiseAll(
    m: EntityManager,
    rows: ToRaise[],
    now: Date,
    txNow: Date,
    audits: AuditInput[],
  ): Promise<AlarmEntity[]> {
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
    // audit in the order the alarms were desired (pump by pump), as the per-alarm inserts did
    for (const r of rows) {
      const id = idOf.get(`${r.pumpId}:${r.d.code}`);
      if (!id) continue;
      idOf.delete(`${r.pumpId}:${r.d.code}`);
      const row = raisedAlarm(id, r.pumpId, r.patientId, r.d, now, txNow);
      out.push(row);
      audits.push({
        userId: null,
        action: 'alarm.raise',
        entityType: 'alarm',
        entityId: row.id,
        before: null,
        after: auditSnapshot(row),
      });
    }
    return out;
  }

  /**
   * One UPDATE for a set of alarm changes already applied in memory: writes the given columns from the entities,
   * bumps each version and updated_at (as `save` did), and queues the before/after audit entries.
   */
  private async saveAll(m: EntityManager, changes: Pending[], columns: AlarmColumn[], audits: AuditInput[]) {
    if (!changes.length) return;
    const params: unknown[] = [changes.map((c) => c.alarm.id)];
    const sets: string[] = [];
    const cols: string[] = ['id'];
    const types: string[] = ['uuid[]'];
    for (const col of columns) {
      const { type, get } = ALARM_COLUMNS[col];
      params.push(changes.map((c) => get(c.alarm)));
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
    for (const c of changes) {
      const saved = savedBy.get(c.alarm.id)!;
      c.alarm.version = saved.version;
      c.alarm.updatedAt = saved.updated_at;
      audits.push({
        userId: null,
        action: c.action,
        entityType: 'alarm',
        entityId: c.alarm.id,
        before: c.before,
        after: auditSnapshot(c.alarm),
      });
    }
  }

  /**
   * Unacknowledged (open) critical / high alarms older than the policy's minutes, escalated once. Derived in
   * memory from the batch's locked unresolved alarms as this batch left them (raised, reopened, re-prioritised,
   * resolved), which is exactly what a locked re-read of the alarms table would return.
   */
  private async escalate(
    m: EntityManager,
    unresolved: AlarmEntity[],
    now: Date,
    policy: AlarmLifecyclePolicy,
    changed: string[],
    audits: AuditInput[],
  ): Promise<number> {
    const due = unresolved.filter((a) => {
      const at = escalationDueMs(a, policy);
      return at !== null && at <= now.getTime();
    });
    const changes = due.map((a) =>
      pending(a, 'alarm.escalate', () => {
        a.escalated = true;
        a.escalatedAt = now;
      }),
    );
    await this.saveAll(m, changes, ['escalated', 'escalated_at'], audits);
    changed.push(...due.map((a) => a.id));
    return due.length;
  }

  /** Applies a change, bumps the version, and audits before/after in the caller's transaction. */
  async write(
    m: EntityManager,
    a: AlarmEntity,
    action: string,
    userId: string | null,
    change: () => void,
  ): Promise<AlarmEntity> {
    const before = snapshot(a);
    change();
    const saved = await m.save(a);
    await this.audit.append(m, {
      userId,
      action,
      entityType: 'alarm',
      entityId: a.id,
      before,
      after: snapshot(saved),
    });
    return saved;
  }

  /** Delivered at commit to every instance LISTENing (the live stream). */
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

/** When the therapy alarms of a pump change with time alone (a watch ending), as epoch ms. */
function therapyNextMs(programs: PumpContext['programs'], facts: PumpFacts, now: Date): number | null {
  const at = nextTherapyAlarmChangeAt({ programs, events: therapyEvents(facts), now });
  return at === null ? null : Date.parse(at);
}
