/** The board's side of a call: one TRIAGE_OPEN alarm per pump while any call about its patient is open. */
import { escalatePriority } from '../alarms';
import type { AlarmPriority } from '../types';
import { TRIAGE_URGENCIES, type TriageUrgency } from './types';

export const TRIAGE_ALARM_PRIORITY: Readonly<Record<TriageUrgency, AlarmPriority>> = Object.freeze({
  EMERGENCY: 'critical',
  URGENT_SAME_DAY: 'high',
  ROUTINE: 'low',
});

/**
 * Priority of the pump's TRIAGE_OPEN alarm: set by its most urgent open call, and raised one level for a
 * high-risk patient like every other alarm (a routine call about a high-risk patient is medium, not low).
 * Null when no call is open.
 */
export function triageAlarmPriority(openUrgencies: readonly TriageUrgency[], highRisk: boolean): AlarmPriority | null {
  const most = TRIAGE_URGENCIES.find((u) => openUrgencies.includes(u));
  if (!most) return null;
  const base = TRIAGE_ALARM_PRIORITY[most];
  return highRisk ? escalatePriority(base) : base;
}
