import type { TriageCallDto } from '@pumpwatch/contracts';
import type { TriageCallEntity } from './triage-call.entity';

export function toTriageCallDto(c: TriageCallEntity): TriageCallDto {
  return {
    id: c.id,
    patientId: c.patientId,
    pumpId: c.pumpId,
    at: c.at.toISOString(),
    caller: c.caller,
    symptoms: c.symptoms,
    pumpAlarmHeard: c.pumpAlarmHeard,
    notes: c.notes,
    urgency: c.urgency,
    suspected: c.suspected,
    reasons: c.reasons,
    actions: c.actions,
    context: c.context,
    projectionAvailable: c.projectionAvailable,
    highRisk: c.highRisk,
    oralBackupPlan: c.oralBackupPlan,
    status: c.closedAt ? 'closed' : 'open',
    outcome: c.outcome,
    outcomeNotes: c.outcomeNotes,
    closedAt: c.closedAt?.toISOString() ?? null,
    closedBy: c.closedBy,
    recordedBy: c.recordedBy,
    createdAt: c.createdAt.toISOString(),
    version: c.version,
  };
}
