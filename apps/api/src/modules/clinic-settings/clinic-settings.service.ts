import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DEFAULT_DATE_FORMAT, type DateFormat } from '@pumpwatch/contracts';
import {
  DEFAULT_POLICY,
  isEngineError,
  isValidTimeZone,
  POLICY_FIELDS,
  policyProblems,
  validatePolicy,
  type Policy,
} from '@pumpwatch/domain';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { assertVersion, snapshot } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { DEFAULT_ALARM_POLICY, type AlarmLifecyclePolicy } from '../alarms/alarm-policy';
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
  policy: Policy;
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
    return toSettings(row);
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
 * The whole policy an admin saves: every engine field and every alarm-lifecycle field is validated and kept;
 * an unknown field is refused rather than dropped, so what the admin sees saved is what the engine uses.
 */
function checkedPolicy(stored: Record<string, unknown>, given: Record<string, unknown>): Policy & AlarmLifecyclePolicy {
  const lifecycleKeys = Object.keys(DEFAULT_ALARM_POLICY) as (keyof AlarmLifecyclePolicy)[];
  const known = new Set<string>([...POLICY_FIELDS, ...lifecycleKeys]);
  // keys an older version stored and this one no longer knows are left behind, not held against the admin
  const raw = { ...Object.fromEntries(Object.entries(stored).filter(([k]) => known.has(k))), ...given };
  const problems: { field: string; problem: string }[] = Object.keys(given)
    .filter((k) => !known.has(k))
    .map((field) => ({ field: `policy.${field}`, problem: 'is not a policy setting' }));
  const lifecycle = { ...DEFAULT_ALARM_POLICY };
  for (const key of lifecycleKeys) {
    const v = raw[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      problems.push({ field: `policy.${key}`, problem: 'must be a positive number' });
    } else lifecycle[key] = v;
  }
  const engineRaw = Object.fromEntries(Object.entries(raw).filter(([k]) => (POLICY_FIELDS as string[]).includes(k)));
  let engine: Policy = { ...DEFAULT_POLICY };
  try {
    engine = validatePolicy(engineRaw);
    problems.push(...policyProblems(engine).map((p) => ({ field: `policy.${p.field}`, problem: p.problem })));
  } catch (e) {
    if (!isEngineError(e)) throw e;
    problems.push({ field: 'policy', problem: e.message });
  }
  if (problems.length) {
    throw new DomainError(
      'POLICY_INVALID',
      `These settings would make the safety checks unreliable: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`,
      { errors: problems },
    );
  }
  return { ...engine, ...lifecycle };
}

function toSettings(row: ClinicSettingsEntity): ClinicSettings {
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
    // settings saved by an older version gain new policy fields at their defaults
    policy: { ...DEFAULT_POLICY, ...DEFAULT_ALARM_POLICY, ...row.policy },
    version: row.version,
  };
}
