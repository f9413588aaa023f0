/**
 * Alarm lifecycle policy (docs/clinical/PROJECTION-AND-ALARMS.md §9): how long an unacknowledged alarm may
 * wait before it escalates, how long it may be snoozed, and how far back an unverified dose program still
 * raises an alarm. Clinic settings may override each value by the same key.
 */
import type { AlarmPriority } from './types';

export interface AlarmLifecyclePolicy {
  /** An unacknowledged critical alarm escalates after this many minutes. */
  escalateCriticalMinutes: number;
  /** An unacknowledged high alarm escalates after this many minutes (4 h). */
  escalateHighMinutes: number;
  maxSnoozeHours: number;
  maxCriticalSnoozeHours: number;
  /** DOSE_UNVERIFIED also covers unverified programs no longer in force but created this recently. */
  unverifiedLookbackDays: number;
}

export const DEFAULT_ALARM_POLICY: Readonly<AlarmLifecyclePolicy> = Object.freeze({
  escalateCriticalMinutes: 15,
  escalateHighMinutes: 240,
  maxSnoozeHours: 24,
  maxCriticalSnoozeHours: 4,
  unverifiedLookbackDays: 30,
});

/**
 * The lifecycle policy from stored clinic settings: a value that is missing, not a number or not positive
 * falls back to its default, so a damaged setting can never switch escalation off.
 */
export function resolveAlarmPolicy(stored: Readonly<Record<string, unknown>> | null | undefined): AlarmLifecyclePolicy {
  const out = { ...DEFAULT_ALARM_POLICY };
  if (!stored) return out;
  for (const key of Object.keys(out) as (keyof AlarmLifecyclePolicy)[]) {
    const v = stored[key];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[key] = v;
  }
  return out;
}

/** The part of a stored alarm that decides when it escalates. */
export interface EscalatableAlarm {
  status: string;
  escalated: boolean;
  priority: AlarmPriority;
  raisedAt: Date;
}

const MINUTE_MS = 60_000;

/**
 * Escalation instant of an open, not yet escalated critical/high alarm (null for every other alarm):
 * acknowledging or snoozing an alarm stops its escalation clock; medium and low alarms never escalate.
 */
export function escalationDueMs(a: EscalatableAlarm, policy: AlarmLifecyclePolicy): number | null {
  if (a.status !== 'open' || a.escalated) return null;
  if (a.priority === 'critical') return a.raisedAt.getTime() + policy.escalateCriticalMinutes * MINUTE_MS;
  if (a.priority === 'high') return a.raisedAt.getTime() + policy.escalateHighMinutes * MINUTE_MS;
  return null;
}
