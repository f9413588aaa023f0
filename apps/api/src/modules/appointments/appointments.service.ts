import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppointmentDto, AppointmentProjectionDto } from '@pumpwatch/contracts';
import { computeStatus, isEngineError, type Alarm, type StatusOutput } from '@pumpwatch/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock/clock';
import { assertUuid, assertVersion, lockById, snapshot } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { PumpChanges } from '../../common/pump-changes';
import { AuditService } from '../audit/audit.service';
import { ClinicSettingsService } from '../clinic-settings/clinic-settings.service';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { statusInput } from '../projection/pump-context';
import { ProjectionService } from '../projection/projection.service';
import { PumpEntity } from '../pumps/pump.entity';
import { AppointmentEntity } from './appointment.entity';
import { toAppointmentDto } from './appointment.mapper';
import type { CreateAppointmentDto, ListAppointmentsQuery, UpdateAppointmentDto } from './appointments.dto';
import { auditedSave } from '../../common/db/audited-save';

/**
 * The projection alarms that judge a booking's date (engine `status` alarms, docs/clinical/PROJECTION-AND-ALARMS.md
 * §6).
 */
const BOOKING_ALARMS = new Set(['APPOINTMENT_AFTER_ALARM', 'APPOINTMENT_AFTER_DUE_DATE']);
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const LIST_LIMIT = 2000;

@Injectable()
export class AppointmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly settings: ClinicSettingsService,
    private readonly projection: ProjectionService,
    private readonly idempotency: IdempotencyService,
    private readonly changes: PumpChanges,
    private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<AppointmentDto> {
    assertUuid(id, 'appointment');
    const row = await this.dataSource.getRepository(AppointmentEntity).findOneBy({ id });
    if (!row) throw new DomainError('NOT_FOUND', `No appointment with id ${id}`);
    return toAppointmentDto(row);
  }

  /** `from`/`to` as instants (`to` exclusive) or as clinic-local dates (both inclusive). */
  async list(q: ListAppointmentsQuery): Promise<AppointmentDto[]> {
    const qb = this.dataSource.getRepository(AppointmentEntity).createQueryBuilder('a');
    const { timeZone } = await this.settings.get();
    if (q.pumpId) qb.andWhere('a.pump_id = :pumpId', { pumpId: q.pumpId });
    if (q.status) qb.andWhere('a.status = :status', { status: q.status });
    if (q.from) {
      if (DATE_ONLY.test(q.from))
        qb.andWhere('(a.at AT TIME ZONE :tz)::date >= :fromDate', { tz: timeZone, fromDate: q.from });
      else qb.andWhere('a.at >= :from', { from: new Date(q.from) });
    }
    if (q.to) {
      if (DATE_ONLY.test(q.to)) qb.andWhere('(a.at AT TIME ZONE :tz)::date <= :toDate', { tz: timeZone, toDate: q.to });
      else qb.andWhere('a.at < :to', { to: new Date(q.to) });
    }
    const rows = await qb.orderBy('a.at', 'ASC').addOrderBy('a.created_at', 'ASC').take(LIST_LIMIT).getMany();
    return rows.map(toAppointmentDto);
  }

  async create(actor: Actor, dto: CreateAppointmentDto, idempotencyKey?: string): Promise<AppointmentDto> {
    const result = await this.dataSource.transaction((m) =>
      this.idempotency.run(
        m,
        { userId: actor.id, route: 'POST /api/appointments', key: idempotencyKey, body: dto },
        () => this.createIn(m, actor, dto),
      ),
    );
    await this.changes.notify(dto.pumpId);
    return result;
  }

  private async createIn(m: EntityManager, actor: Actor, dto: CreateAppointmentDto): Promise<AppointmentDto> {
    // the pump row lock serialises bookings: at most one booked refill appointment per pump
    const pump = await lockById(m, PumpEntity, dto.pumpId, 'pump');
    if (pump.explantedAt) throw new DomainError('PUMP_EXPLANTED', 'This pump has been explanted');
    const now = this.clock.now();
    const at = new Date(dto.at);
    if (at < now) throw new DomainError('APPOINTMENT_IN_PAST', 'An appointment cannot be booked in the past');
    const booked = await m.findOneBy(AppointmentEntity, { pumpId: dto.pumpId, status: 'booked' });
    if (booked) {
      throw new DomainError(
        'APPOINTMENT_ALREADY_BOOKED',
        'This pump already has a booked refill appointment: cancel it (or mark it missed) first',
        { appointmentId: booked.id, at: booked.at.toISOString() },
      );
    }
    const row = await auditedSave(
      m,
      this.audit,
      actor,
      'appointment.create',
      'appointment',
      m.create(AppointmentEntity, {
        pumpId: dto.pumpId,
        at,
        kind: 'refill',
        status: 'booked',
        refillId: null,
        notes: dto.notes ?? null,
        createdBy: actor.id,
      }),
    );
    const status = await this.projectBooking(m, dto.pumpId, at, now);
    return {
      ...toAppointmentDto(row),
      alarms: (status?.alarms ?? []).filter((a: Alarm) => BOOKING_ALARMS.has(a.code)),
      projection: status ? projectionOf(status) : null,
    };
  }

  /** The engine's status for now with this booking as the next appointment (null: pump not projectable). */
  private async projectBooking(m: EntityManager, pumpId: string, at: Date, now: Date): Promise<StatusOutput | null> {
    const ctx = await this.projection.context(pumpId, m);
    const input = statusInput({ ...ctx, nextAppointmentAt: at }, now, await this.settings.get(m));
    if (!input) return null;
    try {
      return computeStatus(input);
    } catch (e) {
      if (isEngineError(e)) return null;
      throw e;
    }
  }

  async update(actor: Actor, id: string, dto: UpdateAppointmentDto): Promise<AppointmentDto> {
    const saved = await this.dataSource.transaction(async (m) => {
      const row = await lockById(m, AppointmentEntity, id, 'appointment');
      assertVersion(row.version, dto.version);
      if (row.status !== 'booked') {
        throw new DomainError(
          'APPOINTMENT_NOT_BOOKED',
          `Only a booked appointment can change (this one is ${row.status})`,
        );
      }
      if (dto.status === 'missed' && row.at > this.clock.now()) {
        throw new DomainError(
          'APPOINTMENT_NOT_YET_DUE',
          'An appointment can be marked missed only once its time has passed',
        );
      }
      const before = snapshot(row);
      row.status = dto.status;
      if (dto.notes !== undefined) row.notes = dto.notes;
      const action = `appointment.${dto.status === 'cancelled' ? 'cancel' : 'miss'}`;
      return auditedSave(m, this.audit, actor, action, 'appointment', row, before);
    });
    await this.changes.notify(saved.pumpId);
    return toAppointmentDto(saved);
  }
}

function projectionOf(s: StatusOutput): AppointmentProjectionDto {
  return {
    refillDueDate: s.refillDueDate,
    refillDueReason: s.refillDueReason,
    lowReservoirAlarmAt: s.lowReservoirAlarmAt,
    worstCaseLowReservoirAlarmAt: s.worstCaseLowReservoirAlarmAt,
  };
}
