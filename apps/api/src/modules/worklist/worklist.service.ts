import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CalendarAppointmentDto,
  PatientRef,
  RefillCalendarDayDto,
  RefillCalendarDto,
  RefillWorklistItemDto,
} from '@pumpwatch/contracts';
import { addCalendarDays, clinicInstant, localDate, proposedRefillSlot, type StatusOutput } from '@pumpwatch/domain';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { DomainError } from '../../common/errors/domain-error';
import { ClinicSettingsService, type ClinicSettings } from '../clinic-settings/clinic-settings.service';
import { ProjectionService } from '../projection/projection.service';
import type { PumpContext } from '../projection/pump-context';

const WORKLIST_DEFAULT_DAYS = 14;

interface PatientRow {
  id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  high_risk: boolean;
}

const ref = (p: PatientRow): PatientRef => ({
  id: p.id,
  mrn: p.mrn,
  givenName: p.given_name,
  familyName: p.family_name,
});

/** Refill planning: which pumps need a refill when, and the clinic days to book them on. */
@Injectable()
export class WorklistService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projection: ProjectionService,
    private readonly settings: ClinicSettingsService,
    private readonly clock: Clock,
  ) {}

  /** Pumps due in [from, to] or overdue, by due date (then family name); dates are clinic-local. */
  async refills(q: { from?: string; to?: string }): Promise<RefillWorklistItemDto[]> {
    const settings = await this.settings.get();
    const today = localDate(this.clock.now().getTime(), settings.timeZone);
    const to = q.to ?? addCalendarDays(today, WORKLIST_DEFAULT_DAYS);
    if (q.from && q.from > to) throw new DomainError('BAD_REQUEST', '`from` must not be after `to`');
    // overdue pumps are listed whatever the range
    return this.allDue(settings, today, (due) => today > due || ((!q.from || due >= q.from) && due <= to));
  }

  /** A month of booked refill appointments and proposed slots for pumps not yet booked. */
  async calendar(month: string): Promise<RefillCalendarDto> {
    const settings = await this.settings.get();
    const tz = settings.timeZone;
    const today = localDate(this.clock.now().getTime(), tz);
    const first = `${month}-01`;
    const next = addCalendarDays(addCalendarDays(first, 27), 5).slice(0, 7) + '-01';
    const days: RefillCalendarDayDto[] = [];
    const byDate = new Map<string, RefillCalendarDayDto>();
    for (let d = first; d < next; d = addCalendarDays(d, 1)) {
      const day = { date: d, booked: [], proposed: [] };
      days.push(day);
      byDate.set(d, day);
    }

    const appts = (await this.dataSource.query(
      `SELECT a.id, a.pump_id, a.at, a.kind, a.status, a.refill_id, a.notes, a.created_by, a.created_at,
              a.updated_at, a.version,
              pt.id AS patient_id, pt.mrn, pt.given_name, pt.family_name, pt.high_risk
         FROM appointments a JOIN pumps p ON p.id = a.pump_id JOIN patients pt ON pt.id = p.patient_id
        WHERE a.status <> 'cancelled' AND a.at >= $1 AND a.at < $2
        ORDER BY a.at, a.id`,
      [clinicInstant(first, '00:00', tz), clinicInstant(next, '00:00', tz)],
    )) as (PatientRow & Record<string, never>)[];
    for (const a of appts) {
      const item: CalendarAppointmentDto = {
        id: a.id,
        pumpId: a.pump_id,
        at: (a.at as Date).toISOString(),
        kind: a.kind,
        status: a.status,
        refillId: a.refill_id,
        notes: a.notes,
        createdBy: a.created_by,
        createdAt: (a.created_at as Date).toISOString(),
        updatedAt: (a.updated_at as Date).toISOString(),
        version: a.version,
        patient: ref({ ...a, id: a.patient_id }),
        highRisk: a.high_risk,
      };
      byDate.get(localDate((a.at as Date).getTime(), tz))?.booked.push(item);
    }

    for (const item of await this.allDue(settings, today)) {
      if (item.nextAppointmentAt || !item.proposedSlot) continue;
      byDate.get(localDate(Date.parse(item.proposedSlot), tz))?.proposed.push(item);
    }
    return { month, timeZone: tz, days };
  }

  /**
   * Every projectable pump whose due date passes `keep`, with its proposed slot (set-based: cached contexts +
   * one patient query). Due dates come from the projection cache (recomputed only for pumps whose records or
   * settings changed); the engine runs with `now`, and patient rows and proposed slots are built, only for the
   * pumps kept.
   */
  private async allDue(
    settings: ClinicSettings,
    today: string,
    keep: (refillDueDate: string) => boolean = () => true,
  ): Promise<RefillWorklistItemDto[]> {
    const now = this.clock.now();
    const contexts = await this.projection.contexts();
    const due: { ctx: PumpContext; s: StatusOutput }[] = [];
    for (const ctx of contexts) {
      // the cached due date filters; the engine runs with this request's `now` only for the pumps returned
      const d = this.projection.dueOf(ctx, now, settings);
      if (!d || !keep(d.refillDueDate)) continue;
      const s = this.projection.statusOf(ctx, now, settings);
      if (s) due.push({ ctx, s });
    }
    if (!due.length) return [];
    // the slot depends only on the due date here (same day, zone and hours): many pumps share one
    const slots = new Map<string, string | null>();
    const slotFor = (dueDate: string): string | null => {
      let slot = slots.get(dueDate);
      if (slot === undefined) {
        slot = proposedRefillSlot({
          dueDate,
          today,
          timeZone: settings.timeZone,
          workingDays: settings.workingDays,
          openingTime: settings.openingTime,
        });
        slots.set(dueDate, slot);
      }
      return slot;
    };
    const items: (RefillWorklistItemDto & { sortName: string })[] = [];
    for (const { ctx, s } of due) {
      items.push({
        pumpId: ctx.pumpId,
        patient: ctx.patient,
        refillDueDate: s.refillDueDate,
        refillDueReason: s.refillDueReason,
        lowReservoirAlarmAt: s.lowReservoirAlarmAt,
        worstCaseLowReservoirAlarmAt: s.worstCaseLowReservoirAlarmAt,
        worstCaseEmptyAt: s.worstCaseEmptyAt,
        reservoirNowMl: s.reservoirNowMl,
        nextAppointmentAt: ctx.nextAppointmentAt?.toISOString() ?? null,
        // the engine's own rule: a booking at or after the worst-case alarm may come too late
        appointmentAfterWorstCaseAlarm: s.alarms.some((a) => a.code === 'APPOINTMENT_AFTER_ALARM'),
        highRisk: ctx.highRisk,
        overdue: today > s.refillDueDate,
        proposedSlot: slotFor(s.refillDueDate),
        sortName: `${ctx.patient.familyName}\u0000${ctx.patient.givenName}`,
      });
    }
    items.sort((a, b) =>
      a.refillDueDate !== b.refillDueDate
        ? a.refillDueDate < b.refillDueDate
          ? -1
          : 1
        : a.sortName < b.sortName
          ? -1
          : a.sortName > b.sortName
            ? 1
            : 0,
    );
    return items.map(({ sortName: _sortName, ...item }) => item);
  }
}
