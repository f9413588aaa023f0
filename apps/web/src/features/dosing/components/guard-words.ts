/**
 * Each dose guard in plain words with this proposal's numbers, for a clinician at the end of a long day.
 * The rules themselves are the engine's; this only explains what it found.
 */
import { CUMULATIVE_WINDOW_HOURS, maxIncreasePct, type DoseChangeAssessment, type Policy } from '@pumpwatch/domain';
import { DOSE_CODE_WORDS, words } from '../../../lib/codes';
import { formatInstant, formatMcg, formatMcgPerDay, formatSpan } from '../../../lib/format';
import type { DoseChangeContextDto } from '../api/dose-programs';
import type { Proposal } from './dose-form-model';

/** Short names, for the override reason fields and the saved summary. */
export const GUARD_TITLES: Record<string, string> = {
  BOLUS_TOO_LARGE: 'Bolus too large',
  CUMULATIVE_INCREASE_TOO_LARGE: `Too much increase in ${CUMULATIVE_WINDOW_HOURS / 24} days`,
  DOSE_ABOVE_MAXIMUM: 'Above the clinic maximum',
  DOSE_CHANGE_TOO_SOON: 'Increase too soon after the last change',
  DOSE_DECREASE_TOO_LARGE: 'Decrease too large',
  DOSE_INCREASE_TOO_LARGE: 'Increase too large',
  DOSE_UNIT_SUSPECT: '10× change (unit slip?)',
  DOSE_ZERO_WITHDRAWAL_RISK: 'Zero dose: withdrawal risk',
  FIRST_DOSE_ABOVE_START_LIMIT: 'First dose above the start limit',
  RESTART_DOSE_NEEDS_REVIEW: 'Restart dose needs review',
  RESTART_NOT_RECORDED: 'Restart decision not recorded',
  INCREASE_TOO_SOON_AFTER_IMPLANT: 'Increase too soon after implant',
  DOSE_INVALID: 'Dose not valid',
};
export const guardTitle = (code: string) => GUARD_TITLES[code] ?? words(DOSE_CODE_WORDS, code);

const pctOf = (from: number, to: number) => Math.round((Math.abs(to - from) / from) * 1000) / 10;

export interface GuardWordsArgs {
  a: DoseChangeAssessment;
  p: Proposal;
  context: DoseChangeContextDto;
  policy: Policy;
  timeZone: string;
}

