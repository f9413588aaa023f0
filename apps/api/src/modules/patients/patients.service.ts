import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Page, PatientDto } from '@pumpwatch/contracts';
import { localDate } from '@pumpwatch/domain';
import { Brackets, DataSource, QueryFailedError } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock/clock';
import { assertUuid, assertVersion, lockById, snapshot } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { ClinicSettingsService } from '../clinic-settings/clinic-settings.service';
import { PatientEntity } from './patient.entity';
import { oralBackupColumns, oralBackupPlanOf } from './oral-backup-plan';
import { isHighRisk, toPatientDto } from './patient.mapper';
import type { CreatePatientDto, ListPatientsQuery, UpdatePatientDto } from './patients.dto';
import { auditedSave } from '../../common/db/audited-save';

@Injectable()
export class PatientsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly settings: ClinicSettingsService,
    private readonly clock: Clock,
  ) {}

  private async zone(): Promise<{ today: string; timeZone: string }> {
    const { timeZone } = await this.settings.get();
    return { today: localDate(this.clock.now().getTime(), timeZone), timeZone };
  }

  async list(q: ListPatientsQuery): Promise<Page<PatientDto>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const qb = this.dataSource.getRepository(PatientEntity).createQueryBuilder('p');
    const search = q.search?.trim();
    if (search) {
      const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.where(
        new Brackets((w) =>
          w
            .where('p.mrn ILIKE :like', { like })
            .orWhere('p.given_name ILIKE :like', { like })
            .orWhere('p.family_name ILIKE :like', { like })
            .orWhere("(p.given_name || ' ' || p.family_name) ILIKE :like", { like }),
        ),
      );
    }
    const [rows, total] = await qb
      .orderBy('p.family_name', 'ASC')
      .addOrderBy('p.given_name', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const { today, timeZone } = await this.zone();
    return { items: rows.map((p) => toPatientDto(p, today, timeZone)), total };
  }

  async get(id: string): Promise<PatientDto> {
    assertUuid(id, 'patient');
    const patient = await this.dataSource
      .getRepository(PatientEntity)
      .findOne({ where: { id }, relations: { pumps: true }, order: { pumps: { implantedAt: 'DESC' } } });
    if (!patient) throw new DomainError('NOT_FOUND', `No patient with id ${id}`);
    const { today, timeZone } = await this.zone();
    return toPatientDto(patient, today, timeZone);
  }

  async create(actor: Actor, dto: CreatePatientDto): Promise<PatientDto> {
    const saved = await this.dataSource
      .transaction(async (m) => {
        return auditedSave(
          m,
          this.audit,
          actor,
          'patient.create',
          'patient',
          m.create(PatientEntity, {
            ...dto,
            ...oralBackupColumns(actor, dto.oralBackupPlan, null),
            highRisk: isHighRisk(dto.riskFactors),
            phone: dto.phone ?? null,
            screeningDoseMcg: dto.screeningDoseMcg ?? null,
          }),
        );
      })
      .catch(mrnTaken);
    const { today, timeZone } = await this.zone();
    return toPatientDto(saved, today, timeZone);
  }

  async update(actor: Actor, id: string, dto: UpdatePatientDto): Promise<PatientDto> {
    const saved = await this.dataSource
      .transaction(async (m) => {
        const row = await lockById(m, PatientEntity, id, 'patient');
        assertVersion(row.version, dto.version);
        const before = snapshot(row);
        const { version: _v, oralBackupPlan, ...changes } = dto;
        Object.assign(row, changes, oralBackupColumns(actor, oralBackupPlan, oralBackupPlanOf(row)));
        row.highRisk = isHighRisk(row.riskFactors);
        return auditedSave(m, this.audit, actor, 'patient.update', 'patient', row, before);
      })
      .catch(mrnTaken);
    const { today, timeZone } = await this.zone();
    return toPatientDto(saved, today, timeZone);
  }
}

function mrnTaken(e: unknown): never {
  if (e instanceof QueryFailedError && (e as { code?: string }).code === '23505') {
    throw new DomainError('MRN_TAKEN', 'Another patient already has this MRN');
  }
  throw e;
}
