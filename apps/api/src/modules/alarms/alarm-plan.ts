import type { Logger } from '@nestjs/common';
import type { AlarmCode, AlarmPriority } from '@pumpwatch/contracts';
import {
  ALARM_PRIORITIES,
  isEngineError,
  nextDeviceAlarmChangeAtMs,
  nextStatusAlarmChangeAtMs,
  nextStatusAlarmChangeMs,
  statusFromModel,
  validateStatusInput,
  type StatusModel,
  type StatusOutput,
} from '@pumpwatch/domain';
import { snapshotFields } from '../../common/db/write';
import { CanonicalJson, canonicalJson } from '../audit/canonical';
import type { ClinicSettings } from '../clinic-settings/clinic-settings.service';
import { statusInput, type PumpContext } from '../projection/pump-context';
import type { PumpBatchRow } from './alarm-batch.loader';
import type { PumpFacts } from './alarm-facts.loader';
import type { AlarmEntity } from './alarm.entity';
import { desiredAlarms, deviceFacts, mergeDetails, PHYSICIAN_ONLY_CODES, type DesiredAlarm } from './desired-alarms';

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
 * raise, the stored ones changed (already applied in memory to the row's entities) or auto-resolved, and when its
 * alarms can next change with time alone (undefined: computing that failed, evaluate at the next sweep).
 */
export interface PumpPlan {
  raise: ToRaise[];
  refresh: Pending[];
  resolve: Pending[];
  next: { status: number | null | undefined; device: number | null | undefined };
}

export const rank = (p: AlarmPriority) => ALARM_PRIORITIES.indexOf(p); // 0 = critical

/**
 * The reconciler's decisions for a pump (docs/clinical/PROJECTION-AND-ALARMS.md §6): the alarms its facts call for
 * against the stored ones — raise, re-prioritise, reopen after a snooze, auto-resolve. Pure given the row, `now`
 * and the settings, so a batch read ahead can be planned while the batch before it is still being written.
 */
export function planPump(row: PumpBatchRow, now: Date, settings: ClinicSettings, logger: Logger): PumpPlan {
  const { ctx, facts, stored } = row;
  const guarded = (compute: () => number | null) => guardedBreakpoint(ctx.pumpId, compute, logger);
  const { status, nextMs } = statusAndNext(ctx, now, settings, guarded);
  const device = ctx.explantedAt ? null : deviceFacts(ctx, facts, now, settings);
  const plan: PumpPlan = {
    raise: [],
    refresh: [],
    resolve: [],
    next: { status: nextMs, device: device && guarded(() => nextDeviceAlarmChangeAtMs(device)) },
  };
  const want = desiredAlarms(ctx, status, facts, now, settings, device ?? undefined);
  const wantCodes = new Set<AlarmCode>(want.map((w) => w.code));
  const storedBy = new Map<AlarmCode, AlarmEntity>(stored.map((a) => [a.code, a]));
  for (const d of want) {
    const existing = storedBy.get(d.code);
    if (!existing) plan.raise.push({ pumpId: ctx.pumpId, patientId: ctx.patientId, d });
    else {
      const change = refresh(existing, d, now);
      if (change) plan.refresh.push(change);
    }
  }
  for (const a of stored.filter((s) => !wantCodes.has(s.code))) {
    const resolution = autoResolution(a, ctx.explantedAt, facts);
    if (!resolution) continue;
    plan.resolve.push(
      pending(a, 'alarm.auto-resolve', () => {
        a.status = 'resolved';
        a.resolvedAt = now;
        a.resolvedBy = resolution.by;
        a.resolution = resolution.text;
      }),
    );
  }
  return plan;
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

/** Priority/details changes, reopening after an expired snooze or a priority rise; null when nothing changed. */
function refresh(a: AlarmEntity, d: DesiredAlarm, now: Date): Pending | null {
  const details = mergeDetails(a.code, a.details, d.details);
  const priorityChanged = a.priority !== d.priority;
  const rose = rank(d.priority) < rank(a.priority);
  // compared as the audit trail's canonical JSON: key order (changed by a jsonb round trip) does not count
  const detailsChanged = canonicalJson(details) !== canonicalJson(a.details);
  const snoozeOver = a.status === 'snoozed' && a.snoozedUntil !== null && a.snoozedUntil <= now;
  // a rise must be seen again: an acknowledgement or snooze was given for the lower priority
  const reopen = snoozeOver || (rose && a.status !== 'open');
  if (!priorityChanged && !detailsChanged && !reopen) return null;
  const action = reopen ? 'alarm.reopen' : 'alarm.update';
  return pending(a, action, () => {
    a.priority = d.priority;
    a.details = details;
    if (reopen) a.status = 'open';
  });
}

function autoResolution(
  a: AlarmEntity,
  explantedAt: Date | null,
  facts: PumpFacts,
): { text: string; by: string | null } | null {
  if (!PHYSICIAN_ONLY_CODES.includes(a.code)) {
    return { text: explantedAt ? 'auto: pump explanted' : 'auto: condition cleared', by: null };
  }
  if (a.code === 'THERAPY_INTERRUPTED') {
    // the flag is cleared only by a physician's RESTARTED event: that is the documented restart decision
    if (facts.therapyInterrupted) return null;
    const r = facts.restart;
    return {
      text: r ? `restarted: physician recorded RESTARTED at ${r.at.toISOString()}` : 'restarted: pump flag cleared',
      by: r?.recordedBy ?? null,
    };
  }
  return null; // REFILL_DISCREPANCY: only a physician's documented review closes it
}
