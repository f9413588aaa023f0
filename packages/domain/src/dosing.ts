import { EngineError } from './errors';
import type { DoseProgram, FlexStep } from './types';

export const MINUTES_PER_DAY = 1440;

/** Daily total of a repeating 24-hour flex cycle: Σ rate × minutes / 60 (one division, less binary noise). */
export function flexDailyDoseMcg(steps: readonly FlexStep[]): number {
  const totalMinutes = steps.reduce((sum, step) => sum + step.durationMinutes, 0);
  if (totalMinutes !== MINUTES_PER_DAY) {
    throw new EngineError(
      'FLEX_STEPS_NOT_24H',
      `flex step durations sum to ${totalMinutes} min, not ${MINUTES_PER_DAY}`,
    );
  }
  return steps.reduce((sum, step) => sum + step.doseRateMcgPerHour * step.durationMinutes, 0) / 60;
}

/** Programmed dose = basal or flex total; boluses excluded (dose rules and display use it). */
export function programmedDoseMcgPerDay(program: Pick<DoseProgram, 'basalDoseMcgPerDay' | 'flexSteps'>): number {
  if (program.flexSteps) return flexDailyDoseMcg(program.flexSteps);
  if (program.basalDoseMcgPerDay === undefined) throw new EngineError('INVALID_INPUT', 'dose program has no dose');
  return program.basalDoseMcgPerDay;
}

/** Bolus term only when both fields are present: every allowed bolus is assumed taken (Prometra convention). */
export function bolusAllowanceMcgPerDay(program: Pick<DoseProgram, 'bolusDoseMcg' | 'maxBolusesPerDay'>): number {
  const { bolusDoseMcg, maxBolusesPerDay } = program;
  if (bolusDoseMcg == null || maxBolusesPerDay == null) return 0;
  return bolusDoseMcg * maxBolusesPerDay;
}

/** Planning dose = programmed + every allowed bolus; the projection uses it. */
export function planningDoseMcgPerDay(program: DoseProgram): number {
  return programmedDoseMcgPerDay(program) + bolusAllowanceMcgPerDay(program);
}

/** mL/day = mcg/day ÷ mcg/mL. */
export function rateMlPerDay(planningDoseMcgPerDay: number, concentrationMcgPerMl: number): number {
  return planningDoseMcgPerDay / concentrationMcgPerMl;
}
