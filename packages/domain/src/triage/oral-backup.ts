/**
 * The physician's oral baclofen backup plan: a bridge while a patient in withdrawal reaches care. Oral
 * baclofen is absorbed unevenly and crosses into the spinal fluid poorly, so it never replaces intrathecal
 * delivery; the bounds below only catch a plan that could not be meant (a unit slip, a missing decimal).
 */

export interface OralBackupPlan {
  doseMg: number;
  timesPerDay: number;
  notes?: string | null;
}

/**
 * Per intake at most 30 mg, at most every 4 hours (6 a day), at most 120 mg a day: above the labelled oral
 * maximum of 80 mg/day, to leave room for the higher bridging doses used in withdrawal, and well below a dose
 * that is plainly an error.
 */
export const ORAL_BACKUP_LIMITS = Object.freeze({ maxDoseMg: 30, maxTimesPerDay: 6, maxDailyDoseMg: 120 });

export interface OralBackupProblem {
  field: 'doseMg' | 'timesPerDay';
  problem: string;
}

/** Problems with a plan, in words for the physician; empty when the plan is acceptable. */
export function oralBackupPlanProblems(plan: OralBackupPlan): OralBackupProblem[] {
  const out: OralBackupProblem[] = [];
  const { maxDoseMg, maxTimesPerDay, maxDailyDoseMg } = ORAL_BACKUP_LIMITS;
  if (!Number.isFinite(plan.doseMg) || plan.doseMg <= 0) {
    out.push({ field: 'doseMg', problem: 'must be more than 0 mg' });
  } else if (plan.doseMg > maxDoseMg) {
    out.push({ field: 'doseMg', problem: `must be at most ${maxDoseMg} mg per intake (check the units: mg, not mcg)` });
  }
  if (!Number.isInteger(plan.timesPerDay) || plan.timesPerDay < 1 || plan.timesPerDay > maxTimesPerDay) {
    out.push({ field: 'timesPerDay', problem: `must be a whole number from 1 to ${maxTimesPerDay}` });
  }
  if (out.length === 0 && plan.doseMg * plan.timesPerDay > maxDailyDoseMg) {
    out.push({
      field: 'doseMg',
      problem: `${plan.doseMg} mg × ${plan.timesPerDay} a day is more than ${maxDailyDoseMg} mg a day`,
    });
  }
  return out;
}
