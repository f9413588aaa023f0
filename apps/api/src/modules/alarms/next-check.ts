import { escalationDueMs, nextTherapyAlarmChangeAt, type AlarmLifecyclePolicy } from '@pumpwatch/domain';
import type { PumpContext } from '../projection/pump-context';
import type { PumpFacts } from './alarm-facts.loader';
import type { AlarmEntity } from './alarm.entity';
import { therapyEvents } from './desired-alarms';

/** Escalation instant of an open, not yet escalated critical/high alarm: the engine's lifecycle rule. */
export { escalationDueMs };

const MINUTE_MS = 60_000;

/**
 * The safety cap of one pump: every pump is fully re-evaluated within `fullEvaluationMinutes` even if a
 * breakpoint were missed. Spread over the second half of that window by pump id (uuids are random), so the
 * pumps evaluated together in one sweep do not all come due again in the same later sweep.
 */
export function capMs(pumpId: string, nowMs: number, fullEvaluationMinutes: number): number {
  const fraction = parseInt(pumpId.replace(/-/g, '').slice(-8), 16) / 0x1_0000_0000;
  const windowMs = fullEvaluationMinutes * MINUTE_MS;
  return nowMs + Math.floor(windowMs * (1 - (Number.isFinite(fraction) ? fraction : 0) / 2));
}

export interface NextCheckParts {
  nowMs: number;
  /** Safety cap (capMs): the result is never later. */
  capMs: number;
  /** Engine breakpoints: status alarms and device (battery) alarms; undefined = not computed (due now). */
  statusNextMs: number | null | undefined;
  deviceNextMs: number | null | undefined;
  /** Fact breakpoints: a booked appointment turning missed, a program taking effect, a look-back expiring. */
  nextMissedAtMs: number | null;
  nextProgramAtMs: number | null;
  unverifiedExpiryMs: readonly number[];
  /** A post-restart watch ending (or a program changing the therapy alarms), from the engine. */
  therapyNextMs: number | null;
  /** The pump's unresolved alarms as this evaluation leaves them (raised, refreshed, escalated included). */
  alarms: readonly AlarmEntity[];
  policy: AlarmLifecyclePolicy;
}

/** Parts with none of the pump's own breakpoints: only the cap and its alarms' lifecycle count (spread, then add). */
export const NO_BREAKPOINTS = {
  statusNextMs: null,
  deviceNextMs: null,
  nextMissedAtMs: null,
  nextProgramAtMs: null,
  unverifiedExpiryMs: [],
  therapyNextMs: null,
} as const satisfies Partial<NextCheckParts>;

/**
 * When the sweep must evaluate this pump again if none of its inputs changes: the earliest instant after now
 * at which its desired alarms or the lifecycle (escalation, end of a snooze) can change with time alone,
 * capped. Instants before now are already reflected in this evaluation and are ignored. A breakpoint
 * that could not be computed makes the pump due at once (now: the next sweep evaluates it again).
 */
export function nextCheckMs(p: NextCheckParts): number {
  if (p.statusNextMs === undefined || p.deviceNextMs === undefined) return p.nowMs;
  let next = p.capMs;
  // ">=": a candidate equal to now is one a sub-millisecond timestamp truncated to now (e.g. raised_at written
  // with µs): not necessarily applied yet, so the pump stays due. Applied ones never equal now (escalated alarms,
  // reopened snoozes and the engine's strictly-later breakpoints drop out).
  const consider = (ms: number | null) => {
    if (ms !== null && ms >= p.nowMs && ms < next) next = ms;
  };
  consider(p.statusNextMs);
  consider(p.deviceNextMs);
  consider(p.nextMissedAtMs);
  consider(p.nextProgramAtMs);
  for (const ms of p.unverifiedExpiryMs) consider(ms);
  consider(p.therapyNextMs);
  for (const a of p.alarms) {
    if (a.status === 'resolved') continue;
    consider(escalationDueMs(a, p.policy));
    if (a.status === 'snoozed' && a.snoozedUntil) consider(a.snoozedUntil.getTime());
  }
  return next;
}

/** When the therapy alarms of a pump change with time alone (a watch ending), as epoch ms. */
export function therapyNextMs(programs: PumpContext['programs'], facts: PumpFacts, now: Date): number | null {
  const at = nextTherapyAlarmChangeAt({ programs, events: therapyEvents(facts), now });
  return at === null ? null : Date.parse(at);
}
