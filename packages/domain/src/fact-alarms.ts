/**
 * Alarms raised from stored facts rather than from the projection (docs/clinical/PROJECTION-AND-ALARMS.md §6):
 * a refill discrepancy, an interrupted therapy, an MRI without a later interrogation, the battery, missed
 * appointments and dose programs nobody verified. The API loads the facts; these rules decide which alarms
 * they raise, what each alarm carries and how a high-risk patient escalates them.
 */
import { applyHighRisk } from './alarms';
import { batteryStopDate, deviceAlarms, type DeviceFacts } from './battery';
import { parseInstant } from './time';
import { FACT_ALARM_PRIORITY, type Alarm, type AlarmCode, type AlarmPriority, type FactAlarmCode } from './types';

/** An instant as the API holds it (Date) or as JSON carries it (ISO string). */
export type FactInstant = string | Date;

/** The stored facts of one pump the fact alarms read. */
export interface FactAlarmFacts {
  /** Latest refill with its discrepancy classification (NONE when within the threshold). */
  lastRefill: { id: string; at: FactInstant; discrepancy: string; discrepancyMl: number | null } | null;
  /** Refills a physician already reviewed: their discrepancy is never raised again. */
  resolvedRefillIds: ReadonlySet<string>;
  /** The latest interrupting event is not followed by a restart. */
  therapyInterrupted: boolean;
  /** Latest EMPTY_RESERVOIR / MOTOR_STALL / PUMP_STOPPED event. */
  interruption: { eventId: string; type: string; at: FactInstant } | null;
  /** Interruptions (event ids, or `pump:<id>` without an event) a physician already reviewed. */
  resolvedInterruptionIds: ReadonlySet<string>;
  /** An MRI was recorded and no interrogation followed it. */
  mriCheckDue: boolean;
  /** Expected battery end (YYYY-MM-DD) from the latest printout. */
  eriDate: string | null;
  /** When the pump reported its elective replacement indicator. */
  eriReportedAt: FactInstant | null;
  /** Appointments missed (oldest first) with no refill since. */
  missedAppointments: readonly { id: string; at: FactInstant }[];
  /** Dose programs still waiting for a second clinician's verification. */
  unverifiedPrograms: readonly { id: string }[];
}

export interface FactAlarmArgs {
  pumpId: string;
  highRisk: boolean;
  /** The battery rules' input (deviceAlarms); its own highRisk is ignored: escalation happens here, once. */
  device: DeviceFacts;
}

export interface FactAlarm {
  code: FactAlarmCode;
  priority: AlarmPriority;
  /** Only values that change with the facts, never with `now`: an unchanged pump yields identical alarms. */
  details: Record<string, unknown> | null;
}

/**
 * Alarms a physician must close with a documented review: never resolved automatically, because the facts
 * behind them (a refill that aspirated the wrong volume, a pump that stopped) stay true after the fact.
 */
export const PHYSICIAN_ONLY_CODES: readonly string[] = [
  'REFILL_DISCREPANCY',
  'THERAPY_INTERRUPTED',
] satisfies AlarmCode[];

const isoOf = (at: FactInstant): string =>
  at instanceof Date ? at.toISOString() : new Date(parseInstant(at, 'instant')).toISOString();

/**
 * The fact alarms of one pump, in a fixed order (discrepancy, interruption, MRI, battery, missed
 * appointments, unverified dose), escalated one level for a high-risk patient.
 */
export function factAlarms(facts: FactAlarmFacts, args: FactAlarmArgs): FactAlarm[] {
  const out: FactAlarm[] = [];
  const add = (code: FactAlarmCode, details: Record<string, unknown> | null) =>
    out.push({ code, priority: FACT_ALARM_PRIORITY[code], details });

  const refill = facts.lastRefill;
  if (refill && refill.discrepancy !== 'NONE' && !facts.resolvedRefillIds.has(refill.id)) {
    add('REFILL_DISCREPANCY', {
      refillId: refill.id,
      refillIds: [refill.id],
      refillAt: isoOf(refill.at),
      discrepancy: refill.discrepancy,
      discrepancyMl: refill.discrepancyMl,
    });
  }

  if (facts.therapyInterrupted) {
    // Keyed by the interrupting event, so a physician's review is not undone by the next evaluation.
    const eventId = facts.interruption?.eventId ?? `pump:${args.pumpId}`;
    if (!facts.resolvedInterruptionIds.has(eventId)) {
      add('THERAPY_INTERRUPTED', {
        eventId,
        eventType: facts.interruption?.type ?? null,
        eventAt: facts.interruption ? isoOf(facts.interruption.at) : null,
      });
    }
  }

  if (facts.mriCheckDue) add('MRI_CHECK_DUE', null);

  for (const a of deviceAlarms(args.device)) {
    if (a.code === 'BATTERY_ERI_SOON') add('BATTERY_ERI_SOON', { eriDate: facts.eriDate });
    if (a.code === 'BATTERY_ERI_REACHED' && facts.eriReportedAt) {
      const reportedAt = isoOf(facts.eriReportedAt);
      add('BATTERY_ERI_REACHED', {
        eriReportedAt: reportedAt,
        stopByDate: batteryStopDate(reportedAt, args.device.timeZone),
      });
    }
  }

  const missed = facts.missedAppointments;
  if (missed.length) {
    add('APPOINTMENT_MISSED', {
      appointmentIds: missed.map((a) => a.id),
      latestAt: isoOf(missed[missed.length - 1].at),
    });
  }

  if (facts.unverifiedPrograms.length) {
    add('DOSE_UNVERIFIED', { doseProgramIds: facts.unverifiedPrograms.map((p) => p.id) });
  }

  if (!args.highRisk) return out;
  const escalated = applyHighRisk<FactAlarmCode>(out as Alarm<FactAlarmCode>[], true);
  return out.map((a, i) => ({ code: a.code, priority: escalated[i].priority, details: a.details }));
}

/**
 * Details to store when a fact alarm meets the stored unresolved one: a discrepancy alarm still open gathers
 * every flagged refill, so the physician's single review covers all of them.
 */
export function mergeAlarmDetails(
  /** Any stored alarm's code (the API also stores alarms the engine does not raise). */
  code: string,
  stored: Record<string, unknown> | null,
  desired: Record<string, unknown> | null,
): Record<string, unknown> | null {
  if (code !== 'REFILL_DISCREPANCY' || !stored || !desired) return desired;
  const ids = [...(Array.isArray(stored.refillIds) ? (stored.refillIds as string[]) : [])];
  for (const id of desired.refillIds as string[]) if (!ids.includes(id)) ids.push(id);
  return { ...desired, refillIds: ids };
}
