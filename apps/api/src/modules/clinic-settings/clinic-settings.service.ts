import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DEFAULT_POLICY, isEngineError, isValidTimeZone, validatePolicy, type Policy } from '@pumpwatch/domain';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { assertVersion, snapshot } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { ClinicSettingsEntity } from './clinic-settings.entity';
import type { UpdateClinicSettingsDto } from './clinic-settings.dto';

export interface ClinicSettings {
  clinicName: string;
  timeZone: string;
  phone: string;
  outOfHoursPhone: string;
  workingDays: number[];
  openingTime: string;
  closingTime: string;
  policy: Policy;
  version: number;
}

const DEFAULTS = {
  id: 1,
  clinicName: 'PumpWatch Clinic',
  timeZone: 'Europe/London',
  phone: '',
  outOfHoursPhone: '',
  workingDays: [1, 2, 3, 4, 5],
  openingTime: '09:00',
  closingTime: '16:00',
};

@Injectable()
export class ClinicSettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The settings row, created with the documented defaults on first read. */
  async get(manager: EntityManager = this.dataSource.manager): Promise<ClinicSettings> {
    let row = await manager.findOneBy(ClinicSettingsEntity, { id: 1 });
    if (!row) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(ClinicSettingsEntity)
        .values({ ...DEFAULTS, policy: { ...DEFAULT_POLICY } })
        .orIgnore()
        .execute();
      row = await manager.findOneByOrFail(ClinicSettingsEntity, { id: 1 });
    }
    return toSettings(row);
  }

  async update(actor: Actor, dto: UpdateClinicSettingsDto): Promise<ClinicSettings> {
    await this.get();
    return this.dataSource.transaction(async (m) => {
      const row = await m.findOneOrFail(ClinicSettingsEntity, {
        where: { id: 1 },
        lock: { mode: 'pessimistic_write' },
      });
      assertVersion(row.version, dto.version);
      const before = snapshot(row);
      if (dto.timeZone !== undefined) {
        if (!isValidTimeZone(dto.timeZone))
          throw new DomainError('UNKNOWN_TIME_ZONE', `Unknown time zone ${dto.timeZone}`);
        row.timeZone = dto.timeZone;
      }
      for (const key of [
        'clinicName',
        'phone',
        'outOfHoursPhone',
        'workingDays',
        'openingTime',
        'closingTime',
      ] as const) {
        if (dto[key] !== undefined) (row as unknown as Record<string, unknown>)[key] = dto[key];
      }
      if (dto.policy !== undefined) row.policy = { ...checkedPolicy({ ...row.policy, ...dto.policy }) };
      const saved = await m.save(row);
      await this.audit.append(m, {
        userId: actor.id,
        action: 'clinic-settings.update',
        entityType: 'clinic-settings',
        entityId: '1',
        before,
        after: snapshot(saved),
      });
      return toSettings(saved);
    });
  }
}

function checkedPolicy(raw: Record<string, unknown>): Policy {
  try {
    return validatePolicy(raw);
  } catch (e) {
    if (isEngineError(e)) throw new DomainError('INVALID_POLICY', e.message);
    throw e;
  }
}

function toSettings(row: ClinicSettingsEntity): ClinicSettings {
  return {
    clinicName: row.clinicName,
    timeZone: row.timeZone,
    phone: row.phone,
    outOfHoursPhone: row.outOfHoursPhone,
    workingDays: row.workingDays,
    openingTime: row.openingTime,
    closingTime: row.closingTime,
    // settings saved by an older version gain new policy fields at their defaults
    policy: { ...DEFAULT_POLICY, ...row.policy },
    version: row.version,
  };
}
