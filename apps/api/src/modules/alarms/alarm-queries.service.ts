import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ALARM_PRIORITIES,
  type AlarmListItemDto,
  type AlarmListQuery,
  type AlarmSummaryDto,
} from '@pumpwatch/contracts';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { assertUuid } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { decodeCursor, encodeCursor, filterDigest } from '../../common/http/page-cursor';
import { ClinicSettingsService } from '../clinic-settings/clinic-settings.service';
import { ProjectionService, type ProjectionNumbers } from '../projection/projection.service';
import type { PumpContext } from '../projection/pump-context';
import type { AlarmEntity } from './alarm.entity';
import { toAlarmDto } from './alarm.mapper';

/** An alarm row with its stream cursor (updated_at in microseconds since the epoch, as text). */
export interface CursoredAlarm {
  cursor: string;
  alarm: AlarmListItemDto;
}

/** One page of the board as the HTTP body (a JSON array) and where the next page starts (null: last page). */
export interface AlarmPage {
  json: string;
  nextCursor: string | null;
}

const RESOLVED_DEFAULT_LIMIT = 500;
/** The board's order (critical first, oldest raised first, id) as the columns of the board's keyset indexes. */
const PRIORITY_RANK = `alarm_priority_rank(a.priority)`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CURSOR_LIST = 'alarms';
/** A cursor's key: [priority rank, raised_at in µs since the epoch (text), alarm id]. */
const validKey = (k: unknown[]): boolean =>
  k.length === 3 &&
  Number.isInteger(k[0]) &&
  (k[0] as number) >= 0 &&
  (k[0] as number) <= 3 &&
  typeof k[1] === 'string' &&
  /^-?\d{1,18}$/.test(k[1]) &&
  typeof k[2] === 'string' &&
  UUID.test(k[2]);

/** Alarm columns named as AlarmEntity's properties (toAlarmDto maps them), the stream cursor (updated_at in µs since the epoch, as text) and the patient's identity. */
const SELECT = `SELECT a.id, a.pump_id AS "pumpId", a.patient_id AS "patientId", a.code, a.priority, a.status,
         a.raised_at AS "raisedAt", a.updated_at AS "updatedAt", a.acknowledged_by AS "acknowledgedBy",
         a.acknowledged_at AS "acknowledgedAt", a.acknowledge_note AS "acknowledgeNote",
         a.snoozed_until AS "snoozedUntil", a.snooze_reason AS "snoozeReason", a.resolved_at AS "resolvedAt",
         a.resolved_by AS "resolvedBy", a.resolution, a.escalated, a.escalated_at AS "escalatedAt", a.details,
         a.version,
         (floor(extract(epoch from a.updated_at) * 1000000))::bigint::text AS cursor,
         pt.mrn, pt.given_name, pt.family_name, pt.high_risk
    FROM alarms a LEFT JOIN patients pt ON pt.id = a.patient_id`;

/** Milliseconds ISO text in UTC, as Date.toISOString gives for the value pg hands to JS (µs truncated). */
const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The same fields as toAlarmDto + patient + highRisk, in the same order, rendered by PostgreSQL. */
const SELECT_JSON = `SELECT a.pump_id, es.input_seq::text AS input_seq, ${PRIORITY_RANK} AS rank,
         (extract(epoch from a.raised_at) * 1000000)::int8::text AS raised_us, a.id, json_build_object(
         'id', a.id, 'pumpId', a.pump_id, 'patientId', a.patient_id, 'code', a.code, 'priority', a.priority,
         'status', a.status, 'raisedAt', ${iso('a.raised_at')}, 'updatedAt', ${iso('a.updated_at')},
         'acknowledgedBy', a.acknowledged_by, 'acknowledgedAt', ${iso('a.acknowledged_at')},
         'acknowledgeNote', a.acknowledge_note, 'snoozedUntil', ${iso('a.snoozed_until')},
         'snoozeReason', a.snooze_reason, 'resolvedAt', ${iso('a.resolved_at')}, 'resolvedBy', a.resolved_by,
         'resolution', a.resolution, 'escalated', a.escalated, 'escalatedAt', ${iso('a.escalated_at')},
         'details', a.details, 'version', a.version,
         'patient', CASE WHEN a.patient_id IS NOT NULL THEN
                      json_build_object('id', a.patient_id, 'mrn', coalesce(pt.mrn, ''),
                                        'givenName', coalesce(pt.given_name, ''),
                                        'familyName', coalesce(pt.family_name, '')) END,
         'highRisk', coalesce(pt.high_risk, false))::text AS json
    FROM alarms a LEFT JOIN patients pt ON pt.id = a.patient_id
    LEFT JOIN pump_eval_state es ON es.pump_id = a.pump_id`;

/** An AlarmEntity-shaped row plus the cursor and patient columns. */
type AlarmRow = AlarmEntity & {
  cursor: string;
  mrn: string | null;
  given_name: string | null;
  family_name: string | null;
  high_risk: boolean | null;
};

