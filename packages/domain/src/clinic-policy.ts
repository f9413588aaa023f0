/**
 * The whole clinic policy an admin saves: the engine's settings (policy.ts, bounded in policy-bounds.ts) and the
 * alarm lifecycle's (alarm-lifecycle.ts), checked in one place so that the API refuses exactly what the engine and
 * the alarm sweep could not run safely, with the reason in words for each field.
 */
import { DEFAULT_ALARM_POLICY, readAlarmPolicy, type AlarmLifecyclePolicy } from './alarm-lifecycle';
import { isEngineError } from './errors';
import { DEFAULT_POLICY, POLICY_FIELDS, type Policy } from './policy';
import { policyProblems, type PolicyProblemCode } from './policy-bounds';
import { validatePolicy } from './validate';

export type ClinicPolicy = Policy & AlarmLifecyclePolicy;

/** Every setting of the clinic policy: the engine's, then the alarm lifecycle's. */
export const CLINIC_POLICY_FIELDS: readonly (keyof ClinicPolicy)[] = [
  ...POLICY_FIELDS,
  ...(Object.keys(DEFAULT_ALARM_POLICY) as (keyof AlarmLifecyclePolicy)[]),
];

export type PolicyRefusalCode = PolicyProblemCode | 'POLICY_SETTING_UNKNOWN';

/** One reason a policy may not be saved: the field, a code, and plain words starting with "must" or "is". */
export interface PolicyRefusal {
  field: string;
  code: PolicyRefusalCode;
  reason: string;
}

/**
 * What saving `given` over the `stored` policy would keep, and every reason it may not be saved (empty: it may).
 * Every known field is checked, given or stored; a field that is not a setting is refused rather than dropped, so
 * what the admin sees saved is what the engine uses; a field stored by an older version and no longer known is
 * left behind, not held against the admin.
 */
export function checkClinicPolicy(
  stored: Readonly<Record<string, unknown>> | null | undefined,
  given: Readonly<Record<string, unknown>>,
): { policy: ClinicPolicy; refusals: PolicyRefusal[] } {
  const known = new Set<string>(CLINIC_POLICY_FIELDS);
  const raw: Record<string, unknown> = {
    ...Object.fromEntries(Object.entries(stored ?? {}).filter(([k]) => known.has(k))),
    ...given,
  };
  const refusals: PolicyRefusal[] = Object.keys(given)
    .filter((k) => !known.has(k))
    .map((field) => ({ field, code: 'POLICY_SETTING_UNKNOWN', reason: 'is not a policy setting' }));
  const lifecycle = readAlarmPolicy(raw);
  for (const p of lifecycle.problems) refusals.push({ field: p.field, code: p.code, reason: p.problem });
  const engineRaw = Object.fromEntries(POLICY_FIELDS.filter((k) => raw[k] !== undefined).map((k) => [k, raw[k]]));
  const problems = policyProblems(engineRaw);
  for (const p of problems) refusals.push({ field: p.field, code: p.code, reason: p.problem });
  let engine: Policy = { ...DEFAULT_POLICY };
  if (problems.length === 0) {
    try {
      engine = validatePolicy(engineRaw);
    } catch (e) {
      // the bounds are stricter than the engine's own checks; this is only reached if they ever drift apart
      if (!isEngineError(e)) throw e;
      refusals.push({ field: 'policy', code: 'POLICY_VALUE_OUT_OF_BOUNDS', reason: e.message });
    }
  }
  return { policy: { ...engine, ...lifecycle.policy }, refusals };
}
