import type { FlexStep } from '@pumpwatch/domain';
import type { EntityManager } from 'typeorm';
import type { PumpContext } from './pump-context';

const num = (v: string | null): number | null => (v === null ? null : Number(v));

/**
 * Loads PumpContexts for the given pumps (or every pump not explanted) with four set-based queries,
 * whatever the number of pumps: pumps+patients, last refills, dose programs since the program in force
 * at each last refill, next booked appointments.
 */
export async function loadPumpContexts(m: EntityManager, pumpIds?: string[]): Promise<PumpContext[]> {
  const filter = pumpIds ? 'p.id = ANY($1::uuid[])' : 'p.explanted_at IS NULL';
  const params = pumpIds ? [pumpIds] : [];
  const pumps = (await m.query(
    `SELECT p.id, p.patient_id, p.model, p.reservoir_capacity_ml, p.low_reservoir_alarm_ml, p.worst_case_factor,
            p.discrepancy_threshold_ml, p.implanted_at, p.explanted_at,
            pt.high_risk, to_char(pt.birth_date, 'YYYY-MM-DD') AS birth_date, pt.spasticity_origin
       FROM pumps p JOIN patients pt ON pt.id = p.patient_id
      WHERE ${filter}`,
    params,
  )) as Record<string, never>[];
  if (!pumps.length) return [];
  const ids = pumps.map((p) => p.id as string);

  const refills = (await m.query(
    `SELECT DISTINCT ON (r.pump_id) r.pump_id, r.id, r.at, r.volume_added_ml, r.concentration_mcg_per_ml, r.beyond_use_days
       FROM refills r WHERE r.pump_id = ANY($1::uuid[])
      ORDER BY r.pump_id, r.at DESC, r.created_at DESC`,
    [ids],
  )) as Record<string, never>[];
  const refillBy = new Map(refills.map((r) => [r.pump_id as string, r]));

  // Programs from the one in force at the last refill onwards (earlier ones cannot affect the projection).
  const programs = (await m.query(
    `WITH lr AS (
       SELECT DISTINCT ON (pump_id) pump_id, at FROM refills WHERE pump_id = ANY($1::uuid[]) ORDER BY pump_id, at DESC
     ), since AS (
       SELECT lr.pump_id, (SELECT max(d.effective_at) FROM dose_programs d
                            WHERE d.pump_id = lr.pump_id AND d.effective_at <= lr.at) AS from_at
         FROM lr
     )
     SELECT d.id, d.pump_id, d.effective_at, d.basal_dose_mcg_per_day, d.flex_steps, d.bolus_dose_mcg,
            d.max_boluses_per_day, d.programmed_dose_mcg_per_day, d.created_at
       FROM dose_programs d LEFT JOIN since s ON s.pump_id = d.pump_id
      WHERE d.pump_id = ANY($1::uuid[]) AND (s.from_at IS NULL OR d.effective_at >= s.from_at)
      ORDER BY d.pump_id, d.effective_at, d.created_at`,
    [ids],
  )) as Record<string, never>[];
  const programsBy = new Map<string, PumpContext['programs']>();
  for (const d of programs) {
    const list = programsBy.get(d.pump_id) ?? [];
    list.push({
      id: d.id,
      effectiveAt: (d.effective_at as Date).toISOString(),
      basalDoseMcgPerDay: num(d.basal_dose_mcg_per_day) ?? undefined,
      flexSteps: (d.flex_steps as FlexStep[] | null) ?? undefined,
      bolusDoseMcg: num(d.bolus_dose_mcg),
      maxBolusesPerDay: d.max_boluses_per_day,
      programmedDoseMcgPerDay: Number(d.programmed_dose_mcg_per_day),
      createdAt: d.created_at,
    });
    programsBy.set(d.pump_id, list);
  }

  const appts = (await m.query(
    `SELECT DISTINCT ON (a.pump_id) a.pump_id, a.at FROM appointments a
      WHERE a.pump_id = ANY($1::uuid[]) AND a.status = 'booked' ORDER BY a.pump_id, a.at ASC`,
    [ids],
  )) as Record<string, never>[];
  const apptBy = new Map(appts.map((a) => [a.pump_id as string, a.at as Date]));

  return pumps.map((p) => {
    const r = refillBy.get(p.id);
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
      lastRefill: r
        ? {
            id: r.id,
            at: r.at,
            volumeAddedMl: Number(r.volume_added_ml),
            concentrationMcgPerMl: Number(r.concentration_mcg_per_ml),
            beyondUseDays: r.beyond_use_days,
          }
        : null,
      programs: programsBy.get(p.id) ?? [],
      nextAppointmentAt: apptBy.get(p.id) ?? null,
    };
  });
}
