/** The dose form's fields and how what is typed becomes a proposal for the engine and a body for the API. */
import type { CreateDoseProgramRequest } from '@pumpwatch/contracts';
import {
  MINUTES_PER_DAY,
  planningDoseMcgPerDay,
  programmedDoseMcgPerDay,
  type DoseErrorCode,
  type FlexStep,
} from '@pumpwatch/domain';
import type { DeepPartial } from 'react-hook-form';
import { z } from 'zod';
import { DOSE_CODE_WORDS, words } from '../../../lib/codes';
import { parseNumber } from '../../../lib/numbers';

/** A flex program's steps add up to one day (the engine's rule). */
export { MINUTES_PER_DAY };

const stepSchema = z.object({ durationMinutes: z.string(), doseRateMcgPerHour: z.string() });
export const doseFormSchema = z.object({
  mode: z.enum(['simple', 'flex']),
  basalDoseMcgPerDay: z.string(),
  flexSteps: z.array(stepSchema),
  bolusDoseMcg: z.string(),
  maxBolusesPerDay: z.string(),
  /** Wall time "YYYY-MM-DDTHH:MM" in the clinic zone (from the clinic-format field); empty = now. */
  effectiveAt: z.string(),
  /** One reason per overridable guard, keyed by its code. */
  overrideReasons: z.record(z.string(), z.string().max(1000)),
  notes: z.string().max(2000),
});
export type DoseFormValues = z.infer<typeof doseFormSchema>;

export const DOSE_FORM_DEFAULTS: DoseFormValues = {
  mode: 'simple',
  basalDoseMcgPerDay: '',
  flexSteps: [{ durationMinutes: String(MINUTES_PER_DAY), doseRateMcgPerHour: '' }],
  bolusDoseMcg: '',
  maxBolusesPerDay: '',
  effectiveAt: '',
  overrideReasons: {},
  notes: '',
};

/** What the typed values propose, or why they do not make a dose yet. */
export interface Proposal {
  program: { basalDoseMcgPerDay: number } | { flexSteps: FlexStep[] } | null;
  programmedMcgPerDay: number | null;
  planningMcgPerDay: number | null;
  bolusDoseMcg: number | null;
  maxBolusesPerDay: number | null;
  /** Set when something typed cannot be checked yet; the engine is not run. */
  problem: string | null;
}

const none = (problem: string | null): Proposal => ({
  program: null,
  programmedMcgPerDay: null,
  planningMcgPerDay: null,
  bolusDoseMcg: null,
  maxBolusesPerDay: null,
  problem,
});

export function proposalOf(v: DeepPartial<DoseFormValues>): Proposal {
  const bolusText = (v.bolusDoseMcg ?? '').trim();
  const maxText = (v.maxBolusesPerDay ?? '').trim();
  const bolus = parseNumber(bolusText);
  const maxBoluses = parseNumber(maxText);
  let program: Proposal['program'];
  if (v.mode === 'flex') {
    const steps = (v.flexSteps ?? []).map((s) => ({
      durationMinutes: parseNumber(s?.durationMinutes),
      doseRateMcgPerHour: parseNumber(s?.doseRateMcgPerHour),
    }));
    if (steps.length === 0 || steps.some((s) => s.durationMinutes === null || s.doseRateMcgPerHour === null)) {
      return none('Enter a duration and a rate for every step.');
    }
    program = { flexSteps: steps as FlexStep[] };
  } else {
    const basal = parseNumber(v.basalDoseMcgPerDay);
    if (basal === null) return none(null);
    program = { basalDoseMcgPerDay: basal };
  }
  // The engine counts boluses only with both fields: one alone would silently drop them from the limits.
  if ((bolusText === '') !== (maxText === '')) {
    return none('Enter both the bolus dose and the maximum boluses per day, or leave both empty.');
  }
  if (bolusText !== '' && (bolus === null || bolus < 0)) return none('Enter the bolus dose in mcg (0 or more).');
  if (maxText !== '' && (maxBoluses === null || maxBoluses < 0 || !Number.isInteger(maxBoluses))) {
    return none('Enter the maximum boluses per day as a whole number.');
  }
  try {
    const programmed = programmedDoseMcgPerDay(program);
    const planning = planningDoseMcgPerDay({
      effectiveAt: '',
      ...program,
      bolusDoseMcg: bolus,
      maxBolusesPerDay: maxBoluses,
    });
    return {
      program,
      programmedMcgPerDay: programmed,
      planningMcgPerDay: planning,
      bolusDoseMcg: bolus,
      maxBolusesPerDay: maxBoluses,
      problem: null,
    };
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'DOSE_INVALID';
    return none(words(DOSE_CODE_WORDS, code));
  }
}

/**
 * The API takes one `override.reason`; each lifted guard is named with its own reason so the audit trail says
 * why each one was lifted: "CODE: reason; CODE: reason".
 */
export function joinOverrideReasons(codes: readonly DoseErrorCode[], reasons: Record<string, string | undefined>) {
  return codes.map((c) => `${c}: ${(reasons[c] ?? '').trim().replace(/\s+/g, ' ')}`).join('; ');
}

export function requestBody(
  p: Proposal,
  v: DoseFormValues,
  extra: { effectiveAt: string | null; overrideReason: string | null },
): CreateDoseProgramRequest {
  const body: CreateDoseProgramRequest = { ...p.program! };
  if (p.bolusDoseMcg !== null && p.maxBolusesPerDay !== null) {
    body.bolusDoseMcg = p.bolusDoseMcg;
    body.maxBolusesPerDay = p.maxBolusesPerDay;
  }
  if (extra.effectiveAt) body.effectiveAt = extra.effectiveAt;
  if (extra.overrideReason) body.override = { reason: extra.overrideReason };
  if (v.notes.trim()) body.notes = v.notes.trim();
  return body;
}
