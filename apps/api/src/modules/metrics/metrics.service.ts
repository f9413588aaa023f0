import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  TRIAGE_URGENCIES,
  type AlarmCode,
  type AlarmPriority,
  type PumpModel,
  type TriageUrgency,
} from '@pumpwatch/contracts';
import { addCalendarDays, clinicInstant, localDate, type FlexStep, type StatusInput } from '@pumpwatch/domain';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { DomainError } from '../../common/errors/domain-error';
import { ClinicSettingsService } from '../clinic-settings/clinic-settings.service';
import type { QualityMetricsDto } from '@pumpwatch/contracts';
import { median, pct, refillTiming, round1, type RefillPair, type RefillTiming } from './quality';

const DEFAULT_RANGE_DAYS = 365;
const MAX_RANGE_DAYS = 366 * 5;
const PRIORITIES: AlarmPriority[] = ['critical', 'high', 'medium', 'low'];
const num = (v: string | null) => (v === null ? null : Number(v));

/** Clinic quality indicators over a date range, computed from stored refills and alarms (set-based). */
@Injectable()
export class MetricsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: ClinicSettingsService,
    private readonly clock: Clock,
  ) {}

  async quality(q: { from?: string; to?: string }): Promise<QualityMetricsDto> {
    const settings = await this.settings.get();
    const tz = settings.timeZone;
    const to = q.to ?? localDate(this.clock.now().getTime(), tz);
    const from = q.from ?? addCalendarDays(to, -DEFAULT_RANGE_DAYS);
    if (from > to) throw new DomainError('BAD_REQUEST', '`from` must not be after `to`');
    if (addCalendarDays(from, MAX_RANGE_DAYS) < to) throw new DomainError('BAD_REQUEST', 'Range longer than 5 years');
    const start = new Date(clinicInstant(from, '00:00', tz));
    const end = new Date(clinicInstant(addCalendarDays(to, 1), '00:00', tz));

    const pairs = await this.refillPairs(start, end);
    const timings = pairs.map((p) => refillTiming(p, tz, settings.policy)).filter((t): t is RefillTiming => t !== null);
    const later = pairs.filter((p) => p.previous);
    const discrepancies = later.filter((p) => p.discrepancy !== 'NONE').length;

    return {
      from,
      to,
      timeZone: tz,
      refills: {
        total: pairs.length,
        initialFills: pairs.length - later.length,
        ...summarise(timings),
        discrepancies,
        discrepancyRatePct: pct(discrepancies, later.length),
      },
      refillsByMonth: [...groupBy(timings, (t) => t.month)].map(([month, ts]) => {
        const s = summarise(ts);
        return {
          month,
          assessed: s.assessed,
          onOrBeforeDueDatePct: s.onOrBeforeDueDatePct,
          beforeAlarmPct: s.beforeAlarmPct,
          medianMarginDays: s.medianMarginDays,
        };
      }),
      alarmsByCodePerMonth: await this.alarmsByCodePerMonth(start, end, tz),
      acknowledgement: await this.acknowledgement(start, end),
      calls: await this.calls(start, end),
    };
  }

  /** Refills in [start, end) each with the refill before it (window over the pump's whole history). */
  private async refillPairs(start: Date, end: Date): Promise<RefillPair[]> {
    const rows = (await this.dataSource.query(
      `WITH r AS (
         SELECT r.id, r.pump_id, r.at, r.discrepancy,
                lag(r.at) OVER w AS prev_at, lag(r.volume_added_ml) OVER w AS prev_volume_ml,
                lag(r.concentration_mcg_per_ml) OVER w AS prev_concentration,
                lag(r.beyond_use_days) OVER w AS prev_beyond_use_days
           FROM refills r WINDOW w AS (PARTITION BY r.pump_id ORDER BY r.at, r.created_at)
       )
       SELECT r.*, p.model, p.reservoir_capacity_ml, p.low_reservoir_alarm_ml, p.worst_case_factor,
              p.discrepancy_threshold_ml, pt.high_risk
         FROM r JOIN pumps p ON p.id = r.pump_id JOIN patients pt ON pt.id = p.patient_id
        WHERE r.at >= $1 AND r.at < $2
        ORDER BY r.at, r.id`,
      [start, end],
    )) as Record<string, never>[];
    if (!rows.length) return [];
    const programs = (await this.dataSource.query(
      `SELECT pump_id, effective_at, basal_dose_mcg_per_day, flex_steps, bolus_dose_mcg, max_boluses_per_day
         FROM dose_programs WHERE pump_id = ANY($1::uuid[]) AND effective_at < $2
        ORDER BY pump_id, effective_at, created_at`,
      [[...new Set(rows.map((r) => r.pump_id as string))], end],
    )) as Record<string, never>[];
    const programsBy = groupBy(programs, (d) => d.pump_id as string);

    return rows.map((r) => ({
      id: r.id,
      pumpId: r.pump_id,
      at: r.at,
      discrepancy: r.discrepancy,
      previous: r.prev_at
        ? {
            at: r.prev_at,
            volumeAddedMl: Number(r.prev_volume_ml),
            concentrationMcgPerMl: Number(r.prev_concentration),
            beyondUseDays: r.prev_beyond_use_days,
          }
        : null,
      pump: {
        model: r.model as PumpModel,
        reservoirCapacityMl: Number(r.reservoir_capacity_ml),
        lowReservoirAlarmMl: Number(r.low_reservoir_alarm_ml),
        worstCaseFactor: num(r.worst_case_factor),
        discrepancyThresholdMl: num(r.discrepancy_threshold_ml),
      },
      highRisk: r.high_risk,
      // programs up to this refill: later ones belong to the next interval
      programs: (programsBy.get(r.pump_id) ?? [])
        .filter((d) => (d.effective_at as Date).getTime() <= (r.at as Date).getTime())
        .map((d): StatusInput['dosePrograms'][number] => ({
          effectiveAt: (d.effective_at as Date).toISOString(),
          ...(d.flex_steps
            ? { flexSteps: d.flex_steps as FlexStep[] }
            : { basalDoseMcgPerDay: Number(d.basal_dose_mcg_per_day) }),
          bolusDoseMcg: num(d.bolus_dose_mcg),
          maxBolusesPerDay: d.max_boluses_per_day,
        })),
    }));
  }

  private async alarmsByCodePerMonth(
    start: Date,
    end: Date,
    tz: string,
  ): Promise<QualityMetricsDto['alarmsByCodePerMonth']> {
    return (await this.dataSource.query(
      `SELECT to_char(raised_at AT TIME ZONE $3, 'YYYY-MM') AS month, code, count(*)::int AS count
         FROM alarms WHERE raised_at >= $1 AND raised_at < $2
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [start, end, tz],
    )) as { month: string; code: AlarmCode; count: number }[];
  }

  private calls(start: Date, end: Date): Promise<QualityMetricsDto['calls']> {
    return callMetrics(this.dataSource, start, end);
  }

  /** Median minutes from raised to acknowledged, for alarms raised in the range and acknowledged. */
  private async acknowledgement(start: Date, end: Date): Promise<QualityMetricsDto['acknowledgement']> {
    const rows = (await this.dataSource.query(
      `SELECT priority, count(*)::int AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - raised_at)) AS median_s
         FROM alarms WHERE raised_at >= $1 AND raised_at < $2 AND acknowledged_at IS NOT NULL
        GROUP BY ROLLUP (priority)`,
      [start, end],
    )) as { priority: AlarmPriority | null; n: number; median_s: number | null }[];
    const minutes = (s: number | null) => (s === null ? null : round1(Number(s) / 60));
    const total = rows.find((r) => r.priority === null);
    return {
      acknowledged: total?.n ?? 0,
      medianMinutes: minutes(total?.median_s ?? null),
      byPriority: PRIORITIES.map((priority) => {
        const r = rows.find((x) => x.priority === priority);
        return { priority, acknowledged: r?.n ?? 0, medianMinutes: minutes(r?.median_s ?? null) };
      }),
    };
  }
}

/** Calls taken in [start, end): median minutes from the call to its recorded outcome, per urgency and in all. */
async function callMetrics(ds: DataSource, start: Date, end: Date): Promise<QualityMetricsDto['calls']> {
  const rows = (await ds.query(
    `SELECT urgency, count(*)::int AS n, count(*) FILTER (WHERE closed_at IS NULL)::int AS open,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - at)) AS median_s
       FROM triage_calls WHERE at >= $1 AND at < $2
      GROUP BY ROLLUP (urgency)`,
    [start, end],
  )) as { urgency: TriageUrgency | null; n: number; open: number; median_s: number | null }[];
  const minutes = (s: number | null) => (s === null ? null : round1(Number(s) / 60));
  const total = rows.find((r) => r.urgency === null);
  return {
    total: total?.n ?? 0,
    open: total?.open ?? 0,
    medianMinutesToOutcome: minutes(total?.median_s ?? null),
    byUrgency: TRIAGE_URGENCIES.map((urgency) => {
      const r = rows.find((x) => x.urgency === urgency);
      return { urgency, total: r?.n ?? 0, open: r?.open ?? 0, medianMinutesToOutcome: minutes(r?.median_s ?? null) };
    }),
  };
}

function summarise(ts: RefillTiming[]) {
  const onTime = ts.filter((t) => t.onOrBeforeDueDate).length;
  const beforeAlarm = ts.filter((t) => t.beforeAlarm).length;
  const margins = ts.map((t) => t.marginDays).filter((m): m is number => m !== null);
  return {
    assessed: ts.length,
    onOrBeforeDueDate: onTime,
    onOrBeforeDueDatePct: pct(onTime, ts.length),
    beforeAlarm,
    beforeAlarmPct: pct(beforeAlarm, ts.length),
    medianMarginDays: round1(median(margins)),
  };
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k) ?? [];
    list.push(item);
    out.set(k, list);
  }
  return out;
}
