import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DEFAULT_DATE_FORMAT, type DateFormat } from '@pumpwatch/contracts';
import {
  checkClinicPolicy,
  DEFAULT_POLICY,
  isValidTimeZone,
  readAlarmPolicy,
  type AlarmPolicyProblem,
  type ClinicPolicy,
} from '@pumpwatch/domain';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { assertVersion, snapshot } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { ClinicSettingsEntity } from './clinic-settings.entity';
import type { UpdateClinicSettingsDto } from './clinic-settings.dto';
import { auditedSave } from '../../common/db/audited-save';

export interface ClinicSettings {
  clinicName: string;
  timeZone: string;
  /** How dates are typed in the clinic's forms. */
  dateFormat: DateFormat;
  phone: string;
  outOfHoursPhone: string;
  workingDays: number[];
  openingTime: string;
  closingTime: string;
  /** Patient reminders this many days before a booked refill (null = off). */
  reminderDaysBefore: number | null;
  /** The policy in force: engine and alarm-lifecycle settings. */
  policy: ClinicPolicy;
  /**
   * Stored lifecycle values the engine cannot use as they are (saved by an older version with looser rules, or
   * edited in the database), each with the value used instead; empty normally. Also logged once per version.
   */
  policyWarnings: AlarmPolicyProblem[];
  version: number;
}

const DEFAULTS = {
  id: 1,
  clinicName: 'PumpWatch Clinic',
  timeZone: 'Europe/London',
  dateFormat: DEFAULT_DATE_FORMAT,
  phone: '',
  outOfHoursPhone: '',
  workingDays: [1, 2, 3, 4, 5],
  openingTime: '09:00',
  closingTime: '16:00',
};

/**
 * How long a cached settings row is served before it is re-read. This instance's own updates replace the
 * cache at commit; another API instance's update is seen here within this time.
 */
export const SETTINGS_CACHE_MS = 2000;

@Injectable()
export class ClinicSettingsService {
  /** The last row read or written by this instance, with the (monotonic) time it was read. */
  private cached: { settings: ClinicSettings; readAtMs: number } | null = null;
  /** Bumped by every update: a read that started before an update must not overwrite its result. */
  private generation = 0;
  /** The settings version whose policy warnings were last logged (logged once, not at every re-read). */
  private warnedVersion: number | null = null;
  private readonly logger = new Logger('ClinicSettings');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * The settings, re-read at most every SETTINGS_CACHE_MS (every status, list and sweep batch needs them; the
   * row changes rarely). A caller passing its transaction's manager gets the row as that transaction sees it.
   */
  async get(manager?: EntityManager): Promise<ClinicSettings> {
    if (manager) return this.read(manager);
    const hit = this.cached;
    if (hit && performance.now() - hit.readAtMs < SETTINGS_CACHE_MS) return hit.settings;
    const generation = this.generation;
    const readAtMs = performance.now();
    const settings = await this.read(this.dataSource.manager);
    if (generation === this.generation) this.cached = { settings, readAtMs };
    return settings;
  }

  /** The settings row, created with the documented defaults on first read. */
  private async read(manager: EntityManager): Promise<ClinicSettings> {
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
    const settings = toSettings(row);
    this.warnAboutPolicy(settings);
    return settings;
  }

  private warnAboutPolicy(settings: ClinicSettings): void {
    if (!settings.policyWarnings.length || this.warnedVersion === settings.version) return;
    this.warnedVersion = settings.version;
    const words = settings.policyWarnings.map((w) => `policy.${w.field} ${w.problem}: ${w.used} is used instead`);
    this.logger.warn(
      `The stored clinic policy is not safe as it is (an admin should save it again): ${words.join('; ')}`,
    );
  }

  async update(actor: Actor, dto: UpdateClinicSettingsDto): Promise<ClinicSettings> {
    await this.read(this.dataSource.manager);
    this.generation++;
    this.cached = null;
    const updated = await this.dataSource.transaction(async (m) => {
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
        'dateFormat',
        'phone',
        'outOfHoursPhone',
        'workingDays',
        'openingTime',
        'closingTime',
        'reminderDaysBefore',
      ] as const) {
        if (dto[key] !== undefined) (row as unknown as Record<string, unknown>)[key] = dto[key];
      }
      if (dto.policy !== undefined) row.policy = { ...checkedPolicy(row.policy, dto.policy) };
      // the single settings row has id 1: the entry's entityId is '1'
      return toSettings(
        await auditedSave(m, this.audit, actor, 'clinic-settings.update', 'clinic-settings', row, before),
      );
    });
    // committed: serve the new row from now on (reads started before this update were discarded above)
    this.generation++;
    this.cached = { settings: updated, readAtMs: performance.now() };
    return updated;
  }
}

/**
 * The whole policy an admin saves, checked by the domain (checkClinicPolicy: engine bounds, lifecycle bounds,
 * relations, unknown fields); any refusal is 422 POLICY_INVALID with each field's reason.
 */
function checkedPolicy(stored: Record<string, unknown>, given: Record<string, unknown>): ClinicPolicy {
  const { policy, refusals } = checkClinicPolicy(stored, given);
  if (refusals.length) {
    const errors = refusals.map((r) => ({
      field: r.field === 'policy' ? r.field : `policy.${r.field}`,
      code: r.code,
      problem: r.reason,
    }));
    throw new DomainError(
      'POLICY_INVALID',
      `These settings would make the safety checks unreliable: ${errors.map((e) => `${e.field} ${e.problem}`).join('; ')}`,
      { errors },
    );
  }
  return policy;
}

function toSettings(row: ClinicSettingsEntity): ClinicSettings {
  const lifecycle = readAlarmPolicy(row.policy);
  return {
    clinicName: row.clinicName,
    timeZone: row.timeZone,
    dateFormat: row.dateFormat,
    phone: row.phone,
    outOfHoursPhone: row.outOfHoursPhone,
    workingDays: row.workingDays,
    openingTime: row.openingTime,
    closingTime: row.closingTime,
    reminderDaysBefore: row.reminderDaysBefore ?? null,
    // settings saved by an older version gain new policy fields at their defaults; the lifecycle values are the
    // ones the alarms run with (a stored value out of bounds is read as its nearest bound, and said so)
    policy: { ...DEFAULT_POLICY, ...row.policy, ...lifecycle.policy },
    policyWarnings: lifecycle.problems,
    version: row.version,
  };
}
