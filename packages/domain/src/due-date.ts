/**
 * Refill due date: the earliest of three calendar-date terms in the clinic's zone. Dates are shifted
 * with calendar-day arithmetic on YYYY-MM-DD, so a DST change never moves a due date by a day.
 */
import type { Policy } from './policy';
import type { ProjectionInstants } from './projection';
import { addCalendarDays, compareDates, localDate } from './time';
import type { RefillDueReason, StatusModel } from './types';

export interface RefillDueArgs {
  timeZone: string;
  lastRefillAtMs: number;
  beyondUseDays: number | null;
  lowReservoirAlarmAtMs: number | null;
  worstCaseLowReservoirAlarmAtMs: number | null;
  highRisk: boolean;
  policy: Policy;
}

export interface RefillDue {
  refillDueDate: string;
  refillDueReason: RefillDueReason;
}

/** Every applicable term, in the contract's tie-break order (a term is absent when its alarm is never reached). */
export function refillDueTerms(args: RefillDueArgs): RefillDue[] {
  const { timeZone, policy } = args;
  const terms: RefillDue[] = [];
  if (args.lowReservoirAlarmAtMs !== null) {
    const bufferDays = args.highRisk ? policy.highRiskBufferDays : policy.bufferDays;
    terms.push({
      refillDueDate: addCalendarDays(localDate(args.lowReservoirAlarmAtMs, timeZone), -bufferDays),
      refillDueReason: 'LOW_RESERVOIR',
    });
  }
  if (args.worstCaseLowReservoirAlarmAtMs !== null) {
    terms.push({
      refillDueDate: addCalendarDays(
        localDate(args.worstCaseLowReservoirAlarmAtMs, timeZone),
        -policy.worstCaseMarginDays,
      ),
      refillDueReason: 'WORST_CASE_LOW_RESERVOIR',
    });
  }
  const stabilityDays = Math.min(policy.maxRefillIntervalDays, args.beyondUseDays ?? Infinity);
  terms.push({
    refillDueDate: addCalendarDays(localDate(args.lastRefillAtMs, timeZone), stabilityDays),
    refillDueReason: 'DRUG_STABILITY',
  });
  return terms;
}

/** Earliest term; on equal dates the first in contract order wins (strict < keeps the earlier term). */
export function refillDue(args: RefillDueArgs): RefillDue {
  const terms = refillDueTerms(args);
  let best = terms[0];
  for (let i = 1; i < terms.length; i++) {
    if (compareDates(terms[i].refillDueDate, best.refillDueDate) < 0) best = terms[i];
  }
  return { refillDueDate: best.refillDueDate, refillDueReason: best.refillDueReason };
}

/** The due date of a status model with its projection instants (the status and its time breakpoints). */
export function refillDueOfModel(model: StatusModel, instants: ProjectionInstants): RefillDue {
  return refillDue({
    timeZone: model.timeZone,
    lastRefillAtMs: model.lastRefillAtMs,
    beyondUseDays: model.beyondUseDays,
    lowReservoirAlarmAtMs: instants.lowReservoirAlarmAtMs,
    worstCaseLowReservoirAlarmAtMs: instants.worstCaseLowReservoirAlarmAtMs,
    highRisk: model.highRisk,
    policy: model.policy,
  });
}
