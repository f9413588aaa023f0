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
import { decodeCursor, encodeCursor, filterDigest } from '../../common/http/page-cursor';
import { ClinicSettingsService, type ClinicSettings } from '../clinic-settings/clinic-settings.service';
import { ProjectionService } from '../projection/projection.service';
import type { PumpContext } from '../projection/pump-context';

const WORKLIST_DEFAULT_DAYS = 14;
const CURSOR_LIST = 'worklist';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A due pump with its place in the worklist: overdue first, then by due date, then by patient name, then by pump
 * id (unique, so the order is total and a cursor never lands between equal keys). Overdue is the due date seen
 * from today, so this is the contract's due-date order made total.
 */
interface DueEntry {
  ctx: PumpContext;
  overdue: boolean;
  refillDueDate: string;
  sortName: string;
  pumpId: string;
}

type SortKey = Omit<DueEntry, 'ctx'>;

const compareKeys = (a: SortKey, b: SortKey): number =>
  a.overdue !== b.overdue
    ? a.overdue
      ? -1
      : 1
    : a.refillDueDate !== b.refillDueDate
      ? a.refillDueDate < b.refillDueDate
        ? -1
        : 1
      : a.sortName !== b.sortName
        ? a.sortName < b.sortName
          ? -1
          : 1
        : a.pumpId < b.pumpId
          ? -1
          : a.pumpId > b.pumpId
            ? 1
            : 0;

const sortNameOf = (p: { familyName: string; givenName: string }) => `${p.familyName}\u0000${p.givenName}`;
/** Names stay out of cursors (URLs end up in proxy logs): a cursor holds a digest to notice a rename. */
const nameTag = (sortName: string) => filterDigest([sortName]);