/** One sentence saying what the guard found here and what to do about it. */
export function guardExplanation(code: string, args: GuardWordsArgs): string {
  const { a, p, context, policy, timeZone } = args;
  const P = a.proposedPlanningDoseMcgPerDay ?? p.planningMcgPerDay ?? 0;
  const B = a.referenceDoseMcgPerDay;
  const against = B === null ? '' : `${formatMcgPerDay(B)}${a.restart ? ' (the dose before the stop)' : ''}`;
  switch (code) {
    case 'DOSE_UNIT_SUSPECT': {
      if (B === null) break;
      return a.direction === 'decrease'
        ? `${formatMcgPerDay(P)} is ${Math.round(B / P)} times lower than ${against}: check the units and the decimal point. If you are correcting a wrong high dose, say so in the reason.`
        : `${formatMcgPerDay(P)} is ${Math.round(P / B)} times ${against}: this looks like a unit slip (mcg/h instead of mcg/day) or a misplaced decimal point. Re-enter the dose; no reason can lift this.`;
    }
    case 'INCREASE_TOO_SOON_AFTER_IMPLANT':
      return `The pump was implanted ${formatInstant(context.patient.implantedAt, timeZone)}: no increase in the first ${policy.noIncreaseAfterImplantHours} hours. No reason can lift this.`;
    case 'DOSE_ABOVE_MAXIMUM':
      return `${formatMcgPerDay(P)} (boluses included) is above the clinic maximum of ${formatMcgPerDay(policy.maxDailyDoseMcg)}.`;
    case 'DOSE_ZERO_WITHDRAWAL_RISK':
      return 'A dose of 0 stops therapy: withdrawal can start within hours. Only with a plan for the patient (oral backup, close watch).';
    case 'DOSE_INCREASE_TOO_LARGE': {
      if (B === null) break;
      const limit = maxIncreasePct(context.patient.spasticityOrigin, !!context.patient.pediatric, policy);
      const who = context.patient.pediatric ? 'a child' : `${context.patient.spasticityOrigin} spasticity`;
      return `An increase of ${pctOf(B, P)} % over ${against}; the largest step for ${who} is ${limit} % (at most ${formatMcgPerDay(Math.floor(B * (1 + limit / 100) * 100) / 100)}).`;
    }
    case 'DOSE_DECREASE_TOO_LARGE':
      if (B === null) break;
      return `A decrease of ${pctOf(B, P)} % from ${against}; more than ${policy.maxDecreasePct} % at once risks withdrawal.`;
    case 'DOSE_CHANGE_TOO_SOON':
      return `The last change took effect ${formatInstant(context.current?.changedAt, timeZone)}, less than ${policy.minHoursBetweenIncreases} hours before this one would: wait for its full effect before increasing again.`;
    case 'RESTART_NOT_RECORDED':
      return `Therapy has been interrupted since ${formatInstant(a.interruptionSince, timeZone)} and no physician has recorded the restart decision. Record the event "Pump restarted" on the patient page first. No reason can lift this.`;
    case 'RESTART_DOSE_NEEDS_REVIEW': {
      if (B === null) break;
      const stopped = a.interruptionHours !== null ? formatSpan(a.interruptionHours * 3_600_000) : 'an unknown time';
      const safe = formatMcgPerDay(Math.floor(B * policy.restartFractionWithoutOverride * 100) / 100);
      const longStop = a.interruptionHours === null || a.interruptionHours > policy.restartFullDoseMaxHours;
      const pct = policy.restartFractionWithoutOverride * 100;
      return longStop
        ? `Therapy will have been stopped ${stopped} when this takes effect (more than ${policy.restartFullDoseMaxHours} h): tolerance may be lost and ${P > B ? 'a dose above the one before the stop' : 'the old dose'} can now overdose. Restart at ${safe} or less (${pct} % of ${formatMcgPerDay(B)}), or give a reason.`
        : `A restart above the dose before the stop (${formatMcgPerDay(B)}) needs review: restart at ${safe} or less, or give a reason.`;
    }
    case 'FIRST_DOSE_ABOVE_START_LIMIT': {
      const screening = context.patient.screeningDoseMcg;
      return screening != null
        ? `A first dose of ${formatMcgPerDay(P)} (boluses included) is more than twice the effective screening dose of ${formatMcg(screening)} (at most ${formatMcgPerDay(2 * screening)}).`
        : `No screening dose is recorded, so a first dose may be at most ${formatMcgPerDay(policy.maxStartDoseMcgPerDay)} (${formatMcgPerDay(P)} proposed, boluses included). For a patient transferred from another clinic, give the documented dose as the reason.`;
    }
    case 'BOLUS_TOO_LARGE': {
      const limit = ((p.programmedMcgPerDay ?? 0) * policy.maxBolusPctOfDailyDose) / 100;
      return `One bolus of ${formatMcg(p.bolusDoseMcg)} is more than ${policy.maxBolusPctOfDailyDose} % of the programmed ${formatMcgPerDay(p.programmedMcgPerDay)} (at most ${formatMcg(limit)} a bolus).`;
    }
    case 'CUMULATIVE_INCREASE_TOO_LARGE': {
      const L = a.lowestPlanningDose30dMcgPerDay;
      if (L === null) break;
      return `The lowest dose in the last ${CUMULATIVE_WINDOW_HOURS / 24} days was ${formatMcgPerDay(L)}; ${formatMcgPerDay(P)} is ${pctOf(L, P)} % above it (limit ${policy.maxCumulativeIncreasePct30d} %). Rising doses without effect suggest a catheter or pump problem: check them before escalating.`;
    }
    case 'DOSE_ABOVE_1000':
      return `${formatMcgPerDay(P)} (boluses included) is above ${formatMcgPerDay(policy.warnDailyDoseMcg)}: double-check the dose and the concentration.`;
    case 'DOSE_DECREASE_LARGE':
      if (B === null) break;
      return `A decrease of ${pctOf(B, P)} % from ${against}: watch for withdrawal symptoms.`;
  }
  return words(DOSE_CODE_WORDS, code);
}
