import type { AppointmentStatus, DiscrepancyKind, PumpEventType, TriageUrgency } from '@pumpwatch/contracts';

/**
 * Stored facts behind the non-projection alarms (docs/clinical/PROJECTION-AND-ALARMS.md §6), for one pump.
 * Loaded with the rest of an evaluation batch in one statement by alarm-batch.loader.ts (which holds the rules
 * as SQL).
 */
export interface PumpFacts {
  therapyInterrupted: boolean;
  mriCheckDue: boolean;
  /** Expected battery end (YYYY-MM-DD) from the printout. */
  eriDate: string | null;
  eriReportedAt: Date | null;
  lastRefill: { id: string; at: Date; discrepancy: DiscrepancyKind; discrepancyMl: number | null } | null;
  /** Latest EMPTY_RESERVOIR / MOTOR_STALL / PUMP_STOPPED event. */
  interruption: { eventId: string; type: PumpEventType; at: Date } | null;
  /** Latest RESTARTED event (who took the restart decision). */
  restart: { eventId: string; at: Date; recordedBy: string } | null;
  /** Missed, or booked and past the clinic's day end, with no refill recorded since that day. */
  missedAppointments: { id: string; at: Date; status: AppointmentStatus }[];
  /** Programs not yet verified by a second clinician, created recently or still in force. */
  unverifiedPrograms: { id: string; effectiveAt: Date; createdAt: Date }[];
  /** Triage calls about the patient taken on this pump and still without an outcome (TRIAGE_OPEN). */
  openTriageCalls: { id: string; urgency: TriageUrgency }[];
  /** Refill / interruption-event ids a physician already resolved (never re-raised for those). */
  resolvedRefillIds: Set<string>;
  resolvedInterruptionIds: Set<string>;
}

export interface FactWindow {
  now: Date;
  timeZone: string;
  /** Clinic day end (HH:MM): a booked refill counts as missed only once its day is over. */
  closingTime: string;
  /** DOSE_UNVERIFIED looks back this many days for unverified programs no longer in force. */
  unverifiedLookbackDays: number;
}

export function emptyFacts(): PumpFacts {
  return {
    therapyInterrupted: false,
    mriCheckDue: false,
    eriDate: null,
    eriReportedAt: null,
    lastRefill: null,
    interruption: null,
    restart: null,
    missedAppointments: [],
    unverifiedPrograms: [],
    openTriageCalls: [],
    resolvedRefillIds: new Set(),
    resolvedInterruptionIds: new Set(),
  };
}