/** Read side of the alarm board: filters, ordering and the patient/projection columns each row carries. */
@Injectable()
export class AlarmQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projection: ProjectionService,
    private readonly settings: ClinicSettingsService,
    private readonly clock: Clock,
  ) {}

  /** Critical first, then oldest raised first (the longest-waiting alarm of a priority on top). */
  async list(q: AlarmListQuery): Promise<AlarmListItemDto[]> {
    const { where, order, params } = this.filter(q);
    return (await this.load(`${SELECT} WHERE ${where} ${order}`, params)).map((r) => r.alarm);
  }

  /**
   * `list` as the JSON text of the HTTP response, for the alarm board: PostgreSQL renders each row's alarm and
   * patient fields (the same names and values as toAlarmDto), Node appends the pump's projection numbers with
   * this request's `now`. Skips pg type parsing, Date objects and re-serialising ~1,000 rows (bench profile);
   * a test checks it equals `list`. With a limit (or the resolved history's default one) one row more than the
   * page is read to tell whether another page follows; its cursor is the last returned row's sort key.
   */
  async listJson(q: AlarmListQuery): Promise<AlarmPage> {
    const { where, order, params, limit } = this.filter(q, 1);
    const rows = (await this.dataSource.query(`${SELECT_JSON} WHERE ${where} ${order}`, params)) as {
      pump_id: string | null;
      input_seq: string | null;
      json: string;
      rank: number;
      raised_us: string;
      id: string;
    }[];
    const more = limit !== null && rows.length > limit;
    if (more) rows.length = limit;
    const last = rows.at(-1);
    const nextCursor =
      more && last ? encodeCursor(CURSOR_LIST, this.digest(q), [last.rank, last.raised_us, last.id]) : null;
    if (!rows.length) return { json: '[]', nextCursor };
    // the pumps' input_seq came with the alarms: the projection cache needs no check of its own
    const seen = new Map<string, string | null>();
    for (const r of rows) if (r.pump_id !== null) seen.set(r.pump_id, r.input_seq);
    const statusBy = await this.statusOfContexts(
      this.projection.contextsSeen([...seen].map(([id, input_seq]) => ({ id, input_seq }))),
    );
    const parts = rows.map(({ pump_id, json }) => {
      const s = pump_id === null ? null : (statusBy.get(pump_id) ?? null);
      return (
        `${json.slice(0, -1)},"reservoirNowMl":${JSON.stringify(s?.reservoirNowMl ?? null)}` +
        `,"lowReservoirAlarmAt":${JSON.stringify(s?.lowReservoirAlarmAt ?? null)}` +
        `,"projectedEmptyAt":${JSON.stringify(s?.projectedEmptyAt ?? null)}` +
        `,"worstCaseLowReservoirAlarmAt":${JSON.stringify(s?.worstCaseLowReservoirAlarmAt ?? null)}` +
        `,"worstCaseEmptyAt":${JSON.stringify(s?.worstCaseEmptyAt ?? null)}` +
        `,"refillDueDate":${JSON.stringify(s?.refillDueDate ?? null)}}`
      );
    });
    return { json: `[${parts.join(',')}]`, nextCursor };
  }

  /** How many alarms match the filters (limit and cursor ignored), in all and per priority. */
  async summary(q: AlarmListQuery): Promise<AlarmSummaryDto> {
    const { where, params } = this.conditions({ ...q, cursor: undefined });
    const rows = (await this.dataSource.query(
      `SELECT a.priority, count(*)::int AS n FROM alarms a WHERE ${where} GROUP BY a.priority`,
      params,
    )) as { priority: string; n: number }[];
    const byPriority = Object.fromEntries(ALARM_PRIORITIES.map((p) => [p, 0])) as AlarmSummaryDto['byPriority'];
    let total = 0;
    for (const r of rows) {
      if (r.priority in byPriority) byPriority[r.priority as keyof typeof byPriority] = r.n;
      total += r.n;
    }
    return { total, byPriority };
  }

  /** The filters a cursor is bound to (not limit: a client may change its page size between pages). */
  private digest(q: AlarmListQuery): string {
    return filterDigest([q.status ?? 'active', q.priority, q.code, q.patientId, q.pumpId]);
  }

  /** WHERE of a list query (filters, and the cursor's keyset condition), with its parameters. */
  private conditions(q: AlarmListQuery): { where: string; params: unknown[]; status: string } {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      let out = sql;
      for (const value of values) {
        params.push(value);
        out = out.replace('?', `$${params.length}`);
      }
      where.push(out);
    };
    const status = q.status ?? 'active';
    if (status === 'active') where.push(`a.status <> 'resolved'`);
    else add('a.status = ?', status);
    if (q.priority) add('a.priority = ?', q.priority);
    if (q.code) add('a.code = ?', q.code);
    if (q.patientId) add('a.patient_id = ?::uuid', q.patientId);
    if (q.pumpId) add('a.pump_id = ?::uuid', q.pumpId);
    if (q.cursor !== undefined) {
      const [rank, raisedUs, id] = decodeCursor(q.cursor, CURSOR_LIST, this.digest(q), validKey);
      // a row comparison on the index's own columns: an index range scan that starts right after the cursor
      add(
        `(${PRIORITY_RANK}, a.raised_at, a.id) > (?::int, 'epoch'::timestamptz + ?::bigint * interval '1 microsecond', ?::uuid)`,
        rank,
        raisedUs,
        id,
      );
    }
    return { where: where.join(' AND '), params, status };
  }

  /**
   * WHERE, ORDER BY and LIMIT of a list query, with its parameters; `extra` more rows than the limit are read
   * (one tells whether another page follows).
   */
  private filter(
    q: AlarmListQuery,
    extra = 0,
  ): { where: string; order: string; params: unknown[]; limit: number | null } {
    const { where, params, status } = this.conditions(q);
    // Unresolved alarms are never cut off by default: an alarm past a page limit would be an alarm nobody sees.
    // Resolved history (unbounded over the years) defaults to the first RESOLVED_DEFAULT_LIMIT by the same order,
    // with a next-page cursor for the rest.
    const limit = q.limit ?? (status === 'resolved' ? RESOLVED_DEFAULT_LIMIT : null);
    if (limit !== null) params.push(limit + extra);
    const order = `ORDER BY ${PRIORITY_RANK}, a.raised_at, a.id${limit !== null ? ` LIMIT $${params.length}` : ''}`;
    return { where, order, params, limit };
  }

  /** Projection numbers per pump with this request's `now` (contexts from the projection cache). */
  private statusByPump(pumpIds: (string | null)[]): Promise<Map<string, ProjectionNumbers | null>> {
    // clinic-wide alarms have no pump and so no projection
    const ids = [...new Set(pumpIds)].filter((id): id is string => id !== null);
    return this.statusOfContexts(this.projection.contexts(ids));
  }

  private async statusOfContexts(loading: Promise<PumpContext[]>): Promise<Map<string, ProjectionNumbers | null>> {
    const [contexts, settings] = await Promise.all([loading, this.settings.get()]);
    const now = this.clock.now();
    return new Map(contexts.map((c) => [c.pumpId, this.projection.numbersOf(c, now, settings)]));
  }

  async get(id: string): Promise<AlarmListItemDto> {
    assertUuid(id, 'alarm');
    const [row] = await this.byIds([id]);
    if (!row) throw new DomainError('NOT_FOUND', `No alarm with id ${id}`);
    return row.alarm;
  }

  byIds(ids: string[]): Promise<CursoredAlarm[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.load(`${SELECT} WHERE a.id = ANY($1::uuid[]) ORDER BY a.updated_at`, [ids]);
  }

  /** Changes after a stream cursor, oldest first (for reconnecting clients). */
  changedSince(cursorMicros: bigint, limit = 2000): Promise<CursoredAlarm[]> {
    return this.load(
      `${SELECT} WHERE a.updated_at > to_timestamp($1::double precision / 1000000) ORDER BY a.updated_at LIMIT $2`,
      [cursorMicros.toString(), limit],
    );
  }

  /**
   * One statement for the alarms and their patients, then the pumps' projection numbers from the projection
   * cache (only pumps whose records changed are reloaded) and the engine with `now`.
   */
  private async load(sql: string, params: unknown[]): Promise<CursoredAlarm[]> {
    const rows = (await this.dataSource.query(sql, params)) as AlarmRow[];
    if (!rows.length) return [];
    const statusBy = await this.statusByPump(rows.map((r) => r.pumpId));
    return rows.map((row) => {
      const s = row.pumpId === null ? null : (statusBy.get(row.pumpId) ?? null);
      // properties set on the mapped object: a `{ ...dto, … }` spread per row took ~10 µs (bench profile)
      const alarm = toAlarmDto(row) as AlarmListItemDto;
      alarm.patient =
        row.patientId === null
          ? null
          : {
              id: row.patientId,
              mrn: row.mrn ?? '',
              givenName: row.given_name ?? '',
              familyName: row.family_name ?? '',
            };
      alarm.highRisk = row.high_risk ?? false;
      alarm.reservoirNowMl = s?.reservoirNowMl ?? null;
      alarm.lowReservoirAlarmAt = s?.lowReservoirAlarmAt ?? null;
      alarm.projectedEmptyAt = s?.projectedEmptyAt ?? null;
      alarm.worstCaseLowReservoirAlarmAt = s?.worstCaseLowReservoirAlarmAt ?? null;
      alarm.worstCaseEmptyAt = s?.worstCaseEmptyAt ?? null;
      alarm.refillDueDate = s?.refillDueDate ?? null;
      return { cursor: row.cursor, alarm };
    });
  }
}
