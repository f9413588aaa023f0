import type { FlexStep } from '@pumpwatch/domain';
import type { EntityManager } from 'typeorm';
import type { PumpContext } from './pump-context';

const num = (v: string | null): number | null => (v === null ? null : Number(v));

/** Milliseconds since the epoch, truncated like pg's own timestamptz parsing (JS Dates hold milliseconds). */
const msSql = (col: string) => `floor(extract(epoch from ${col}) * 1000)::float8`;

/**
 * Loads PumpContexts for the given pumps (or every pump not explanted) in ONE statement, whatever the number of
 * pumps: one row per pump with its patient, latest refill, next booked appointment and, as JSON, its dose
 * programs from the one in force at the latest refill onwards (earlier ones cannot affect the projection).
 * Latest-per-pump rows come from `LATERAL (… LIMIT 1)` backward scans of the (pump_id, at) indexes — one index
 * probe per pump — instead of `DISTINCT ON`, which read and sorted every refill of every listed pump
 * (bench/explain/loader-latest-refill-*.txt). One statement also means one snapshot: the refill and the
 * programs it selects are always consistent with each other, even without a surrounding transaction.
 */
/** Select-list of one pump's context row; needs `p` (pumps), `pt` (patients), `r` (latest refill), `na`. */
export const PUMP_CONTEXT_SELECT = `p.id, p.patient_id, p.model, p.reservoir_capacity_ml, p.low_reservoir_alarm_ml,
            p.worst_case_factor, p.discrepancy_threshold_ml, p.implanted_at, p.explanted_at,
            pt.high_risk, to_char(pt.birth_date, 'YYYY-MM-DD') AS birth_date, pt.spasticity_origin,
            pt.mrn, pt.given_name, pt.family_name,
            r.id AS r_id, r.at AS r_at, r.volume_added_ml AS r_volume_added_ml,
            r.concentration_mcg_per_ml AS r_concentration_mcg_per_ml, r.beyond_use_days AS r_beyond_use_days,
            r.fast_rate_factor AS r_fast_rate_factor,
            na.at AS next_appointment_at,
            (SELECT json_agg(json_build_object(
                      'id', d.id, 'effectiveAtMs', ${msSql('d.effective_at')},
                      'basal', d.basal_dose_mcg_per_day, 'flexSteps', d.flex_steps, 'bolus', d.bolus_dose_mcg,
                      'maxBoluses', d.max_boluses_per_day, 'programmed', d.programmed_dose_mcg_per_day,
                      'createdAtMs', ${msSql('d.created_at')})
                    ORDER BY d.effective_at, d.created_at)
               FROM dose_programs d
              WHERE d.pump_id = p.id
                AND d.effective_at >= coalesce(
                      -- and the one before it: a restart's predecessor (0 mcg/day) starts the restart watch
                      (SELECT max(d3.effective_at) FROM dose_programs d3
                        WHERE d3.pump_id = p.id AND d3.effective_at < in_force.at),
                      in_force.at, '-infinity'::timestamptz)) AS programs`;

/** FROM clause matching PUMP_CONTEXT_SELECT (add a WHERE on `p`). */
export const PUMP_CONTEXT_FROM = `pumps p JOIN patients pt ON pt.id = p.patient_id
       LEFT JOIN LATERAL (
         SELECT id, at, volume_added_ml, concentration_mcg_per_ml, beyond_use_days,
                -- a pump measured running fast is projected at least that fast until its next refill
                CASE WHEN discrepancy = 'SUSPECTED_OVER_INFUSION' THEN measured_rate_factor END AS fast_rate_factor
           FROM refills
          WHERE pump_id = p.id ORDER BY at DESC, created_at DESC LIMIT 1
       ) r ON true
       LEFT JOIN LATERAL (
         SELECT at FROM appointments WHERE pump_id = p.id AND status = 'booked' ORDER BY at ASC LIMIT 1
       ) na ON true
       LEFT JOIN LATERAL (
         SELECT max(d2.effective_at) AS at FROM dose_programs d2 WHERE d2.pump_id = p.id AND d2.effective_at <= r.at
       ) in_force ON true`;

