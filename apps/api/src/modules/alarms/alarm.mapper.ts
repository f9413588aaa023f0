import type { AlarmDto } from '@pumpwatch/contracts';
import type { AlarmEntity } from './alarm.entity';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toAlarmDto(a: AlarmEntity): AlarmDto {
  return {
    id: a.id,
    pumpId: a.pumpId,
    patientId: a.patientId,
    code: a.code,
    priority: a.priority,
    status: a.status,
    raisedAt: a.raisedAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    acknowledgedBy: a.acknowledgedBy,
    acknowledgedAt: iso(a.acknowledgedAt),
    acknowledgeNote: a.acknowledgeNote,
    snoozedUntil: iso(a.snoozedUntil),
    snoozeReason: a.snoozeReason,
    resolvedAt: iso(a.resolvedAt),
    resolvedBy: a.resolvedBy,
    resolution: a.resolution,
    escalated: a.escalated,
    escalatedAt: iso(a.escalatedAt),
    details: a.details,
    version: a.version,
  };
}

/** Channel of the NOTIFY sent in every transaction that changes alarms (payload: JSON array of ids). */
export const ALARM_CHANNEL = 'alarm_changes';
