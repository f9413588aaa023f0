import type { ClinicSettings } from '../clinic-settings/clinic-settings.service';

/**
 * Alarm-lifecycle policy values (docs/clinical/PROJECTION-AND-ALARMS.md §9); clinic settings may override each by the
 * same key.
 */
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

export function alarmPolicy(settings: ClinicSettings): AlarmLifecyclePolicy {
  const stored = settings.policy as unknown as Record<string, unknown>;
  const out = { ...DEFAULT_ALARM_POLICY };
  for (const key of Object.keys(out) as (keyof AlarmLifecyclePolicy)[]) {
    const v = stored[key];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[key] = v;
  }
  return out;
}
