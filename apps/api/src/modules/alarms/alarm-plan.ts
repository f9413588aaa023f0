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
import { snapshotFields } from '../../common/db/write';
import { CanonicalJson, canonicalJson } from '../audit/canonical';
import type { ClinicSettings } from '../clinic-settings/clinic-settings.service';
import { statusInput, type PumpContext } from '../projection/pump-context';
import type { PumpBatchRow } from './alarm-batch.loader';
import { reconcileAlarms } from './alarm-reconciler';
import type { AlarmEntity } from './alarm.entity';
import { desiredAlarms, deviceFacts, type DesiredAlarm } from './desired-alarms';

/** A change applied in memory to a locked alarm, waiting for its batch UPDATE and audit entry. */
export interface Pending {
  alarm: AlarmEntity;
  action: string;
  /** The audit snapshot before the change. */
  before: CanonicalJson;
  beforePriority: AlarmPriority;
}

/**
 * An alarm's audit snapshot as it is now, rendered at once as the audit trail's canonical JSON: the entity may
 * change again later in the batch (escalated), and rendering once replaces a copy now and a rendering later.
 */
export const auditSnapshot = (alarm: AlarmEntity): CanonicalJson =>
  new CanonicalJson(canonicalJson(snapshotFields(alarm)));

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
 * state), and when its alarms can next change with time alone (undefined: computing that failed, evaluate at the
 * next sweep).
 */
export interface PumpPlan {
  raise: ToRaise[];
  refresh: Pending[];
  resolve: Pending[];
  escalate: AlarmEntity[];
  next: { status: number | null | undefined; device: number | null | undefined };
}

/**
 * One pump's evaluation (docs/clinical/PROJECTION-AND-ALARMS.md §6): the engine's status and the stored facts give
 * the alarms it should have; the reconciler (alarm-reconciler.ts) decides what that means for the stored ones, and
 * the refreshes and resolutions are applied to the row's entities with their audit `before` taken. Pure given the
 * row, `now`, the settings and policy, so a batch read ahead can be planned while the batch before it is written.
 */
export function planPump(
  row: PumpBatchRow,
  now: Date,
  settings: ClinicSettings,
  policy: AlarmLifecyclePolicy,
  logger: Logger,
): PumpPlan {
  const { ctx, facts, stored } = row;
  const guarded = (compute: () => number | null) => guardedBreakpoint(ctx.pumpId, compute, logger);
  const { status, nextMs } = statusAndNext(ctx, now, settings, guarded);
  const device = ctx.explantedAt ? null : deviceFacts(ctx, facts, now, settings);
  const decisions = reconcileAlarms({
    desired: desiredAlarms(ctx, status, facts, now, settings, device ?? undefined),
    stored,
    now,
    policy,
    facts: { explanted: !!ctx.explantedAt, therapyInterrupted: facts.therapyInterrupted, restart: facts.restart },
  });
  return {
    raise: decisions.raise.map((d) => ({ pumpId: ctx.pumpId, patientId: ctx.patientId, d })),
    refresh: decisions.refresh.map((c) =>
      pending(c.alarm, c.action, () => {
        c.alarm.priority = c.priority;
        c.alarm.details = c.details;
        if (c.reopen) c.alarm.status = 'open';
      }),
    ),
    resolve: decisions.resolve.map((c) =>
      pending(c.alarm, 'alarm.auto-resolve', () => {
        c.alarm.status = 'resolved';
        c.alarm.resolvedAt = now;
        c.alarm.resolvedBy = c.resolvedBy;
        c.alarm.resolution = c.resolution;
      }),
    ),
    escalate: decisions.escalate,
    next: { status: nextMs, device: device && guarded(() => nextDeviceAlarmChangeAtMs(device)) },
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
