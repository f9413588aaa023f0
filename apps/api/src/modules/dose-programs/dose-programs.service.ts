import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DoseProgramDto } from '@pumpwatch/contracts';
import {
  assessDoseChange,
  isEngineError,
  MS_PER_DAY,
  programmedDoseMcgPerDay,
  type DoseChangeAssessment,
} from '@pumpwatch/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock/clock';
import { assertUuid, assertVersion, lockById, snapshot } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { PumpChanges } from '../../common/pump-changes';
import { AuditService } from '../audit/audit.service';
import { ClinicSettingsService } from '../clinic-settings/clinic-settings.service';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { PumpEntity } from '../pumps/pump.entity';
import { RefillEntity } from '../refills/refill.entity';
import { loadDoseChangeContext, type DoseChangeContext } from './dose-change-context';
import { DoseProgramEntity } from './dose-program.entity';
import { toDoseProgramDto } from './dose-program.mapper';
import type { CreateDoseProgramDto } from './dose-programs.dto';
import { auditedSave } from '../../common/db/audited-save';

/** A scheduled change further ahead than this is more likely a typo in the date than a plan. */
export const MAX_SCHEDULE_AHEAD_DAYS = 90;

@Injectable()
export class DoseProgramsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly settings: ClinicSettingsService,
    private readonly idempotency: IdempotencyService,
    private readonly changes: PumpChanges,
    private readonly clock: Clock,
  ) {}

  async list(pumpId: string): Promise<DoseProgramDto[]> {
    assertUuid(pumpId, 'pump');
    const repo = this.dataSource.getRepository(DoseProgramEntity);
    if (!(await this.dataSource.getRepository(PumpEntity).existsBy({ id: pumpId }))) {
      throw new DomainError('NOT_FOUND', `No pump with id ${pumpId}`);
    }
    const rows = await repo.find({ where: { pumpId }, order: { effectiveAt: 'DESC', createdAt: 'DESC' } });
    return rows.map(toDoseProgramDto);
  }

  /**
   * What a proposal for this pump is checked against (the engine's doseChange input without the proposal), so
   * the dose form runs the very check the server will run, with the same previous dose and interruption.
   */
  async changeContext(pumpId: string, effectiveAt?: string): Promise<DoseChangeContext> {
    assertUuid(pumpId, 'pump');
    const m = this.dataSource.manager;
    const pump = await m.findOneBy(PumpEntity, { id: pumpId });
    if (!pump) throw new DomainError('NOT_FOUND', `No pump with id ${pumpId}`);
    const now = this.clock.now();
    const settings = await this.settings.get();
    return loadDoseChangeContext(m, pump, settings, now, effectiveAt ? new Date(effectiveAt) : now);
  }

  async create(
    actor: Actor,
    pumpId: string,
    dto: CreateDoseProgramDto,
    idempotencyKey?: string,
  ): Promise<DoseProgramDto> {
    const hasBasal = dto.basalDoseMcgPerDay !== undefined;
    if (hasBasal === (dto.flexSteps !== undefined)) {
      throw new DomainError('VALIDATION_FAILED', 'Send exactly one of basalDoseMcgPerDay or flexSteps', {
        errors: [{ field: 'basalDoseMcgPerDay', problems: ['exactly one of basalDoseMcgPerDay or flexSteps'] }],
      });
    }
    const result = await this.dataSource.transaction((m) =>
      this.idempotency.run(
        m,
        { userId: actor.id, route: `POST /api/pumps/${pumpId}/dose-programs`, key: idempotencyKey, body: dto },
        () => this.createIn(m, actor, pumpId, dto),
      ),
    );
    await this.changes.notify(pumpId);
    return result;
  }

  private async createIn(
    m: EntityManager,
    actor: Actor,
    pumpId: string,
    dto: CreateDoseProgramDto,
  ): Promise<DoseProgramDto> {
    // the pump row lock serialises programming sessions: "24 h since the last increase" must see every one
    const pump = await lockById(m, PumpEntity, pumpId, 'pump');
    if (pump.explantedAt) throw new DomainError('PUMP_EXPLANTED', 'This pump has been explanted');
    const now = this.clock.now();
    const effectiveAt = dto.effectiveAt ? new Date(dto.effectiveAt) : now;
    await this.assertEffectiveAt(m, pump, effectiveAt, now);

    const programmedDose = engine(() =>
      programmedDoseMcgPerDay(
        dto.flexSteps ? { flexSteps: dto.flexSteps } : { basalDoseMcgPerDay: dto.basalDoseMcgPerDay },
      ),
    );
    // Judged where it takes effect: a back-dated or scheduled program is checked against the programs around
    // its own effective time, never against "now".
    const settings = await this.settings.get(m);
    const context = await loadDoseChangeContext(m, pump, settings, now, effectiveAt);
    const assessment = engine(() =>
      assessDoseChange({
        ...context,
        proposedDoseMcgPerDay: programmedDose,
        proposedBolusDoseMcg: dto.bolusDoseMcg,
        proposedMaxBolusesPerDay: dto.maxBolusesPerDay,
        proposedEffectiveAt: effectiveAt.toISOString(),
        override: dto.override ? { reason: dto.override.reason } : null,
      }),
    );
    const check = assessment.output;
    if (!check.accepted) {
      const { nonOverridable } = assessment;
      // `code` is the engine's first code; the message and `nonOverridable` name the hard stops
      throw new DomainError(check.errors[0], refusalMessage(assessment), {
        errors: check.errors,
        nonOverridable,
        overridable: assessment.overridable,
        warnings: check.warnings,
        minOverrideReasonChars: assessment.minOverrideReasonChars,
        currentDoseMcgPerDay: context.current?.doseMcgPerDay ?? null,
        proposedDoseMcgPerDay: programmedDose,
        proposedPlanningDoseMcgPerDay: assessment.proposedPlanningDoseMcgPerDay,
        referenceDoseMcgPerDay: assessment.referenceDoseMcgPerDay,
        interruptionSince: assessment.interruptionSince,
      });
    }
    const row = await auditedSave(
      m,
      this.audit,
      actor,
      'dose-program.create',
      'dose-program',
      m.create(DoseProgramEntity, {
        pumpId,
        effectiveAt,
        basalDoseMcgPerDay: dto.flexSteps ? null : dto.basalDoseMcgPerDay!,
        flexSteps: dto.flexSteps ? dto.flexSteps.map((s) => ({ ...s })) : null,
        bolusDoseMcg: dto.bolusDoseMcg ?? null,
        maxBolusesPerDay: dto.maxBolusesPerDay ?? null,
        programmedDoseMcgPerDay: programmedDose,
        warnings: check.warnings,
        overridden: check.overridden,
        // a reason is only an override reason when something was overridden
        overrideReason: check.overridden.length ? dto.override!.reason.trim() : null,
        notes: dto.notes ?? null,
        createdBy: actor.id,
        verifiedBy: null,
        verifiedAt: null,
      }),
    );
    return toDoseProgramDto(row);
  }

  /** Scheduled changes are bounded; history before the last refill (already projected and checked) is fixed. */
  private async assertEffectiveAt(m: EntityManager, pump: PumpEntity, effectiveAt: Date, now: Date): Promise<void> {
    if (effectiveAt.getTime() > now.getTime() + MAX_SCHEDULE_AHEAD_DAYS * MS_PER_DAY) {
      throw new DomainError(
        'EFFECTIVE_AT_TOO_FAR_AHEAD',
        `A dose change can be scheduled at most ${MAX_SCHEDULE_AHEAD_DAYS} days ahead`,
      );
    }
    if (effectiveAt < pump.implantedAt) {
      throw new DomainError('EFFECTIVE_AT_BEFORE_IMPLANT', 'A dose program cannot take effect before the implant');
    }
    const last = await m.findOne(RefillEntity, { where: { pumpId: pump.id }, order: { at: 'DESC' } });
    if (last && effectiveAt < last.at) {
      throw new DomainError(
        'EFFECTIVE_AT_BEFORE_LAST_REFILL',
        `A dose program cannot take effect before the last refill (${last.at.toISOString()}): history is not rewritten`,
        { lastRefillAt: last.at.toISOString() },
      );
    }
  }

  /** Second-person verification of a dose program (docs/clinical/PROJECTION-AND-ALARMS.md §10): never by its author. */
  async verify(actor: Actor, id: string, version: number | undefined): Promise<DoseProgramDto> {
    const saved = await this.dataSource.transaction(async (m) => {
      const row = await lockById(m, DoseProgramEntity, id, 'dose program');
      if (version !== undefined) assertVersion(row.version, version);
      if (row.createdBy === actor.id) {
        throw new DomainError('VERIFIER_IS_AUTHOR', 'A second clinician, not the author, must verify a dose program');
      }
      if (row.verifiedBy) throw new DomainError('ALREADY_VERIFIED', 'This dose program is already verified');
      const before = snapshot(row);
      row.verifiedBy = actor.id;
      row.verifiedAt = this.clock.now();
      return auditedSave(m, this.audit, actor, 'dose-program.verify', 'dose-program', row, before);
    });
    await this.changes.notify(saved.pumpId);
    return toDoseProgramDto(saved);
  }
}

/** The refusal in words: which guards stopped the change and which of them a documented reason could lift. */
function refusalMessage(a: DoseChangeAssessment): string {
  const base = `Dose change refused: ${a.output.errors.join(', ')}.`;
  if (a.nonOverridable.length) return `${base} No override reason can lift ${a.nonOverridable.join(', ')}.`;
  return (
    `${base} A documented reason of at least ${a.minOverrideReasonChars} characters can override ` +
    `${a.overridable.join(', ')} if this dose is intended.`
  );
}

/** Engine input errors (e.g. FLEX_STEPS_NOT_24H) become 422s with the engine's code. */
function engine<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isEngineError(e)) throw new DomainError(e.code, e.message);
    throw e;
  }
}
