import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AlarmSweepResult } from '@pumpwatch/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { mapInSlices, oneAtATime } from '../../common/async/flow';
import { PumpChanges } from '../../common/pump-changes';
import { AuditService, type AuditInput } from '../audit/audit.service';
import { AppConfig } from '../../config/config';
import { ClinicSettingsService, type ClinicSettings } from '../clinic-settings/clinic-settings.service';
import { AlarmNotifier } from '../notifications/alarm-notifier.service';
import type { PumpBatchRow } from './alarm-batch.loader';
import type { FactWindow } from './alarm-facts.loader';
import { alarmAudit } from './alarm-audit';
import { pending, planPump, type Pending, type PlanContext, type PumpPlan } from './alarm-plan';
import { alarmPolicy, type AlarmLifecyclePolicy } from './alarm-policy';
import { priorityRank } from './alarm-reconciler';
import { AlarmRepository, type EvaluationRecord } from './alarm.repository';
import type { AlarmEntity } from './alarm.entity';
import { nextCheckMs, NO_BREAKPOINTS } from './next-check';

export const SWEEP_BATCH_SIZE = 1000;
/**
 * Batches read ahead at once (each on its own connection) and at most how far ahead of the batch being written
 * (each holds 1,000 pumps' facts in memory). Two readers: while Node parses and plans one read, the database
 * runs the next (one reader left the forced full evaluation read-bound: 5.8 s → 3.3 s at 50,000 pumps).
 */
const READERS = 2;
const READ_AHEAD_BATCHES = 3;
/**
 * Pumps mapped, then planned, between yields to the event loop while a read-ahead is prepared. The writing batch
 * waits on each of its ~10 statements' answers in turn; mapping or planning 1,000 pumps in one go takes tens of
 * milliseconds (38 ms per batch in a profile under load), and an answer arriving meanwhile waited for all of it.
 */
const PLAN_SLICE = 50;

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

const zero = (): Counts => ({ pumps: 0, raised: 0, updated: 0, resolved: 0, escalated: 0 });

/**
 * The alarm engine (docs/clinical/PROJECTION-AND-ALARMS.md §6): evaluates pumps in batches and reconciles their
 * stored alarms — raise, re-prioritise, reopen after a snooze, escalate, auto-resolve — idempotently, with an audit
 * entry per change in the same transaction, and a NOTIFY so every instance's live stream sees it. The decisions
 * are alarm-plan.ts / alarm-reconciler.ts (pure); the statements are AlarmRepository's; this service runs the
 * batches, their read-ahead and their transactions.
 */
@Injectable()
export class AlarmsService implements OnModuleInit {
  private readonly logger = new Logger('AlarmEngine');

  private readonly fullEvaluationMinutes: number;
  /** Pumps per batch (a field, so a test can run many batches, and so many read-aheads, over a few pumps). */
  batchSize = SWEEP_BATCH_SIZE;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly alarms: AlarmRepository,
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
   * its last evaluation (AlarmRepository.pumpsDue). `pumps` counts the pumps evaluated.
   */
  async sweep(opts: SweepOptions = {}): Promise<AlarmSweepResult> {
    const result = await this.alarms.whileSweepLocked(async () => {
      if (await opts.skipIf?.()) return null;
      const swept = { skipped: false, ...(await this.evaluateIds(await this.alarms.pumpsDue(this.clock.now()))) };
      await opts.afterSweep?.(swept);
      return swept;
    });
    return result ?? { skipped: true, ...zero() };
  }

  /** One, some or all pumps (all = not explanted, plus explanted ones still carrying unresolved alarms). */
  async evaluatePumps(pumpIds?: string[]): Promise<Counts> {
    return this.evaluateIds(pumpIds ? [...new Set(pumpIds)] : await this.alarms.allPumpIds());
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
    const window = factWindow(this.clock.now(), settings);
    const context = this.planContext(window.now, settings);
    return this.alarms
      .readAhead(pumpIds, window, arrived, PLAN_SLICE)
      .then(async (rows) => {
        const planned = await mapInSlices(rows, PLAN_SLICE, (row) => planPump(row, context));
        const plans = new WeakMap<PumpBatchRow, PumpPlan>();
        rows.forEach((row, i) => plans.set(row, planned[i]!));
        return { window, rows, plans };
      })
      .catch((e: unknown) => {
        this.logger.warn(`reading a batch ahead failed (${(e as Error).message}): it reads under the lock instead`);
        return { window, rows: null, plans: new WeakMap<PumpBatchRow, PumpPlan>() };
      });
  }

  private planContext(now: Date, settings: ClinicSettings): PlanContext {
    return {
      now,
      settings,
      policy: alarmPolicy(settings),
      fullEvaluationMinutes: this.fullEvaluationMinutes,
      logger: this.logger,
    };
  }

