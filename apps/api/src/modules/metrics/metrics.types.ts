import type { AlarmCode, AlarmPriority } from '@pumpwatch/contracts';

/** `GET /api/metrics/quality` (the web's features/reports/api mirrors it). Dates are clinic-local. */
export interface QualityMetricsDto {
  from: string;
  to: string;
  timeZone: string;
  refills: {
    /** refills recorded in the range */
    total: number;
    initialFills: number;
    /** refills with a previous refill whose interval the engine could project */
    assessed: number;
    onOrBeforeDueDate: number;
    onOrBeforeDueDatePct: number | null;
    beforeAlarm: number;
    beforeAlarmPct: number | null;
    medianMarginDays: number | null;
    /** refills after the initial fill flagged SUSPECTED_OVER_INFUSION / SUSPECTED_UNDER_DELIVERY */
    discrepancies: number;
    discrepancyRatePct: number | null;
  };
  refillsByMonth: {
    month: string;
    assessed: number;
    onOrBeforeDueDatePct: number | null;
    beforeAlarmPct: number | null;
    medianMarginDays: number | null;
  }[];
  alarmsByCodePerMonth: { month: string; code: AlarmCode; count: number }[];
  acknowledgement: {
    acknowledged: number;
    medianMinutes: number | null;
    byPriority: { priority: AlarmPriority; acknowledged: number; medianMinutes: number | null }[];
  };
}