/** One page of the worklist and what the page headers report. */
export interface RefillWorklistPage {
  items: RefillWorklistItemDto[];
  nextCursor: string | null;
  total: number;
  overdue: number;
}

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
  /** The last ordering of every due pump and what it was made from (see sortedDue). */
  private lastSorted: {
    array: PumpContext[];
    contexts: Set<PumpContext>;
    settingsVersion: number;
    today: string;
    entries: DueEntry[];
  } | null = null;
  /** The last range filtered from that ordering (see dueInRange). */
  private lastRange: {
    all: DueEntry[];
    from: string | undefined;
    to: string;
    entries: DueEntry[];
    overdue: number;
  } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projection: ProjectionService,
    private readonly settings: ClinicSettingsService,
    private readonly clock: Clock,
  ) {}

  /** Pumps due in [from, to] or overdue, by due date (then patient name, then pump); dates are clinic-local. */
  async refills(q: { from?: string; to?: string }): Promise<RefillWorklistItemDto[]> {
    return (await this.refillsPage(q)).items;
  }

  /**
   * The worklist, or one page of it (`limit` rows after `cursor`): the due pumps are filtered and ordered by
   * their cached due dates and names (no engine run), and the engine runs with `now` only for the rows returned.
   * The pages of one filter, read one after another, concatenate to the unpaged list.
   */
  async refillsPage(q: { from?: string; to?: string; limit?: number; cursor?: string }): Promise<RefillWorklistPage> {
    const settings = await this.settings.get();
    const today = localDate(this.clock.now().getTime(), settings.timeZone);
    const to = q.to ?? addCalendarDays(today, WORKLIST_DEFAULT_DAYS);
    if (q.from && q.from > to) throw new DomainError('BAD_REQUEST', '`from` must not be after `to`');
    const { entries, overdue } = await this.dueInRange(settings, today, q.from, to);
    // the cursor is bound to the range as asked (a default `to` moves with the clinic's day)
    const digest = filterDigest([q.from, q.to]);
    let start = 0;
    if (q.cursor !== undefined) start = await this.startAfter(entries, q.cursor, digest, today);
    const end = q.limit === undefined ? entries.length : Math.min(entries.length, start + q.limit);
    const last = entries[end - 1];
    const nextCursor =
      end < entries.length && last
        ? encodeCursor(CURSOR_LIST, digest, [last.refillDueDate, last.ctx.pumpId, nameTag(last.sortName)])
        : null;
    return {
      items: this.items(entries.slice(start, end), settings, today),
      nextCursor,
      total: entries.length,
      overdue,
    };
  }

  /**
   * Index of the first entry after a cursor's row. The row's key is rebuilt from the cursor's due date and pump
   * and the patient's current name; a name that changed since (its digest differs) or a pump that no longer
   * exists would place the cursor where the client was not: 400 INVALID_CURSOR, reload from the first page.
   */
  private async startAfter(entries: DueEntry[], cursor: string, digest: string, today: string): Promise<number> {
    const [refillDueDate, pumpId, tag] = decodeCursor(
      cursor,
      CURSOR_LIST,
      digest,
      (k) =>
        k.length === 3 &&
        typeof k[0] === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(k[0]) &&
        typeof k[1] === 'string' &&
        UUID.test(k[1]) &&
        typeof k[2] === 'string',
    ) as [string, string, string];
    const rows = (await this.dataSource.query(
      `SELECT pt.family_name, pt.given_name FROM pumps p JOIN patients pt ON pt.id = p.patient_id WHERE p.id = $1`,
      [pumpId],
    )) as { family_name: string; given_name: string }[];
    const sortName = rows[0] ? sortNameOf({ familyName: rows[0].family_name, givenName: rows[0].given_name }) : null;
    if (sortName === null || nameTag(sortName) !== tag) {
      throw new DomainError(
        'INVALID_CURSOR',
        'The worklist changed under this page cursor (a patient was renamed or a pump removed). Load it again from its first page.',
      );
    }
    const key: SortKey = { overdue: today > refillDueDate, refillDueDate, sortName, pumpId };
    // first entry ordered after the key (binary search: entries are sorted by compareKeys)
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(entries[mid]!, key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
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
   * Every projectable pump in worklist order. Due dates come from the projection cache (recomputed only for pumps
   * whose records or settings changed); nothing here runs the engine with `now`, so ordering every due pump stays
   * cheap.
   */
  private async dueEntries(settings: ClinicSettings, today: string): Promise<DueEntry[]> {
    return this.sortedDue(await this.projection.contexts(), settings, today);
  }

  /**
   * The due entries in a range (overdue ones whatever the range) and how many are overdue, kept while the ordering
   * they were filtered from is the same array: a page needs only its slice, not a pass over every due pump.
   */
  private async dueInRange(
    settings: ClinicSettings,
    today: string,
    from: string | undefined,
    to: string,
  ): Promise<{ entries: DueEntry[]; overdue: number }> {
    const all = await this.dueEntries(settings, today);
    const last = this.lastRange;
    if (last && last.all === all && last.from === from && last.to === to) return last;
    // overdue pumps are listed whatever the range
    const entries = all.filter((e) => e.overdue || ((!from || e.refillDueDate >= from) && e.refillDueDate <= to));
    const range = { all, from, to, entries, overdue: entries.filter((e) => e.overdue).length };
    this.lastRange = range;
    return range;
  }

  /**
   * Every due pump in worklist order, kept while the contexts (the cache hands back the very same objects for pumps
   * that did not change — the very same array when no pump did —, so an identical set means nothing changed), the
   * settings version and the clinic day stay the same: pages of a large clinic are read many times between changes,
   * and ordering every due pump was most of a page's cost.
   */
  private sortedDue(contexts: PumpContext[], settings: ClinicSettings, today: string): DueEntry[] {
    const last = this.lastSorted;
    if (
      last &&
      last.settingsVersion === settings.version &&
      last.today === today &&
      (last.array === contexts ||
        (last.contexts.size === contexts.length && contexts.every((ctx) => last.contexts.has(ctx))))
    ) {
      last.array = contexts;
      return last.entries;
    }
    const now = this.clock.now();
    const entries: DueEntry[] = [];
    for (const ctx of contexts) {
      const d = this.projection.dueOf(ctx, now, settings);
      if (!d) continue;
      entries.push({
        ctx,
        overdue: today > d.refillDueDate,
        refillDueDate: d.refillDueDate,
        sortName: sortNameOf(ctx.patient),
        pumpId: ctx.pumpId,
      });
    }
    entries.sort(compareKeys);
    this.lastSorted = {
      array: contexts,
      contexts: new Set(contexts),
      settingsVersion: settings.version,
      today,
      entries,
    };
    return entries;
  }

  /** Every due pump as a worklist row (the calendar's proposals). */
  private async allDue(settings: ClinicSettings, today: string): Promise<RefillWorklistItemDto[]> {
    return this.items(await this.dueEntries(settings, today), settings, today);
  }

  /**
   * Worklist rows for entries: the engine runs with this request's `now` (reservoir volume, alarm instants), and
   * the proposed slot is memoised per due date (it depends only on the due date here: same day, zone and hours).
   */
  private items(entries: DueEntry[], settings: ClinicSettings, today: string): RefillWorklistItemDto[] {
    const now = this.clock.now();
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
    const items: RefillWorklistItemDto[] = [];
    for (const { ctx } of entries) {
      const s: StatusOutput | null = this.projection.statusOf(ctx, now, settings);
      if (!s) continue;
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
      });
    }
    return items;
  }
}