/**
 * Loads PumpContexts for the given pumps (or every pump not explanted) in ONE statement, whatever the number of
 * pumps: one row per pump with its patient, latest refill, next booked appointment and, as JSON, its dose
 * programs from the one in force at the latest refill onwards (earlier ones cannot affect the projection).
 * Latest-per-pump rows come from `LATERAL (… LIMIT 1)` backward scans of the (pump_id, at) indexes — one index
 * probe per pump — instead of `DISTINCT ON`, which read and sorted every refill of every listed pump
 * (bench/explain/loader-latest-refill-*.txt). One statement also means one snapshot: the refill and the
 * programs it selects are always consistent with each other, even without a surrounding transaction.
 * Each context carries the pump's pump_eval_state.input_seq read in that same snapshot.
 */
export async function loadPumpContexts(m: EntityManager, pumpIds?: string[]): Promise<PumpContext[]> {
  const filter = pumpIds ? 'p.id = ANY($1::uuid[])' : 'p.explanted_at IS NULL';
  const params = pumpIds ? [pumpIds] : [];
  const pumps = (await m.query(
    `SELECT ${PUMP_CONTEXT_SELECT}, es.input_seq
       FROM ${PUMP_CONTEXT_FROM}
       LEFT JOIN pump_eval_state es ON es.pump_id = p.id
      WHERE ${filter}`,
    params,
  )) as Record<string, never>[];
  return pumps.map(toPumpContext);
}

/** Maps one row of PUMP_CONTEXT_SELECT (plus optional `input_seq`) to a PumpContext. */
export function toPumpContext(p: Record<string, never>): PumpContext {
  return {
    pumpId: p.id,
    patientId: p.patient_id,
    model: p.model,
    reservoirCapacityMl: Number(p.reservoir_capacity_ml),
    lowReservoirAlarmMl: Number(p.low_reservoir_alarm_ml),
    worstCaseFactor: num(p.worst_case_factor),
    discrepancyThresholdMl: num(p.discrepancy_threshold_ml),
    implantedAt: p.implanted_at,
    explantedAt: p.explanted_at,
    highRisk: p.high_risk,
    birthDate: p.birth_date,
    spasticityOrigin: p.spasticity_origin,
    patient: { id: p.patient_id, mrn: p.mrn, givenName: p.given_name, familyName: p.family_name },
    lastRefill: p.r_id
      ? {
          id: p.r_id,
          at: p.r_at,
          volumeAddedMl: Number(p.r_volume_added_ml),
          concentrationMcgPerMl: Number(p.r_concentration_mcg_per_ml),
          beyondUseDays: p.r_beyond_use_days,
          measuredRateFactor: num(p.r_fast_rate_factor),
        }
      : null,
    programs: ((p.programs as ProgramJson[] | null) ?? []).map(toProgram),
    nextAppointmentAt: p.next_appointment_at ?? null,
    inputSeq: p.input_seq ?? null,
  };
}

interface ProgramJson {
  id: string;
  effectiveAtMs: number;
  basal: number | null;
  flexSteps: FlexStep[] | null;
  bolus: number | null;
  maxBoluses: number | null;
  programmed: number;
  createdAtMs: number;
}

// numeric columns arrive as JSON numbers (exact for these scales), jsonb flex steps as parsed JSON
function toProgram(d: ProgramJson): PumpContext['programs'][number] {
  return {
    id: d.id,
    effectiveAt: new Date(d.effectiveAtMs).toISOString(),
    basalDoseMcgPerDay: d.basal ?? undefined,
    flexSteps: d.flexSteps ?? undefined,
    bolusDoseMcg: d.bolus,
    maxBolusesPerDay: d.maxBoluses,
    programmedDoseMcgPerDay: Number(d.programmed),
    createdAt: new Date(d.createdAtMs),
  };
}
