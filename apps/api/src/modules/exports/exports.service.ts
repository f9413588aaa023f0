import { Injectable } from '@nestjs/common';
import type { AlarmListItemDto, AlarmListQuery, AuditEntryDto, RefillWorklistItemDto } from '@pumpwatch/contracts';
import { AlarmQueries } from '../alarms/alarm-queries.service';
import { AuditService } from '../audit/audit.service';
import { WorklistService } from '../worklist/worklist.service';
import { toCsv, type CsvColumn } from './csv';

/** Most audit entries one export holds (AuditService's own ceiling). */
const AUDIT_EXPORT_LIMIT = 5000;
/** The alarm board's own ceiling. */
const ALARM_EXPORT_LIMIT = 2000;

const WORKLIST_COLUMNS: CsvColumn<RefillWorklistItemDto>[] = [
  { header: 'refillDueDate', value: (r) => r.refillDueDate },
  { header: 'overdue', value: (r) => r.overdue },
  { header: 'refillDueReason', value: (r) => r.refillDueReason },
  { header: 'mrn', value: (r) => r.patient.mrn },
  { header: 'familyName', value: (r) => r.patient.familyName },
  { header: 'givenName', value: (r) => r.patient.givenName },
  { header: 'highRisk', value: (r) => r.highRisk },
  { header: 'reservoirNowMl', value: (r) => r.reservoirNowMl },
  { header: 'lowReservoirAlarmAt', value: (r) => r.lowReservoirAlarmAt },
  { header: 'nextAppointmentAt', value: (r) => r.nextAppointmentAt },
  { header: 'proposedSlot', value: (r) => r.proposedSlot },
  { header: 'pumpId', value: (r) => r.pumpId },
  { header: 'patientId', value: (r) => r.patient.id },
];

const ALARM_COLUMNS: CsvColumn<AlarmListItemDto>[] = [
  { header: 'id', value: (a) => a.id },
  { header: 'priority', value: (a) => a.priority },
  { header: 'code', value: (a) => a.code },
  { header: 'status', value: (a) => a.status },
  { header: 'raisedAt', value: (a) => a.raisedAt },
  // a clinic-wide alarm (NOTIFICATIONS_FAILING) has no patient
  { header: 'mrn', value: (a) => a.patient?.mrn ?? '' },
  { header: 'familyName', value: (a) => a.patient?.familyName ?? '' },
  { header: 'givenName', value: (a) => a.patient?.givenName ?? '' },
  { header: 'highRisk', value: (a) => a.highRisk },
  { header: 'reservoirNowMl', value: (a) => a.reservoirNowMl },
  { header: 'refillDueDate', value: (a) => a.refillDueDate },
  { header: 'acknowledgedAt', value: (a) => a.acknowledgedAt },
  { header: 'acknowledgedBy', value: (a) => a.acknowledgedBy },
  { header: 'acknowledgeNote', value: (a) => a.acknowledgeNote },
  { header: 'snoozedUntil', value: (a) => a.snoozedUntil },
  { header: 'snoozeReason', value: (a) => a.snoozeReason },
  { header: 'resolvedAt', value: (a) => a.resolvedAt },
  { header: 'resolution', value: (a) => a.resolution },
  { header: 'escalated', value: (a) => a.escalated },
  { header: 'pumpId', value: (a) => a.pumpId },
  { header: 'patientId', value: (a) => a.patientId },
];

const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));

const AUDIT_COLUMNS: CsvColumn<AuditEntryDto>[] = [
  { header: 'seq', value: (e) => e.seq },
  { header: 'at', value: (e) => e.at },
  { header: 'userId', value: (e) => e.userId },
  { header: 'action', value: (e) => e.action },
  { header: 'entityType', value: (e) => e.entityType },
  { header: 'entityId', value: (e) => e.entityId },
  { header: 'before', value: (e) => json(e.before) },
  { header: 'after', value: (e) => json(e.after) },
  { header: 'prevHash', value: (e) => e.prevHash },
  { header: 'hash', value: (e) => e.hash },
];

/** CSV views of the worklist, alarm board and audit trail, built from the same services as the JSON routes. */
@Injectable()
export class ExportsService {
  constructor(
    private readonly worklist: WorklistService,
    private readonly alarms: AlarmQueries,
    private readonly audit: AuditService,
  ) {}

  async worklistCsv(q: { from?: string; to?: string }): Promise<string> {
    return toCsv(await this.worklist.refills(q), WORKLIST_COLUMNS);
  }

  async alarmsCsv(q: AlarmListQuery): Promise<string> {
    return toCsv(await this.alarms.list({ ...q, limit: q.limit ?? ALARM_EXPORT_LIMIT }), ALARM_COLUMNS);
  }

  async auditCsv(q: { entityId?: string }): Promise<string> {
    return toCsv(await this.audit.list({ entityId: q.entityId, limit: AUDIT_EXPORT_LIMIT }), AUDIT_COLUMNS);
  }
}
