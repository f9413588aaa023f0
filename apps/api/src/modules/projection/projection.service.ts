import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PumpStatusDto } from '@pumpwatch/contracts';
import {
  computeStatus,
  isEngineError,
  reservoirNowMl,
  statusFromModel,
  statusProjection,
  validateStatusInput,
  type StatusModel,
  type StatusOutput,
  type StatusProjection,
} from '@pumpwatch/domain';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { assertUuid } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { ClinicSettingsService, type ClinicSettings } from '../clinic-settings/clinic-settings.service';
import { ContextCache } from './context-cache';
import { statusInput, type PumpContext } from './pump-context';
import { loadPumpContexts } from './pump-context.loader';

/** The parts of a pump's status that do not depend on `now` (only on its records and the clinic settings). */
export interface DueProjection {
  refillDueDate: string;
}

/** The projection numbers the alarm board shows for a pump, as the engine's status gives them at `now`. */
export type ProjectionNumbers = Pick<
  StatusOutput,
  | 'reservoirNowMl'
  | 'lowReservoirAlarmAt'
  | 'projectedEmptyAt'
  | 'worstCaseLowReservoirAlarmAt'
  | 'worstCaseEmptyAt'
  | 'refillDueDate'
>;

/** What is kept per context object and settings version; only `now` differs between requests. */
interface ModelEntry {
  settingsVersion: number;
  model: StatusModel;
  due?: DueProjection | null;
  /** The engine's now-independent part (projection, instants, due date); null when it refuses the pump. */
  projection?: StatusProjection | null;
}

/** Runs the engine for stored pumps: the single place the API turns records into clinical numbers. */
@Injectable()
export class ProjectionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: ClinicSettingsService,
    private readonly clock: Clock,
  ) {}

  private readonly cache = new ContextCache();
  /** Per context object (replaced when its pump changes): engine model and due date under a settings version. */
  private readonly byContext = new WeakMap<PumpContext, ModelEntry>();

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
    // inside a transaction: read what that transaction sees, never a shared cache
    if (manager) return loadPumpContexts(manager, pumpIds);
    if (pumpIds) return this.cache.load(this.dataSource.manager, pumpIds);
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
    const load: Promise<PumpContext[]> = this.cache.load(this.dataSource.manager).finally(() => {
      if (this.allInFlight === load) this.allInFlight = null;
    });
    this.allInFlight = load;
    return load;
  }

  /**
   * Contexts of pumps whose input_seq the caller read in its own statement (the board reads them with its alarms):
   * the cache check costs no round trip of its own.
   */
  contextsSeen(seen: { id: string; input_seq: string | null }[]): Promise<PumpContext[]> {
    return this.cache.loadSeen(this.dataSource.manager, seen);
  }

  /** One pump, read directly (one statement: cheaper than a cache check plus a load). */
  async context(pumpId: string, manager?: EntityManager): Promise<PumpContext> {
    assertUuid(pumpId, 'pump');
    const [ctx] = await loadPumpContexts(manager ?? this.dataSource.manager, [pumpId]);
    if (!ctx) throw new DomainError('NOT_FOUND', `No pump with id ${pumpId}`);
    return ctx;
  }

  /** Engine status, or null when the pump cannot be projected (explanted, never filled, no program). */
  statusOf(ctx: PumpContext, now: Date, settings: ClinicSettings): StatusOutput | null {
    const entry = this.entryAt(ctx, now, settings);
    if (!entry) return null;
    try {
      // statusFromModel is synchronous and keeps no reference: setting `now` on the cached model is safe
      return statusFromModel(entry.model, entry.projection!);
    } catch (e) {
      if (isEngineError(e)) return null;
      throw e;
    }
  }

  /**
   * The alarm board's projection numbers: null exactly when statusOf is. Only the reservoir volume depends on
   * `now`; the instants and the due date come from the projection kept with the model (the engine's full status,
   * alarms included, per row was the board's largest CPU and allocation cost: bench profile).
   */
  numbersOf(ctx: PumpContext, now: Date, settings: ClinicSettings): ProjectionNumbers | null {
    const entry = this.entryAt(ctx, now, settings);
    if (!entry) return null;
    const p = entry.projection!;
    return {
      reservoirNowMl: reservoirNowMl(entry.model, p),
      lowReservoirAlarmAt: p.lowReservoirAlarmAt,
      projectedEmptyAt: p.projectedEmptyAt,
      worstCaseLowReservoirAlarmAt: p.worstCaseLowReservoirAlarmAt,
      worstCaseEmptyAt: p.worstCaseEmptyAt,
      refillDueDate: p.due.refillDueDate,
    };
  }

  /**
   * The cached model (its `now` set) and projection of a projectable pump at `now`; null when the pump cannot be
   * projected, as the engine's status would say (explanted, never filled, invalid input, no program in force).
   */
  private entryAt(ctx: PumpContext, now: Date, settings: ClinicSettings): ModelEntry | null {
    if (ctx.explantedAt) return null;
    const entry = this.modelOf(ctx, now, settings);
    // the one check validation makes against `now` (INVALID_INPUT there): the model was validated at another now
    if (!entry || now.getTime() < entry.model.lastRefillAtMs) return null;
    if (entry.projection === undefined) {
      try {
        entry.projection = statusProjection(entry.model);
      } catch (e) {
        if (!isEngineError(e)) throw e;
        entry.projection = null; // NO_DOSE_PROGRAM does not depend on `now`: kept
      }
    }
    if (entry.projection === null) return null;
    entry.model.nowMs = now.getTime();
    return entry;
  }

  /**
   * The validated engine model of a context under a settings version, made once: building and validating the
   * input was most of the cost of a status (bench profile), and only `now` differs between requests.
   * Failures are not cached (one may come from `now` itself).
   */
  private modelOf(ctx: PumpContext, now: Date, settings: ClinicSettings): ModelEntry | null {
    const hit = this.byContext.get(ctx);
    if (hit && hit.settingsVersion === settings.version) return hit;
    const input = statusInput(ctx, now, settings);
    if (!input) return null;
    let model: StatusModel;
    try {
      model = validateStatusInput(input);
    } catch (e) {
      if (isEngineError(e)) return null;
      throw e;
    }
    const entry: ModelEntry = { settingsVersion: settings.version, model };
    this.byContext.set(ctx, entry);
    return entry;
  }

  /**
   * The due date, computed once per context and settings version: the projection and the due date do not
   * depend on `now` (callers still run `statusOf` with their `now` for the pumps they return).
   */
  dueOf(ctx: PumpContext, now: Date, settings: ClinicSettings): DueProjection | null {
    const hit = this.byContext.get(ctx);
    if (hit?.due !== undefined && hit.settingsVersion === settings.version) return hit.due;
    const projected = this.entryAt(ctx, now, settings)?.projection;
    const due = projected ? { refillDueDate: projected.due.refillDueDate } : null;
    const entry = this.byContext.get(ctx);
    if (entry && entry.settingsVersion === settings.version) entry.due = due;
    return due;
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
