import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PumpStatusDto } from '@pumpwatch/contracts';
import { computeStatus, isEngineError, type StatusOutput } from '@pumpwatch/domain';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { assertUuid } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { ClinicSettingsService, type ClinicSettings } from '../clinic-settings/clinic-settings.service';
import { statusInput, type PumpContext } from './pump-context';
import { loadPumpContexts } from './pump-context.loader';

/** Runs the engine for stored pumps: the single place the API turns records into clinical numbers. */
@Injectable()
export class ProjectionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: ClinicSettingsService,
    private readonly clock: Clock,
  ) {}

  /** The all-active-pumps read in flight, and the one queued behind it (see `contexts`). */
  private allInFlight: Promise<PumpContext[]> | null = null;
  private allQueued: Promise<PumpContext[]> | null = null;

  /**
   * Contexts of the given pumps, or of every pump not explanted. Concurrent all-pumps reads outside a
   * transaction are coalesced: a caller shares a load that STARTS after its call (the one in flight when it
   * arrives could miss a write committed just before), so each caller still sees every write committed
   * before it asked, while 20 concurrent worklist requests cost at most two full loads instead of 20.
   * Callers must treat the returned contexts as read-only (they may be shared).
   */
  contexts(pumpIds?: string[], manager?: EntityManager): Promise<PumpContext[]> {
    if (pumpIds || manager) return loadPumpContexts(manager ?? this.dataSource.manager, pumpIds);
    if (!this.allInFlight) return this.startAllLoad();
    this.allQueued ??= this.allInFlight
      .catch(() => undefined)
      .then(() => {
        this.allQueued = null;
        return this.startAllLoad();
      });
    return this.allQueued;
  }

  private startAllLoad(): Promise<PumpContext[]> {
    const load: Promise<PumpContext[]> = loadPumpContexts(this.dataSource.manager).finally(() => {
      if (this.allInFlight === load) this.allInFlight = null;
    });
    this.allInFlight = load;
    return load;
  }

  async context(pumpId: string, manager?: EntityManager): Promise<PumpContext> {
    assertUuid(pumpId, 'pump');
    const [ctx] = await this.contexts([pumpId], manager);
    if (!ctx) throw new DomainError('NOT_FOUND', `No pump with id ${pumpId}`);
    return ctx;
  }

  /** Engine status, or null when the pump cannot be projected (explanted, never filled, no program). */
  statusOf(ctx: PumpContext, now: Date, settings: ClinicSettings): StatusOutput | null {
    if (ctx.explantedAt) return null;
    const input = statusInput(ctx, now, settings);
    if (!input) return null;
    try {
      return computeStatus(input);
    } catch (e) {
      if (isEngineError(e)) return null;
      throw e;
    }
  }

  /** `GET /api/pumps/:id/status`: the engine's status for now plus identifiers (contract). */
  async status(pumpId: string): Promise<PumpStatusDto> {
    const ctx = await this.context(pumpId);
    const settings = await this.settings.get();
    if (ctx.explantedAt) throw new DomainError('PUMP_EXPLANTED', 'This pump has been explanted: no projection');
    if (!ctx.lastRefill) throw new DomainError('NO_REFILL_RECORDED', 'Record the initial fill to project this pump');
    const input = statusInput(ctx, this.clock.now(), settings)!;
    let out: StatusOutput;
    try {
      out = computeStatus(input);
    } catch (e) {
      if (isEngineError(e)) throw new DomainError(e.code, e.message);
      throw e;
    }
    return {
      pumpId: ctx.pumpId,
      patientId: ctx.patientId,
      concentrationMcgPerMl: ctx.lastRefill.concentrationMcgPerMl,
      lastRefillAt: ctx.lastRefill.at.toISOString(),
      nextAppointmentAt: ctx.nextAppointmentAt?.toISOString() ?? null,
      ...out,
    };
  }
}
