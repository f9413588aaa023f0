import type { OralBackupPlanDto } from '@pumpwatch/contracts';
import { triageContextFromPump, type DoseProgram, type PumpTriageContext } from '@pumpwatch/domain';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import type { ClinicSettings } from '../clinic-settings/clinic-settings.service';
import type { ProjectionService } from '../projection/projection.service';

/** What the engine needs about the patient and their pump for a call at `at`. */
export interface CallFacts {
  highRisk: boolean;
  oralBackupPlan: OralBackupPlanDto | null;
  pumpId: string | null;
  context: PumpTriageContext;
  projectionAvailable: boolean;
}

const NO_PUMP_CONTEXT: PumpTriageContext = {
  reservoirAtOrBelowAlarm: false,
  pastWorstCaseAlarm: false,
  openAlarms: [],
  lastDoseIncreaseAt: null,
  lastRefillAt: null,
};

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

/** The patient's oral backup plan from its columns (all three together, or none). */
export function planFromRow(r: {
  oral_backup_dose_mg: string | number | null;
  oral_backup_times_per_day: number | null;
  oral_backup_notes: string | null;
}): OralBackupPlanDto | null {
  if (r.oral_backup_dose_mg === null || r.oral_backup_times_per_day === null) return null;
  return {
    doseMg: num(r.oral_backup_dose_mg)!,
    timesPerDay: r.oral_backup_times_per_day,
    notes: r.oral_backup_notes,
  };
}

/**
 * Reads, in the caller's transaction, the patient and their active pump (the latest implanted one not
 * explanted): the projection at the call, the pump's unresolved alarms, every dose program (for the last
 * increase) and the last refill at or before the call. The rules that turn these into the engine's context
 * are the engine's own (triageContextFromPump).
 */
export async function loadCallFacts(
  m: EntityManager,
  projection: ProjectionService,
  settings: ClinicSettings,
  patientId: string,
  at: Date,
): Promise<CallFacts> {
  const [patient] = (await m.query(
    `SELECT high_risk, oral_backup_dose_mg, oral_backup_times_per_day, oral_backup_notes,
            (SELECT id FROM pumps WHERE patient_id = p.id AND explanted_at IS NULL
              ORDER BY implanted_at DESC, created_at DESC LIMIT 1) AS pump_id
       FROM patients p WHERE id = $1 FOR SHARE`,
    [patientId],
  )) as {
    high_risk: boolean;
    oral_backup_dose_mg: string | null;
    oral_backup_times_per_day: number | null;
    oral_backup_notes: string | null;
    pump_id: string | null;
  }[];
  if (!patient) throw new DomainError('NOT_FOUND', `No patient with id ${patientId}`);
  const base = { highRisk: patient.high_risk, oralBackupPlan: planFromRow(patient) };
  // No pump on record: nothing to project, no pump alarm to raise; the call is still classified and kept.
  if (!patient.pump_id) return { ...base, pumpId: null, context: NO_PUMP_CONTEXT, projectionAvailable: false };

  const pumpId = patient.pump_id;
  const ctx = await projection.context(pumpId, m);
  const status = projection.statusOf(ctx, at, settings);
  const alarms = (await m.query(`SELECT DISTINCT code FROM alarms WHERE pump_id = $1 AND status <> 'resolved'`, [
    pumpId,
  ])) as { code: string }[];
  const programs = (await m.query(
    `SELECT effective_at, basal_dose_mcg_per_day, flex_steps, bolus_dose_mcg, max_boluses_per_day
       FROM dose_programs WHERE pump_id = $1 ORDER BY effective_at, created_at`,
    [pumpId],
  )) as {
    effective_at: Date;
    basal_dose_mcg_per_day: string | null;
    flex_steps: DoseProgram['flexSteps'] | null;
    bolus_dose_mcg: string | null;
    max_boluses_per_day: number | null;
  }[];
  const [refill] = (await m.query(`SELECT max(at) AS at FROM refills WHERE pump_id = $1 AND at <= $2`, [
    pumpId,
    at,
  ])) as { at: Date | null }[];
  const dosePrograms: DoseProgram[] = programs.map((d) => ({
    effectiveAt: d.effective_at.toISOString(),
    ...(d.flex_steps ? { flexSteps: d.flex_steps } : { basalDoseMcgPerDay: num(d.basal_dose_mcg_per_day)! }),
    bolusDoseMcg: num(d.bolus_dose_mcg),
    maxBolusesPerDay: d.max_boluses_per_day,
  }));
  const context = triageContextFromPump({
    now: at.toISOString(),
    status,
    openAlarms: alarms.map((a) => a.code),
    dosePrograms,
    lastRefillAt: refill?.at?.toISOString() ?? null,
  });
  return { ...base, pumpId, context, projectionAvailable: status !== null };
}
