import { DEFAULT_ALARM_POLICY, resolveAlarmPolicy, type AlarmLifecyclePolicy } from '@pumpwatch/domain';
import type { ClinicSettings } from '../clinic-settings/clinic-settings.service';

/** The lifecycle policy values and their defaults are the engine's (packages/domain/src/alarm-lifecycle.ts). */
export { DEFAULT_ALARM_POLICY, type AlarmLifecyclePolicy };

/** The clinic's alarm lifecycle policy: its saved values where usable, the defaults otherwise. */
export function alarmPolicy(settings: ClinicSettings): AlarmLifecyclePolicy {
  return resolveAlarmPolicy(settings.policy as unknown as Record<string, unknown>);
}
