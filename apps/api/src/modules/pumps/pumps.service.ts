import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PumpDto } from '@pumpwatch/contracts';
import { DataSource, QueryFailedError } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { assertUuid, assertVersion, lockById, snapshot } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { PumpChanges } from '../../common/pump-changes';
import { AuditService } from '../audit/audit.service';
import { ClinicSettingsService } from '../clinic-settings/clinic-settings.service';
import { PatientEntity } from '../patients/patient.entity';
import { PumpEntity } from './pump.entity';
import { toPumpDto } from './pump.mapper';
import { defaultLowReservoirAlarmMl } from './pump-model';
import type { CreatePumpDto, UpdatePumpDto } from './pumps.dto';
import { auditedSave } from '../../common/db/audited-save';

@Injectable()
export class PumpsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly settings: ClinicSettingsService,
    private readonly changes: PumpChanges,
  ) {}

  async get(id: string): Promise<PumpDto> {
    assertUuid(id, 'pump');
    const pump = await this.dataSource.getRepository(PumpEntity).findOneBy({ id });
    if (!pump) throw new DomainError('NOT_FOUND', `No pump with id ${id}`);
    return toPumpDto(pump, (await this.settings.get()).timeZone);
  }

  async create(actor: Actor, patientId: string, dto: CreatePumpDto): Promise<PumpDto> {
    const saved = await this.dataSource
      .transaction(async (m) => {
        await lockById(m, PatientEntity, patientId, 'patient');
        return auditedSave(
          m,
          this.audit,
          actor,
          'pump.create',
          'pump',
          m.create(PumpEntity, {
            ...dto,
            patientId,
            lowReservoirAlarmMl: dto.lowReservoirAlarmMl ?? defaultLowReservoirAlarmMl(dto.model),
            implantedAt: new Date(dto.implantedAt),
            manufacturedAt: dto.manufacturedAt ? new Date(dto.manufacturedAt) : null,
          }),
        );
      })
      .catch(serialTaken);
    await this.changes.notify(saved.id);
    return toPumpDto(saved, (await this.settings.get()).timeZone);
  }

  async update(actor: Actor, id: string, dto: UpdatePumpDto): Promise<PumpDto> {
    const saved = await this.dataSource.transaction(async (m) => {
      const row = await lockById(m, PumpEntity, id, 'pump');
      assertVersion(row.version, dto.version);
      const before = snapshot(row);
      const { version: _v, ...changes } = dto;
      return auditedSave(m, this.audit, actor, 'pump.update', 'pump', Object.assign(row, changes), before);
    });
    await this.changes.notify(id);
    return toPumpDto(saved, (await this.settings.get()).timeZone);
  }
}

function serialTaken(e: unknown): never {
  if (e instanceof QueryFailedError && (e as { code?: string }).code === '23505') {
    throw new DomainError('SERIAL_TAKEN', 'A pump with this serial number is already registered');
  }
  throw e;
}
