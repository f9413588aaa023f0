import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AlarmListItemDto, AlarmListQuery, PatientRef } from '@pumpwatch/contracts';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { assertUuid } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { ClinicSettingsService } from '../clinic-settings/clinic-settings.service';
import { ProjectionService } from '../projection/projection.service';
import { AlarmEntity } from './alarm.entity';
import { toAlarmDto } from './alarm.mapper';

/** An alarm row with its stream cursor (updated_at in microseconds since the epoch, as text). */
export interface CursoredAlarm {
  cursor: string;
  alarm: AlarmListItemDto;
}

const PRIORITY_RANK = `CASE a.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`;
const CURSOR_SQL = `(floor(extract(epoch from a.updated_at) * 1000000))::bigint::text`;

/** Read side of the alarm board: filters, ordering and the patient/projection columns each row carries. */
@Injectable()
export class AlarmQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projection: ProjectionService,
    private readonly settings: ClinicSettingsService,
    private readonly clock: Clock,
  ) {}

  /** Critical first, then oldest raised first (the longest-waiting alarm of a priority on top). */
  async list(q: AlarmListQuery): Promise<AlarmListItemDto[]> {
    const qb = this.base();
    const status = q.status ?? 'active';
    if (status === 'active') qb.andWhere(`a.status <> 'resolved'`);
    else qb.andWhere('a.status = :status', { status });
    if (q.priority) qb.andWhere('a.priority = :priority', { priority: q.priority });
    if (q.code) qb.andWhere('a.code = :code', { code: q.code });
    if (q.patientId) qb.andWhere('a.patient_id = :patientId', { patientId: q.patientId });
    if (q.pumpId) qb.andWhere('a.pump_id = :pumpId', { pumpId: q.pumpId });
    qb.orderBy(PRIORITY_RANK, 'ASC')
      .addOrderBy('a.raised_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(q.limit ?? 500);
    return (await this.load(qb)).map((r) => r.alarm);
  }

  async get(id: string): Promise<AlarmListItemDto> {
    assertUuid(id, 'alarm');
    const [row] = await this.byIds([id]);
    if (!row) throw new DomainError('NOT_FOUND', `No alarm with id ${id}`);
    return row.alarm;
  }

  byIds(ids: string[]): Promise<CursoredAlarm[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.load(this.base().where('a.id = ANY(:ids::uuid[])', { ids }).orderBy('a.updated_at', 'ASC'));
  }

  /** Changes after a stream cursor, oldest first (for reconnecting clients). */
  changedSince(cursorMicros: bigint, limit = 2000): Promise<CursoredAlarm[]> {
    return this.load(
      this.base()
        .where(`a.updated_at > to_timestamp(:since::double precision / 1000000)`, { since: cursorMicros.toString() })
        .orderBy('a.updated_at', 'ASC')
        .limit(limit),
    );
  }

  private base(): SelectQueryBuilder<AlarmEntity> {
    return this.dataSource
      .getRepository(AlarmEntity)
      .createQueryBuilder('a')
      .addSelect(CURSOR_SQL, 'a_cursor')
      .where('TRUE');
  }

  private async load(qb: SelectQueryBuilder<AlarmEntity>): Promise<CursoredAlarm[]> {
    const { entities, raw } = await qb.getRawAndEntities<{ a_cursor: string }>();
    if (!entities.length) return [];
    const items = await this.decorate(entities);
    return items.map((alarm, i) => ({ cursor: raw[i].a_cursor, alarm }));
  }

  /** Adds patient identity and the pump's projection numbers (set-based: one patient query + the loader). */
  private async decorate(rows: AlarmEntity[]): Promise<AlarmListItemDto[]> {
    const patientIds = [...new Set(rows.map((r) => r.patientId))];
    const pumpIds = [...new Set(rows.map((r) => r.pumpId))];
    // independent reads: concurrent, each on its own pool connection
    const [patients, contexts, settings] = await Promise.all([
      this.dataSource.query(
        `SELECT id, mrn, given_name, family_name, high_risk FROM patients WHERE id = ANY($1::uuid[])`,
        [patientIds],
      ) as Promise<{ id: string; mrn: string; given_name: string; family_name: string; high_risk: boolean }[]>,
      this.projection.contexts(pumpIds),
      this.settings.get(),
    ]);
    const patientBy = new Map(patients.map((p) => [p.id, p]));
    const now = this.clock.now();
    const statusBy = new Map(contexts.map((c) => [c.pumpId, this.projection.statusOf(c, now, settings)]));
    return rows.map((row) => {
      const p = patientBy.get(row.patientId);
      const patient: PatientRef = {
        id: row.patientId,
        mrn: p?.mrn ?? '',
        givenName: p?.given_name ?? '',
        familyName: p?.family_name ?? '',
      };
      const s = statusBy.get(row.pumpId) ?? null;
      return {
        ...toAlarmDto(row),
        patient,
        highRisk: p?.high_risk ?? false,
        reservoirNowMl: s?.reservoirNowMl ?? null,
        lowReservoirAlarmAt: s?.lowReservoirAlarmAt ?? null,
        projectedEmptyAt: s?.projectedEmptyAt ?? null,
        refillDueDate: s?.refillDueDate ?? null,
      };
    });
  }
}
