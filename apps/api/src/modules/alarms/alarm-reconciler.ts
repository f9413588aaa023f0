import type { AlarmCode, AlarmPriority, AlarmStatus } from '@pumpwatch/contracts';
import {
  ALARM_PRIORITIES,
  escalationDueMs,
  mergeAlarmDetails,
  PHYSICIAN_ONLY_CODES,
  type AlarmLifecyclePolicy,
} from '@pumpwatch/domain';
import { canonicalJson } from '../audit/canonical';
import type { DesiredAlarm } from './desired-alarms';

/**
 * The alarm reconciler (docs/clinical/PROJECTION-AND-ALARMS.md §6 and §9): the alarms a pump's facts call for
 * against its stored unresolved ones → what to raise, refresh (re-prioritise, new details, reopen), auto-resolve
 * and escalate. Pure: no database, no clock (`now` is given), no mutation of its input; the sweep applies the
 * decisions, writes them and audits them. A pump whose alarms already match gets four empty lists, which is why a
 * second sweep with nothing changed writes nothing.
 */

/** What the reconciler reads of a stored unresolved alarm (an AlarmEntity has all of it). */
export interface StoredAlarmState {
  code: AlarmCode;
  priority: AlarmPriority;
  status: AlarmStatus;
  details: Record<string, unknown> | null;
  snoozedUntil: Date | null;
  raisedAt: Date;
  escalated: boolean;
}

/** The facts that decide whether an alarm no longer wanted may close by itself. */
export interface ResolutionFacts {
  /** The pump is explanted: its alarms close as "pump explanted" (physician-only ones excepted). */
  explanted: boolean;
  /** The pump's interrupted-therapy flag is still set: THERAPY_INTERRUPTED stays until a RESTARTED event. */
  therapyInterrupted: boolean;
  /** The latest RESTARTED event, which closes THERAPY_INTERRUPTED in the physician's name. */
  restart: { at: Date; recordedBy: string | null } | null;
}

export interface ReconcileInput<A extends StoredAlarmState> {
  desired: readonly DesiredAlarm[];
  /** The pump's unresolved alarms, at most one per code. */
  stored: readonly A[];
  now: Date;
  policy: AlarmLifecyclePolicy;
  facts: ResolutionFacts;
}

/** A stored alarm whose priority, details or status must change. */
export interface AlarmRefresh<A> {
  alarm: A;
  action: 'alarm.update' | 'alarm.reopen';
  priority: AlarmPriority;
  /** The stored details merged with the desired ones (mergeAlarmDetails). */
  details: Record<string, unknown> | null;
  /** Back to open: its snooze is over, or its priority rose while it was acknowledged or snoozed. */
  reopen: boolean;
  /** Its priority went up (notified as a rise). */
  rose: boolean;
}

/** A stored alarm that closes by itself, with the resolution text and whose decision it records. */
export interface AlarmResolution<A> {
  alarm: A;
  resolution: string;
  resolvedBy: string | null;
}

export interface Reconciliation<A> {
  raise: DesiredAlarm[];
  refresh: AlarmRefresh<A>[];
  resolve: AlarmResolution<A>[];
  /**
   * Stored alarms to escalate at `now`, judged as the refreshes leave them (a reopened or risen alarm may be due at
   * once). A raised alarm is never among them: it escalates at raise + a positive number of minutes.
   */
  escalate: A[];
}

export const priorityRank = (p: AlarmPriority): number => ALARM_PRIORITIES.indexOf(p); // 0 = critical

export function reconcileAlarms<A extends StoredAlarmState>(input: ReconcileInput<A>): Reconciliation<A> {
  const { desired, stored, now, policy, facts } = input;
  const out: Reconciliation<A> = { raise: [], refresh: [], resolve: [], escalate: [] };
  const storedBy = new Map<AlarmCode, A>(stored.map((a) => [a.code, a]));
  const wanted = new Set<AlarmCode>();
  const refreshed = new Map<A, AlarmRefresh<A>>();
  for (const d of desired) {
    wanted.add(d.code);
    const existing = storedBy.get(d.code);
    if (!existing) {
      out.raise.push(d);
      continue;
    }
    const change = refreshOf(existing, d, now);
    if (change) {
      out.refresh.push(change);
      refreshed.set(existing, change);
    }
  }
  const resolved = new Set<A>();
  for (const a of stored) {
    if (wanted.has(a.code)) continue;
    const resolution = autoResolution(a, facts);
    if (!resolution) continue;
    out.resolve.push({ alarm: a, ...resolution });
    resolved.add(a);
  }
  for (const a of stored) {
    if (resolved.has(a)) continue;
    const r = refreshed.get(a);
    const after = r ? { ...a, priority: r.priority, status: r.reopen ? ('open' as const) : a.status } : a;
    const dueMs = escalationDueMs(after, policy);
    if (dueMs !== null && dueMs <= now.getTime()) out.escalate.push(a);
  }
  return out;
}

/** Priority/details changes, reopening after an expired snooze or a priority rise; null when nothing changes. */
function refreshOf<A extends StoredAlarmState>(a: A, d: DesiredAlarm, now: Date): AlarmRefresh<A> | null {
  const details = mergeAlarmDetails(a.code, a.details, d.details);
  const priorityChanged = a.priority !== d.priority;
  const rose = priorityRank(d.priority) < priorityRank(a.priority);
  // compared as the audit trail's canonical JSON: key order (changed by a jsonb round trip) does not count
  const detailsChanged = canonicalJson(details) !== canonicalJson(a.details);
  const snoozeOver = a.status === 'snoozed' && a.snoozedUntil !== null && a.snoozedUntil <= now;
  // a rise must be seen again: an acknowledgement or snooze was given for the lower priority
  const reopen = snoozeOver || (rose && a.status !== 'open');
  if (!priorityChanged && !detailsChanged && !reopen) return null;
  return { alarm: a, action: reopen ? 'alarm.reopen' : 'alarm.update', priority: d.priority, details, reopen, rose };
}

/**
 * How an alarm no longer wanted closes by itself, or null when only a physician's documented review may close it
 * (REFILL_DISCREPANCY always; THERAPY_INTERRUPTED while the pump's flag is still set).
 */
function autoResolution(
  a: StoredAlarmState,
  facts: ResolutionFacts,
): { resolution: string; resolvedBy: string | null } | null {
  if (!PHYSICIAN_ONLY_CODES.includes(a.code)) {
    return { resolution: facts.explanted ? 'auto: pump explanted' : 'auto: condition cleared', resolvedBy: null };
  }
  if (a.code === 'THERAPY_INTERRUPTED') {
    // the flag is cleared only by a physician's RESTARTED event: that is the documented restart decision
    if (facts.therapyInterrupted) return null;
    const r = facts.restart;
    return {
      resolution: r
        ? `restarted: physician recorded RESTARTED at ${r.at.toISOString()}`
        : 'restarted: pump flag cleared',
      resolvedBy: r?.recordedBy ?? null,
    };
  }
  return null; // REFILL_DISCREPANCY: only a physician's documented review closes it
}
