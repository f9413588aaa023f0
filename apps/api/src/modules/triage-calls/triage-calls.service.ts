import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TriageCallDto } from '@pumpwatch/contracts';
import { isEngineError, isRecordInFuture, isTriageCallTooOld, triageCall } from '@pumpwatch/domain';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock/clock';
import { assertUuid, assertVersion, lockById } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { PumpChanges } from '../../common/pump-changes';
import { AlarmsService } from '../alarms/alarms.service';
import { AuditService } from '../audit/audit.service';
import { ClinicSettingsService } from '../clinic-settings/clinic-settings.service';
import { ProjectionService } from '../projection/projection.service';
import { TriageCallEntity } from './triage-call.entity';
import { toTriageCallDto } from './triage-call.mapper';
import type { CloseTriageCallDto, CreateTriageCallDto } from './triage-calls.dto';
import { loadCallFacts } from './triage-context.loader';
import { auditedSave } from '../../common/db/audited-save';

@Injectable()
export class TriageCallsService {
  private readonly logger = new Logger('TriageCalls');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projection: ProjectionService,
    private readonly settings: ClinicSettingsService,
    private readonly alarms: AlarmsService,
    private readonly audit: AuditService,
    private readonly changes: PumpChanges,
    private readonly clock: Clock,
  ) {}

  /**
   * Classifies the call with the engine from the pump's state at the call and stores it with the answer; the
   * alarm engine then raises TRIAGE_OPEN on the pump (see desired-alarms.ts) until an outcome is recorded.
   */
  async create(actor: Actor, patientId: string, dto: CreateTriageCallDto): Promise<TriageCallDto> {
    assertUuid(patientId, 'patient');
    const now = this.clock.now();
    const at = dto.at ? new Date(dto.at) : now;
    if (isRecordInFuture(at.getTime(), now.getTime())) {
      throw new DomainError('CALL_IN_FUTURE', 'A call cannot be recorded in the future: check the time of the call');
    }
    if (isTriageCallTooOld(at.getTime(), now.getTime())) {
      throw new DomainError(
        'CALL_TOO_OLD',
        'This call is more than 24 hours old: its triage answer would no longer fit. Write it in the patient notes.',
      );
    }
    await this.refreshPumpAlarms(patientId);
    const settings = await this.settings.get();
    const saved = await this.dataSource.transaction(async (m) => {
      const facts = await loadCallFacts(m, this.projection, settings, patientId, at);
      let answer;
      try {
        answer = triageCall({
          kind: 'triage',
          now: at.toISOString(),
          patient: { highRisk: facts.highRisk, oralBackupPlan: facts.oralBackupPlan !== null },
          symptoms: dto.symptoms,
          pumpAlarmHeard: dto.pumpAlarmHeard,
          context: facts.context,
        });
      } catch (e) {
        // the DTO already admits only known symptom codes; anything the engine still refuses is bad input
        if (isEngineError(e)) throw new DomainError('VALIDATION_FAILED', e.message, { engineCode: e.code });
        throw e;
      }
      const row = await auditedSave(
        m,
        this.audit,
        actor,
        'triage-call.create',
        'triage-call',
        m.create(TriageCallEntity, {
          patientId,
          pumpId: facts.pumpId,
          at,
          caller: dto.caller,
          symptoms: dto.symptoms,
          pumpAlarmHeard: dto.pumpAlarmHeard,
          notes: dto.notes?.trim() || null,
          ...answer,
          context: facts.context,
          projectionAvailable: facts.projectionAvailable,
          highRisk: facts.highRisk,
          oralBackupPlan: facts.oralBackupPlan,
          recordedBy: actor.id,
          outcome: null,
          outcomeNotes: null,
          closedAt: null,
          closedBy: null,
        }),
        undefined,
        toTriageCallDto,
      );
      return row;
    });
    if (saved.pumpId) await this.changes.notify(saved.pumpId);
    return toTriageCallDto(saved);
  }

  /** Records what was done; the call leaves the board (its TRIAGE_OPEN alarm resolves on re-evaluation). */
  async close(actor: Actor, id: string, dto: CloseTriageCallDto & { version?: number }): Promise<TriageCallDto> {
    const saved = await this.dataSource.transaction(async (m) => {
      const row = await lockById(m, TriageCallEntity, id, 'triage call');
      if (row.closedAt) {
        throw new DomainError(
          'TRIAGE_CALL_CLOSED',
          `This call was already closed (${row.outcome}) at ${row.closedAt.toISOString()}`,
          { outcome: row.outcome, closedAt: row.closedAt.toISOString(), closedBy: row.closedBy },
        );
      }
      assertVersion(row.version, dto.version);
      const before = toTriageCallDto(row);
      row.outcome = dto.outcome;
      row.outcomeNotes = dto.notes?.trim() || null;
      row.closedAt = this.clock.now();
      row.closedBy = actor.id;
      return auditedSave(m, this.audit, actor, 'triage-call.close', 'triage-call', row, before, toTriageCallDto);
    });
    if (saved.pumpId) await this.changes.notify(saved.pumpId);
    return toTriageCallDto(saved);
  }

  async get(id: string): Promise<TriageCallDto> {
    assertUuid(id, 'triage call');
    const row = await this.dataSource.getRepository(TriageCallEntity).findOneBy({ id });
    if (!row) throw new DomainError('NOT_FOUND', `No triage call with id ${id}`);
    return toTriageCallDto(row);
  }

  /** A patient's calls, newest first. */
  async listForPatient(patientId: string): Promise<TriageCallDto[]> {
    assertUuid(patientId, 'patient');
    const [exists] = (await this.dataSource.query('SELECT 1 FROM patients WHERE id = $1', [patientId])) as unknown[];
    if (!exists) throw new DomainError('NOT_FOUND', `No patient with id ${patientId}`);
    const rows = await this.dataSource
      .getRepository(TriageCallEntity)
      .find({ where: { patientId }, order: { at: 'DESC', createdAt: 'DESC' } });
    return rows.map(toTriageCallDto);
  }

  /** Every call (or the open / closed ones) across the clinic, newest first, with the patient's name and MRN. */
  async list(status?: 'open' | 'closed'): Promise<TriageCallDto[]> {
    const qb = this.dataSource
      .getRepository(TriageCallEntity)
      .createQueryBuilder('c')
      .innerJoin('patients', 'p', 'p.id = c.patient_id')
      .addSelect(['p.mrn AS p_mrn', 'p.given_name AS p_given_name', 'p.family_name AS p_family_name'])
      .orderBy('c.at', 'DESC')
      .addOrderBy('c.created_at', 'DESC')
      .limit(500);
    if (status === 'open') qb.where('c.closed_at IS NULL');
    if (status === 'closed') qb.where('c.closed_at IS NOT NULL');
    const { entities, raw } = await qb.getRawAndEntities();
    const byId = new Map((raw as Record<string, string>[]).map((r) => [r.c_id, r]));
    return entities.map((c) => {
      const r = byId.get(c.id)!;
      return {
        ...toTriageCallDto(c),
        patient: { id: c.patientId, mrn: r.p_mrn, givenName: r.p_given_name, familyName: r.p_family_name },
      };
    });
  }

  /**
   * The pump's alarms brought up to date before they are read into the call's context (the sweep may not
   * have run since the last change); if that fails, the stored alarms are still a sound context.
   */
  private async refreshPumpAlarms(patientId: string): Promise<void> {
    try {
      const rows = (await this.dataSource.query('SELECT id FROM pumps WHERE patient_id = $1 AND explanted_at IS NULL', [
        patientId,
      ])) as { id: string }[];
      if (rows.length) await this.alarms.evaluatePumps(rows.map((r) => r.id));
    } catch (e) {
      this.logger.warn(`alarms of patient ${patientId} not refreshed before triage: ${(e as Error).message}`);
    }
  }
}
