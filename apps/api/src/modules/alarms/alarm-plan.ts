import type { Logger } from '@nestjs/common';
import type { AlarmPriority } from '@pumpwatch/contracts';
import {
  isEngineError,
  nextDeviceAlarmChangeAtMs,
  nextStatusAlarmChangeAtMs,
  nextStatusAlarmChangeMs,
  statusFromModel,
  validateStatusInput,
  type AlarmLifecyclePolicy,
  type StatusModel,
  type StatusOutput,
} from '@pumpwatch/domain';
import type { CanonicalJson } from '../audit/canonical';
import type { ClinicSettings } from '../clinic-settings/clinic-settings.service';
import { statusInput, type PumpContext } from '../projection/pump-context';
import { auditSnapshot } from './alarm-audit';
import type { PumpBatchRow } from './alarm-batch.loader';
import { reconcileAlarms } from './alarm-reconciler';
import type { AlarmEntity } from './alarm.entity';
import { desiredAlarms, deviceFacts, type DesiredAlarm } from './desired-alarms';
import { capMs, nextCheckMs, therapyNextMs } from './next-check';

/** A change applied in memory to a locked alarm, waiting for its batch UPDATE and audit entry. */
export interface Pending {
  alarm: AlarmEntity;
  action: string;
  /** The audit snapshot before the change. */
  before: CanonicalJson;
  beforePriority: AlarmPriority;
}

export function pending(alarm: AlarmEntity, action: string, change: () => void): Pending {
  const before = auditSnapshot(alarm);
  const beforePriority = alarm.priority;
  change();
  return { alarm, action, before, beforePriority };
}

/** An alarm to raise on a pump. */
export interface ToRaise {
  pumpId: string;
  patientId: string;
  d: DesiredAlarm;
}

/**
 * What one evaluation does to one pump's alarms, worked out from its facts alone (no database): the alarms to
 * raise, the stored ones changed (already applied in memory to the row's entities) or auto-resolved, those to
 * escalate (applied by the writer once the changes before them are written: their audit entry starts from that
 * state), and the next instant its facts can change its alarms with time alone (nextCheckMs without the alarms'
 * own instants, which the writer adds once it knows the alarms as the batch leaves them).
 */
export interface PumpPlan {
  raise: ToRaise[];
  refresh: Pending[];
  resolve: Pending[];
  escalate: AlarmEntity[];
  factsNextCheckMs: number;
}

/** What a batch's pumps are planned with: the evaluation instant and the clinic's settings and policy. */
export interface PlanContext {
  now: Date;
  settings: ClinicSettings;
  policy: AlarmLifecyclePolicy;
  /** PUMPWATCH_FULL_EVALUATION_MINUTES: the cap of every next check (capMs). */
  fullEvaluationMinutes: number;
  logger: Logger;
}

/**
 * One pump's evaluation (docs/clinical/PROJECTION-AND-ALARMS.md §6): the engine's status and the stored facts give
 * the alarms it should have; the reconciler (alarm-reconciler.ts) decides what that means for the stored ones, and
 * the refreshes and resolutions are applied to the row's entities with their audit `before` taken. Pure given the
 * row and the context, so a batch read ahead can be planned while the batch before it is written.
 */
export function planPump(row: PumpBatchRow, c: PlanContext): PumpPlan {
  const { ctx, facts, stored } = row;
  const { now, settings, policy } = c;
  const guarded = (compute: () => number | null) => guardedBreakpoint(ctx.pumpId, compute, c.logger);
  const { status, nextMs } = statusAndNext(ctx, now, settings, guarded);
  const device = ctx.explantedAt ? null : deviceFacts(ctx, facts, now, settings);
  const decisions = reconcileAlarms({
    desired: desiredAlarms(ctx, status, facts, now, settings, device ?? undefined),
    stored,
    now,
    policy,
    facts: { explanted: !!ctx.explantedAt, therapyInterrupted: facts.therapyInterrupted, restart: facts.restart },
  });
  const nowMs = now.getTime();
  return {
    raise: decisions.raise.map((d) => ({ pumpId: ctx.pumpId, patientId: ctx.patientId, d })),
    refresh: decisions.refresh.map((r) =>
      pending(r.alarm, r.action, () => {
        r.alarm.priority = r.priority;
        r.alarm.details = r.details;
        if (r.reopen) r.alarm.status = 'open';
      }),
    ),
    resolve: decisions.resolve.map((r) =>
      pending(r.alarm, 'alarm.auto-resolve', () => {
        r.alarm.status = 'resolved';
        r.alarm.resolvedAt = now;
        r.alarm.resolvedBy = r.resolvedBy;
        r.alarm.resolution = r.resolution;
      }),
    ),
    escalate: decisions.escalate,
    // next-check.ts; the minimum over the alarms is added by the writer (nextCheckMs of these parts first, then of
    // the alarms capped by it, is nextCheckMs of all: its "due now" when a breakpoint failed survives the second)
    factsNextCheckMs: nextCheckMs({
      nowMs,
      capMs: capMs(ctx.pumpId, nowMs, c.fullEvaluationMinutes),
      statusNextMs: nextMs,
      deviceNextMs: device && guarded(() => nextDeviceAlarmChangeAtMs(device)),
      nextMissedAtMs: row.nextMissedAtMs,
      nextProgramAtMs: row.nextProgramAtMs,
      unverifiedExpiryMs: row.unverifiedExpiryMs,
      therapyNextMs: therapyNextMs(ctx.programs, facts, now),
      alarms: [],
      policy,
    }),
  };
}

/**
 * The engine's status, exactly as ProjectionService.statusOf computes it (validate + statusFromModel; an engine
 * error means no projection), and when its alarms can next change with time alone. The breakpoint is
 * computed apart and guarded: a failure there never stops an evaluation, it marks the pump due (null).
 */
function statusAndNext(
  ctx: PumpContext,
  now: Date,
  settings: ClinicSettings,
  guarded: (compute: () => number | null) => number | null | undefined,
) {
  const none = { status: null as StatusOutput | null, nextMs: undefined as number | null | undefined };
  if (ctx.explantedAt) return { ...none, nextMs: null };
  const input = statusInput(ctx, now, settings);
  if (!input) return { ...none, nextMs: null };
  let model: StatusModel;
  let status: StatusOutput;
  try {
    model = validateStatusInput(input);
    status = statusFromModel(model);
  } catch (e) {
    if (!isEngineError(e)) throw e;
    // invalid now; valid later only if the refill is recorded ahead of now
    return { status: null, nextMs: guarded(() => nextStatusAlarmChangeAtMs(input)) };
  }
  return { status, nextMs: guarded(() => nextStatusAlarmChangeMs(model)) };
}

/** A breakpoint, or undefined ("evaluate at the next sweep") if computing it failed. */
function guardedBreakpoint(pumpId: string, compute: () => number | null, logger: Logger): number | null | undefined {
  try {
    return compute();
  } catch (e) {
    logger.warn(`next check of pump ${pumpId} not computed (${(e as Error).message}): due next sweep`);
    return undefined;
  }
}
