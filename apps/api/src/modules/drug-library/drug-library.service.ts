import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DrugLibraryEntryDto } from '@pumpwatch/contracts';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { assertVersion, lockById, snapshot } from '../../common/db/write';
import { AuditService } from '../audit/audit.service';
import { DrugLibraryEntity } from './drug-library.entity';
import type { CreateDrugLibraryEntryDto, UpdateDrugLibraryEntryDto } from './drug-library.dto';
import { auditedSave } from '../../common/db/audited-save';

export const toDrugDto = (e: DrugLibraryEntity): DrugLibraryEntryDto => ({
  id: e.id,
  name: e.name,
  concentrationMcgPerMl: e.concentrationMcgPerMl,
  screeningOnly: e.screeningOnly,
  compounded: e.compounded,
  maxRefillIntervalDays: e.maxRefillIntervalDays,
  version: e.version,
});

@Injectable()
export class DrugLibraryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Active entries: the engine's drugLibrary for refill checks. */
  async active(manager: EntityManager = this.dataSource.manager): Promise<DrugLibraryEntity[]> {
    return manager.find(DrugLibraryEntity, { where: { active: true }, order: { concentrationMcgPerMl: 'ASC' } });
  }

  async list(): Promise<DrugLibraryEntryDto[]> {
    return (await this.active()).map(toDrugDto);
  }

  create(actor: Actor, dto: CreateDrugLibraryEntryDto): Promise<DrugLibraryEntryDto> {
    return this.dataSource.transaction(async (m) => {
      const row = m.create(DrugLibraryEntity, { ...dto });
      return toDrugDto(await auditedSave(m, this.audit, actor, 'drug-library.create', 'drug-library', row));
    });
  }

  update(actor: Actor, id: string, dto: UpdateDrugLibraryEntryDto): Promise<DrugLibraryEntryDto> {
    return this.dataSource.transaction(async (m) => {
      const row = await lockById(m, DrugLibraryEntity, id, 'drug library entry');
      assertVersion(row.version, dto.version);
      const before = snapshot(row);
      const { version: _v, ...changes } = dto;
      const changed = Object.assign(row, changes);
      return toDrugDto(await auditedSave(m, this.audit, actor, 'drug-library.update', 'drug-library', changed, before));
    });
  }
}
