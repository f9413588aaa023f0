import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RefillDto } from '@pumpwatch/contracts';
import {
  checkRefill,
  isEngineError,
  isRecordInFuture,
  localDate,
  refillGuardRefusals,
  type RefillCheckOutput,
  type RefillGuardCode,
} from '@pumpwatch/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock/clock';
import { assertUuid, lockById, snapshot } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { PumpChanges } from '../../common/pump-changes';
import { AppointmentEntity } from '../appointments/appointment.entity';
import { AuditService } from '../audit/audit.service';
import { ClinicSettingsService, type ClinicSettings } from '../clinic-settings/clinic-settings.service';
import { DrugLibraryService } from '../drug-library/drug-library.service';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { statusInput, type PumpContext } from '../projection/pump-context';
import { ProjectionService } from '../projection/projection.service';
import { PumpEntity } from '../pumps/pump.entity';
import { UserEntity } from '../users/user.entity';
import { RefillEntity } from './refill.entity';
import { toRefillDto } from './refill.mapper';
import type { CreateRefillDto } from './refills.dto';
import { auditedSave } from '../../common/db/audited-save';

@Injectable()
export class RefillsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly settings: ClinicSettingsService,
    private readonly drugs: DrugLibraryService,
    private readonly projection: ProjectionService,
    private readonly idempotency: IdempotencyService,
    private readonly changes: PumpChanges,
    private readonly clock: Clock,
  ) {}

  async list(pumpId: string): Promise<RefillDto[]> {
    assertUuid(pumpId, 'pump');
    if (!(await this.dataSource.getRepository(PumpEntity).existsBy({ id: pumpId }))) {
      throw new DomainError('NOT_FOUND', `No pump with id ${pumpId}`);
    }
    const rows = await this.dataSource
      .getRepository(RefillEntity)
      .find({ where: { pumpId }, order: { at: 'DESC', createdAt: 'DESC' } });
    return rows.map(toRefillDto);
  }

  async create(actor: Actor, pumpId: string, dto: CreateRefillDto, idempotencyKey?: string): Promise<RefillDto> {
    const result = await this.dataSource.transaction((m) =>
      this.idempotency.run(
        m,
        { userId: actor.id, route: `POST /api/pumps/${pumpId}/refills`, key: idempotencyKey, body: dto },
        () => this.createIn(m, actor, pumpId, dto),
      ),
    );
    await this.changes.notify(pumpId);
    return result;
  }

  private async createIn(m: EntityManager, actor: Actor, pumpId: string, dto: CreateRefillDto): Promise<RefillDto> {
    // the pump row lock serialises refills of one pump: each is checked against the true previous one
    const pump = await lockById(m, PumpEntity, pumpId, 'pump');
    if (pump.explantedAt) throw new DomainError('PUMP_EXPLANTED', 'This pump has been explanted');
    const now = this.clock.now();
    const at = dto.at ? new Date(dto.at) : now;
    if (isRecordInFuture(at.getTime(), now.getTime())) {
      throw new DomainError('REFILL_IN_FUTURE', 'A refill cannot be recorded in the future');
    }
    if (at < pump.implantedAt) throw new DomainError('REFILL_BEFORE_IMPLANT', 'A refill cannot precede the implant');
    const ctx = await this.projection.context(pumpId, m);
    if (ctx.lastRefill && at < ctx.lastRefill.at) {
      throw new DomainError(
        'REFILL_BEFORE_PREVIOUS',
        `A refill cannot precede the previous one (${ctx.lastRefill.at.toISOString()})`,
        { previousRefillAt: ctx.lastRefill.at.toISOString() },
      );
    }
    const settings = await this.settings.get(m);
    const library = await this.drugs.active(m);
    const initialFill = !ctx.lastRefill;
    const check = runCheck(ctx, at, dto, settings, library);

    if (check.errors.length) {
      throw new DomainError(check.errors[0], `Refill refused: ${check.errors.join(', ')}`, {
        errors: check.errors,
        warnings: check.warnings,
        ...(initialFill
          ? {}
          : {
              expectedResidualMl: check.expectedResidualMl,
              discrepancyMl: check.discrepancyMl,
              discrepancy: check.discrepancy,
            }),
      });
    }
    await this.assertSecondChecker(m, actor, dto.secondCheckerId);
    assertRefillGuards(check, dto, initialFill, ctx.lastRefill?.concentrationMcgPerMl);
    if (dto.lotExpiry && dto.lotExpiry < localDate(at.getTime(), settings.timeZone)) {
      throw new DomainError('LOT_EXPIRED', `The drug lot expired on ${dto.lotExpiry}`);
    }

    // several products may share a strength: the shortest stability limit is the safe one
    const entry = library
      .filter((e) => e.concentrationMcgPerMl === dto.concentrationMcgPerMl && !e.screeningOnly)
      .sort((a, b) => a.maxRefillIntervalDays - b.maxRefillIntervalDays)[0];
    const row = await auditedSave(
      m,
      this.audit,
      actor,
      'refill.create',
      'refill',
      m.create(RefillEntity, {
        pumpId,
        at,
        actualResidualMl: dto.actualResidualMl,
        volumeAddedMl: dto.volumeAddedMl,
        concentrationMcgPerMl: dto.concentrationMcgPerMl,
        programmedConcentrationMcgPerMl: dto.programmedConcentrationMcgPerMl,
        needlePositionConfirmed: dto.needlePositionConfirmed,
        drugLibraryId: entry?.id ?? null,
        // the entry's stability limit: the engine's lastRefill.beyondUseDays (DRUG_STABILITY due date)
        beyondUseDays: entry?.maxRefillIntervalDays ?? null,
        // the initial fill has no previous fill to compare with: no expected residual, no discrepancy
        expectedResidualMl: initialFill ? null : check.expectedResidualMl,
        expectedDeliveredMl: initialFill ? null : check.expectedDeliveredMl,
        discrepancyMl: initialFill ? null : check.discrepancyMl,
        discrepancyPct: initialFill ? null : check.discrepancyPct,
        discrepancyThresholdMl: initialFill ? null : check.discrepancyThresholdMl,
        discrepancy: initialFill ? 'NONE' : check.discrepancy,
        initialFill,
        warnings: check.warnings,
        secondCheckerId: dto.secondCheckerId,
        measuredRateFactor: initialFill ? null : check.measuredRateFactor,
        discrepancyAcknowledged: !initialFill && check.discrepancy !== 'NONE',
        lotNumber: dto.lotNumber ?? null,
        lotExpiry: dto.lotExpiry ?? null,
        bridgeBolusMcg: dto.bridgeBolusMcg ?? null,
        notes: dto.notes ?? null,
        recordedBy: actor.id,
      }),
    );
    await this.completeBookedAppointment(m, actor, pumpId, row.id);
    return toRefillDto(row);
  }

  /** Four-eyes check: every refill names an active nurse or physician who is not the recorder. */
  private async assertSecondChecker(m: EntityManager, actor: Actor, id: string | null | undefined): Promise<void> {
    if (id === undefined || id === null) {
      throw new DomainError(
        'SECOND_CHECKER_REQUIRED',
        'A second nurse or physician must check the drug, concentration, volume and pump programming: ' +
          'choose who checked this refill',
      );
    }
    const user = await m.findOneBy(UserEntity, { id });
    if (!user || !user.active || !['nurse', 'physician'].includes(user.role) || user.id === actor.id) {
      throw new DomainError(
        'SECOND_CHECKER_INVALID',
        'The second checker must be an active nurse or physician other than the person recording the refill',
      );
    }
  }

  /** A recorded refill completes the pump's next booked refill appointment (the earliest booked one). */
  private async completeBookedAppointment(m: EntityManager, actor: Actor, pumpId: string, refillId: string) {
    const appt = await m.findOne(AppointmentEntity, {
      where: { pumpId, status: 'booked' },
      order: { at: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    if (!appt) return;
    const before = snapshot(appt);
    appt.status = 'completed';
    appt.refillId = refillId;
    await auditedSave(m, this.audit, actor, 'appointment.complete', 'appointment', appt, before);
  }
}

/**
 * The engine's refill guards (a concentration change needs a bridge bolus and the nurse's confirmation; a
 * discrepancy stops the refill until acknowledged), refused with the first failing guard in words for the nurse.
 */
function assertRefillGuards(
  check: RefillCheckOutput,
  dto: CreateRefillDto,
  initialFill: boolean,
  previousConcentrationMcgPerMl: number | undefined,
): void {
  const [refusal] = refillGuardRefusals({
    warnings: check.warnings,
    discrepancy: check.discrepancy,
    initialFill,
    bridgeBolusMcg: dto.bridgeBolusMcg,
    concentrationChangeConfirmed: dto.concentrationChangeConfirmed,
    discrepancyAcknowledged: dto.discrepancyAcknowledged,
  });
  if (refusal) throw refillGuardError(refusal, check, dto, previousConcentrationMcgPerMl);
}

function refillGuardError(
  code: RefillGuardCode,
  check: RefillCheckOutput,
  dto: CreateRefillDto,
  previousConcentrationMcgPerMl: number | undefined,
): DomainError {
  const concentration = { warnings: check.warnings, previousConcentrationMcgPerMl };
  switch (code) {
    case 'BRIDGE_BOLUS_MISSING':
      return new DomainError(
        code,
        `The concentration changes from ${previousConcentrationMcgPerMl} to ${dto.concentrationMcgPerMl} mcg/mL: ` +
          'the catheter still holds the old drug. Program a bridge bolus and enter its dose (more than 0 mcg).',
        { errors: [code], ...concentration },
      );
    case 'CONCENTRATION_CHANGE_UNCONFIRMED':
      return new DomainError(
        code,
        'The concentration differs from the last refill: confirm that the bridge bolus is programmed and documented ' +
          'and that the daily dose was re-confirmed at the new concentration (concentrationChangeConfirmed: true)',
        { errors: [code], ...concentration },
      );
    case 'DISCREPANCY_NOT_ACKNOWLEDGED': {
      const less = check.discrepancy === 'SUSPECTED_OVER_INFUSION';
      return new DomainError(
        code,
        `Stop before filling: ${Math.abs(check.discrepancyMl)} mL ${less ? 'less' : 'more'} was aspirated than ` +
          `expected (${check.expectedResidualMl} mL expected). Aspirate again to empty the reservoir, confirm the ` +
          'needle is in the reservoir (not the pocket) and inform the physician, then confirm that you did.',
        {
          errors: [code],
          discrepancy: check.discrepancy,
          expectedResidualMl: check.expectedResidualMl,
          discrepancyMl: check.discrepancyMl,
          discrepancyThresholdMl: check.discrepancyThresholdMl,
        },
      );
    }
  }
}

/**
 * The engine's refill check. The initial fill has no previous fill: it is checked against an empty reservoir
 * at the same instant (no discrepancy can arise), so the fill, library, volume, concentration and needle
 * checks still run; a pump without a dose program in force gets the engine's NO_DOSE_PROGRAM.
 */
function runCheck(
  ctx: PumpContext,
  at: Date,
  dto: CreateRefillDto,
  settings: ClinicSettings,
  library: { concentrationMcgPerMl: number; screeningOnly: boolean }[],
): RefillCheckOutput {
  const base = ctx.lastRefill
    ? ctx
    : {
        ...ctx,
        lastRefill: {
          id: '',
          at,
          volumeAddedMl: 0,
          concentrationMcgPerMl: dto.concentrationMcgPerMl,
          beyondUseDays: null,
          measuredRateFactor: null,
        },
      };
  const input = statusInput(base, at, settings)!;
  try {
    return checkRefill({
      kind: 'refill',
      timeZone: input.timeZone,
      pump: input.pump,
      lastRefill: input.lastRefill,
      dosePrograms: input.dosePrograms,
      policy: input.policy,
      drugLibrary: library.map((e) => ({
        concentrationMcgPerMl: e.concentrationMcgPerMl,
        screeningOnly: e.screeningOnly,
      })),
      refill: {
        at: at.toISOString(),
        actualResidualMl: dto.actualResidualMl,
        volumeAddedMl: dto.volumeAddedMl,
        concentrationMcgPerMl: dto.concentrationMcgPerMl,
        programmedConcentrationMcgPerMl: dto.programmedConcentrationMcgPerMl,
        needlePositionConfirmed: dto.needlePositionConfirmed,
      },
    });
  } catch (e) {
    if (isEngineError(e)) {
      const message =
        e.code === 'NO_DOSE_PROGRAM'
          ? 'No dose program is in force at the refill time: program the dose first'
          : e.message;
      throw new DomainError(e.code, message);
    }
    throw e;
  }
}
