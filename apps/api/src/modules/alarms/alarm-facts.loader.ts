import type { AppointmentStatus, DiscrepancyKind, PumpEventType } from '@pumpwatch/contracts';
import { INTERRUPTING_EVENTS } from '@pumpwatch/contracts';
import type { EntityManager } from 'typeorm';

/** Stored facts behind the non-projection alarms of ITB-REFERENCE §6, for one pump. */
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

type Row = Record<string, never>;

function emptyFacts(): PumpFacts {
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
    resolvedRefillIds: new Set(),
    resolvedInterruptionIds: new Set(),
  };
}

/** One query per kind of fact for the whole batch, whatever its size (no per-pump queries). */
export async function loadPumpFacts(
  m: EntityManager,
  pumpIds: string[],
  w: FactWindow,
): Promise<Map<string, PumpFacts>> {
  const facts = new Map<string, PumpFacts>(pumpIds.map((id) => [id, emptyFacts()]));
  if (!pumpIds.length) return facts;
  const of = (id: string) => facts.get(id)!;

  // Pump flags and the latest refill (a LATERAL … LIMIT 1 probe of the (pump_id, at) index per pump; DISTINCT ON
  // read and sorted every refill of every pump in the batch).
  const pumps = (await m.query(
    `SELECT p.id, p.therapy_interrupted, p.mri_check_due, to_char(p.eri_date, 'YYYY-MM-DD') AS eri_date,
            p.eri_reported_at, r.id AS r_id, r.at AS r_at, r.discrepancy AS r_discrepancy,
            r.discrepancy_ml AS r_discrepancy_ml
       FROM pumps p
       LEFT JOIN LATERAL (
         SELECT id, at, discrepancy, discrepancy_ml FROM refills
          WHERE pump_id = p.id ORDER BY at DESC, created_at DESC LIMIT 1
       ) r ON true
      WHERE p.id = ANY($1::uuid[])`,
    [pumpIds],
  )) as Row[];
  for (const p of pumps) {
    Object.assign(of(p.id), {
      therapyInterrupted: p.therapy_interrupted,
      mriCheckDue: p.mri_check_due,
      eriDate: p.eri_date,
      eriReportedAt: p.eri_reported_at,
    });
    if (p.r_id) {
      of(p.id).lastRefill = {
        id: p.r_id,
        at: p.r_at,
        discrepancy: p.r_discrepancy,
        discrepancyMl: p.r_discrepancy_ml === null ? null : Number(p.r_discrepancy_ml),
      };
    }
  }

  // Latest interrupting event and latest restart per pump, in one pass.
  const events = (await m.query(
    `SELECT DISTINCT ON (pump_id, type = 'RESTARTED') pump_id, id, type, at, recorded_by
       FROM pump_events
      WHERE pump_id = ANY($1::uuid[]) AND (type = ANY($2::text[]) OR type = 'RESTARTED')
      ORDER BY pump_id, type = 'RESTARTED', at DESC, created_at DESC`,
    [pumpIds, INTERRUPTING_EVENTS],
  )) as Row[];
  for (const e of events) {
    if (e.type === 'RESTARTED') of(e.pump_id).restart = { eventId: e.id, at: e.at, recordedBy: e.recorded_by };
    else of(e.pump_id).interruption = { eventId: e.id, type: e.type, at: e.at };
  }

  // A refill on the appointment's clinic day or later covers it (the patient may come early).
  const appts = (await m.query(
    `SELECT a.pump_id, a.id, a.at, a.status FROM appointments a
      WHERE a.pump_id = ANY($1::uuid[])
        AND (a.status = 'missed'
             OR (a.status = 'booked'
                 AND (((a.at AT TIME ZONE $2)::date + $3::time) AT TIME ZONE $2) < $4))
        AND NOT EXISTS (SELECT 1 FROM refills r WHERE r.pump_id = a.pump_id
                          AND r.at >= (((a.at AT TIME ZONE $2)::date)::timestamp AT TIME ZONE $2))
      ORDER BY a.pump_id, a.at`,
    [pumpIds, w.timeZone, w.closingTime, w.now],
  )) as Row[];
  for (const a of appts) of(a.pump_id).missedAppointments.push({ id: a.id, at: a.at, status: a.status });

  const programs = (await m.query(
    `WITH in_force AS (
       SELECT DISTINCT ON (pump_id) id FROM dose_programs
        WHERE pump_id = ANY($1::uuid[]) AND effective_at <= $2
        ORDER BY pump_id, effective_at DESC, created_at DESC
     )
     SELECT d.pump_id, d.id, d.effective_at, d.created_at FROM dose_programs d
      WHERE d.pump_id = ANY($1::uuid[]) AND d.verified_by IS NULL
        AND (d.created_at >= $2::timestamptz - make_interval(days => $3)
             OR d.effective_at > $2 OR d.id IN (SELECT id FROM in_force))
      ORDER BY d.pump_id, d.effective_at, d.created_at`,
    [pumpIds, w.now, w.unverifiedLookbackDays],
  )) as Row[];
  for (const d of programs) {
    of(d.pump_id).unverifiedPrograms.push({ id: d.id, effectiveAt: d.effective_at, createdAt: d.created_at });
  }

  const resolved = (await m.query(
    `SELECT pump_id, code, details FROM alarms
      WHERE pump_id = ANY($1::uuid[]) AND status = 'resolved'
        AND code IN ('REFILL_DISCREPANCY', 'THERAPY_INTERRUPTED') AND details IS NOT NULL`,
    [pumpIds],
  )) as { pump_id: string; code: string; details: Record<string, unknown> }[];
  for (const a of resolved) {
    const f = of(a.pump_id);
    if (a.code === 'REFILL_DISCREPANCY') for (const id of idList(a.details.refillIds)) f.resolvedRefillIds.add(id);
    else if (typeof a.details.eventId === 'string') f.resolvedInterruptionIds.add(a.details.eventId);
  }
  return facts;
}

const idList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