  private async evaluateBatch(
    m: EntityManager,
    pumpIds: string[],
    settings: ClinicSettings,
    readAhead: ReadAhead | null = null,
  ): Promise<Counts> {
    const txNow = await this.alarms.beginEvaluation(m);
    const policy = alarmPolicy(settings);
    const window = readAhead?.window ?? factWindow(this.clock.now(), settings);
    const now = window.now;
    const rows = readAhead?.rows
      ? await this.alarms.revalidate(m, pumpIds, readAhead.rows, window)
      : await this.alarms.loadBatch(m, pumpIds, window);
    // planned ahead when read ahead and unchanged since; pumps read under the lock are planned now
    const context = this.planContext(now, settings);
    const plans = rows.map((row) => readAhead?.plans.get(row) ?? planPump(row, context));
    const toRefresh = plans.flatMap((p) => p.refresh);
    const toResolve = plans.flatMap((p) => p.resolve);

    // The batch's statements are sent one after another as soon as the one before has answered, while this process
    // prepares the next: each is awaited only where its answer is needed, and all before the audit append.
    const inTurn = oneAtATime();
    const raising = inTurn(() =>
      this.alarms.insertRaised(
        m,
        plans.flatMap((p) => p.raise),
        now,
        txNow,
      ),
    );
    // Every change to a stored alarm is a new version at updated_at = the transaction's now(), as a save would
    // make it: applied in memory, audited as it lands (refreshes, resolutions, then escalations judged as the
    // changes before them left each alarm), and written in one UPDATE.
    const changeAudits: AuditInput[] = [];
    const bumps = new Map<string, number>();
    const changedAlarms: AlarmEntity[] = [];
    const land = (c: Pending) => {
      c.alarm.version += 1;
      c.alarm.updatedAt = txNow;
      const n = bumps.get(c.alarm.id) ?? 0;
      if (!n) changedAlarms.push(c.alarm);
      bumps.set(c.alarm.id, n + 1);
      changeAudits.push(alarmAudit(c.alarm, c.action, c.before));
    };
    toRefresh.forEach(land);
    toResolve.forEach(land);
    const escalations = plans.flatMap((p) =>
      p.escalate.map((a) =>
        pending(a, 'alarm.escalate', () => {
          a.escalated = true;
          a.escalatedAt = now;
        }),
      ),
    );
    escalations.forEach(land);
    const saving = inTurn(() => this.alarms.saveChanged(m, changedAlarms, bumps));
    const raised = await raising;
    // notifications are queued in this same transaction: they exist exactly when these changes commit
    const notifying = inTurn(() =>
      this.notifier.onAlarmChanges(
        m,
        [
          ...raised.map((alarm) => ({ alarm, kind: 'raised' as const })),
          ...toRefresh
            .filter((p) => priorityRank(p.alarm.priority) < priorityRank(p.beforePriority))
            .map((p) => ({ alarm: p.alarm, kind: 'rose' as const })),
          ...toResolve.map((p) => ({ alarm: p.alarm, kind: 'resolved' as const })),
        ],
        now,
      ),
    );
    const records = this.evaluationRecords(rows, plans, raised, now, policy);
    const recording = inTurn(() => this.alarms.recordEvaluation(m, records, settings.version, now));
    // audit entries in the order the per-pump loop once wrote the changes: raises, then the changes above
    const audits = raised.map((a) => alarmAudit(a, 'alarm.raise', null));
    for (const entry of changeAudits) audits.push(entry);
    await Promise.all([saving, notifying, recording]);
    await this.audit.appendMany(m, audits);
    await this.alarms.notify(m, [
      ...raised.map((a) => a.id),
      ...toRefresh.map((p) => p.alarm.id),
      ...toResolve.map((p) => p.alarm.id),
      ...escalations.map((p) => p.alarm.id),
    ]);
    return {
      pumps: rows.length,
      raised: raised.length,
      updated: toRefresh.length,
      resolved: toResolve.length,
      escalated: escalations.length,
    };
  }

  /**
   * What pump_eval_state records for every pump of the batch: the next instant its alarms can change with time
   * alone (next-check.ts), judged on its unresolved alarms as this batch leaves them.
   */
  private evaluationRecords(
    rows: PumpBatchRow[],
    plans: PumpPlan[],
    raised: AlarmEntity[],
    now: Date,
    policy: AlarmLifecyclePolicy,
  ): EvaluationRecord[] {
    const unresolvedByPump = new Map<string, AlarmEntity[]>();
    for (const a of [...rows.flatMap((r) => r.stored), ...raised]) {
      if (a.status === 'resolved') continue;
      const pumpId = a.pumpId!; // loaded or raised for a pump of the batch
      const list = unresolvedByPump.get(pumpId);
      if (list) list.push(a);
      else unresolvedByPump.set(pumpId, [a]);
    }
    const nowMs = now.getTime();
    return rows.map((r, i) => ({
      pumpId: r.ctx.pumpId,
      inputSeq: r.inputSeq,
      // the facts' next check (planned) lowered to the alarms' own instants as the batch leaves them
      nextCheckAt: new Date(
        nextCheckMs({
          nowMs,
          capMs: plans[i]!.factsNextCheckMs,
          ...NO_BREAKPOINTS,
          alarms: unresolvedByPump.get(r.ctx.pumpId) ?? [],
          policy,
        }),
      ),
    }));
  }
}

/** The facts' time window of an evaluation at `now`. */
function factWindow(now: Date, settings: ClinicSettings): FactWindow {
  return {
    now,
    timeZone: settings.timeZone,
    closingTime: settings.closingTime,
    unverifiedLookbackDays: alarmPolicy(settings).unverifiedLookbackDays,
  };
}
