/**
 * Alarm lifecycle policy (docs/clinical/PROJECTION-AND-ALARMS.md §9): how long an unacknowledged alarm may
 * wait before it escalates, how long it may be snoozed, and how far back an unverified dose program still
 * raises an alarm. Clinic settings may override each value by the same key.
 */
import { rangeWords, type PolicyBound, type PolicyProblemCode } from './policy-bounds';
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

/** A lifecycle setting's safe range, and which way a value is the safer one for the patient. */
export interface AlarmPolicyBound extends Omit<PolicyBound, 'exclusiveMin'> {
  /** Whole numbers only (the value is counted in SQL or on a dial in whole units). */
  integer: boolean;
  /**
   * Lower: a smaller value brings an alarm back or up sooner (escalation, snooze); higher: a larger value keeps
   * more on the board (look-back). Decides how a stored fraction is rounded when read.
   */
  safer: 'lower' | 'higher';
}

/**
 * What an admin may save for each lifecycle setting: the clinic's choice within ranges that keep every alarm
 * escalating and coming back, so that a typo (a snooze of 700 hours, an escalation after a week) cannot hide one.
 */
export const ALARM_POLICY_BOUNDS: Readonly<Record<keyof AlarmLifecyclePolicy, AlarmPolicyBound>> = {
  escalateCriticalMinutes: {
    min: 1,
    max: 60,
    integer: true,
    safer: 'lower',
    why: 'a critical alarm nobody acknowledges reaches the next level within the hour',
  },
  escalateHighMinutes: {
    min: 1,
    max: 720,
    integer: true,
    safer: 'lower',
    why: 'a high alarm nobody acknowledges is escalated within a 12-hour shift',
  },
  maxSnoozeHours: {
    min: 0.25,
    max: 48,
    integer: false,
    safer: 'lower',
    why: 'a snoozed alarm is back on the board within two days',
  },
  maxCriticalSnoozeHours: {
    min: 0.25,
    max: 8,
    integer: false,
    safer: 'lower',
    why: 'a snoozed critical alarm is back within a working shift (and never later than other alarms)',
  },
  unverifiedLookbackDays: {
    min: 1,
    max: 365,
    integer: true,
    safer: 'higher',
    why: 'whole days; 0 would hide every unverified program no longer in force',
  },
};

/** One stored or given lifecycle value that breaks its rule, and the value read in its place. */
export interface AlarmPolicyProblem {
  field: keyof AlarmLifecyclePolicy;
  code: PolicyProblemCode;
  /** Plain words, starting with "must": shown after the field name. */
  problem: string;
  /** What resolveAlarmPolicy uses instead. */
  used: number;
}

/**
 * Reads the lifecycle policy from stored (or proposed) clinic settings: the values in force, and every value that
 * breaks its rule. Saving refuses a policy with any problem; reading a stored one (saved by an older version with
 * looser rules, or edited in the database) must still run the alarms, so each bad value is replaced, never
 * silently:
 * - outside its range → the nearest bound. Both bounds are safe by construction, and the nearest is the closest to
 *   what the clinic chose (an escalation of 0 minutes reads as 1, not as the default 15; a snooze of 100 hours as
 *   48, not 24).
 * - a fraction where whole units are counted → rounded the safer way (escalation sooner, look-back longer).
 * - not a number at all (text, NaN, null) → the default: there is no "nearest" to a value that has no size.
 * - a critical snooze longer than the ordinary one → the ordinary one.
 * An absent value is the default and no problem (settings saved before the field existed).
 */
export function readAlarmPolicy(settingsPolicy: object | null | undefined): {
  policy: AlarmLifecyclePolicy;
  problems: AlarmPolicyProblem[];
} {
  const stored = settingsPolicy as Readonly<Record<string, unknown>> | null | undefined;
  const policy = { ...DEFAULT_ALARM_POLICY };
  const problems: AlarmPolicyProblem[] = [];
  for (const field of Object.keys(ALARM_POLICY_BOUNDS) as (keyof AlarmLifecyclePolicy)[]) {
    const v = stored?.[field];
    if (v === undefined) continue;
    const bound = ALARM_POLICY_BOUNDS[field];
    let used: number = DEFAULT_ALARM_POLICY[field];
    if (typeof v === 'number' && Number.isFinite(v)) {
      const whole = !bound.integer || Number.isInteger(v) ? v : bound.safer === 'lower' ? Math.floor(v) : Math.ceil(v);
      used = Math.min(bound.max, Math.max(bound.min, whole));
      if (used === v) {
        policy[field] = v;
        continue;
      }
    }
    policy[field] = used;
    problems.push({ field, code: 'POLICY_VALUE_OUT_OF_BOUNDS', problem: rangeWords(bound, bound.integer), used });
  }
  if (policy.maxCriticalSnoozeHours > policy.maxSnoozeHours) {
    // clamped either way; said only when both values were usable (else the field's own problem says enough)
    const ownProblem = problems.some((p) => p.field === 'maxSnoozeHours' || p.field === 'maxCriticalSnoozeHours');
    if (!ownProblem) {
      problems.push({
        field: 'maxCriticalSnoozeHours',
        code: 'POLICY_VALUES_INCONSISTENT',
        problem: `must be at most maxSnoozeHours (${policy.maxSnoozeHours}): a critical alarm comes back sooner`,
        used: policy.maxSnoozeHours,
      });
    }
    policy.maxCriticalSnoozeHours = policy.maxSnoozeHours;
  }
  return { policy, problems };
}

/**
 * The lifecycle policy in force for stored clinic settings (readAlarmPolicy's values; its problems are surfaced
 * by whoever reads the settings, see the API's clinic-settings service).
 */
export function resolveAlarmPolicy(settingsPolicy: object | null | undefined): AlarmLifecyclePolicy {
  return readAlarmPolicy(settingsPolicy).policy;
}

/** How long an alarm of this priority may be snoozed, in hours: a critical alarm comes back sooner. */
export function maxSnoozeHoursFor(priority: AlarmPriority, policy: AlarmLifecyclePolicy): number {
  return priority === 'critical' ? policy.maxCriticalSnoozeHours : policy.maxSnoozeHours;
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
