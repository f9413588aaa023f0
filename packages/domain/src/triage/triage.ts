/**
 * The triage rules: the same symptoms with the same pump state give the same answer, whoever takes the call.
 * Background: withdrawal can progress to rhabdomyolysis, organ failure and death within a day or two, and an
 * overdose to respiratory depression and coma; both are first recognised on the phone.
 */
import {
  OVERDOSE_SYMPTOMS,
  RECENT_DOSE_INCREASE_MS,
  RECENT_REFILL_MS,
  SEVERE_SYMPTOMS,
  TRIAGE_RAISING_ALARMS,
  WITHDRAWAL_SYMPTOMS,
  type TriageAction,
  type TriageInput,
  type TriageModel,
  type TriageOutput,
  type TriageReason,
  type TriageSuspected,
  type TriageSymptom,
  type TriageUrgency,
} from './types';
import { validateTriageInput } from './validate';

const isWithdrawalSign = (s: TriageSymptom) =>
  s === 'SEIZURE' || (WITHDRAWAL_SYMPTOMS as readonly string[]).includes(s);
const isOverdoseSign = (s: TriageSymptom) => s === 'SEIZURE' || (OVERDOSE_SYMPTOMS as readonly string[]).includes(s);

/** Signs of both (a seizure alone is both) leave the cause unclear: neither can be ruled out. */
export function suspectedCause(symptoms: readonly TriageSymptom[]): TriageSuspected {
  const withdrawal = symptoms.some(isWithdrawalSign);
  const overdose = symptoms.some(isOverdoseSign);
  if (withdrawal && overdose) return 'UNCLEAR';
  if (withdrawal) return 'WITHDRAWAL';
  if (overdose) return 'OVERDOSE';
  return 'NONE';
}

/** `at` within `windowMs` before `now`, both ends included; a time after `now` does not count. */
const withinBefore = (atMs: number | null, nowMs: number, windowMs: number) =>
  atMs !== null && atMs <= nowMs && nowMs - atMs <= windowMs;

export function triageFromModel(m: TriageModel): TriageOutput {
  const suspected = suspectedCause(m.symptoms);
  const severe = m.symptoms.some((s) => SEVERE_SYMPTOMS.includes(s));
  const withdrawalPossible = suspected === 'WITHDRAWAL' || suspected === 'UNCLEAR';
  const overdosePossible = suspected === 'OVERDOSE' || suspected === 'UNCLEAR';

  let urgency: TriageUrgency;
  if (severe) urgency = 'EMERGENCY';
  else if (m.symptoms.length > 0 || m.pumpAlarmHeard) urgency = 'URGENT_SAME_DAY';
  else urgency = 'ROUTINE';

  const reasons: TriageReason[] = [];
  // Nothing reported and no alarm heard: a routine call is never raised, and has nothing to explain.
  if (urgency !== 'ROUTINE') {
    if (severe) reasons.push('SEVERE_SYMPTOM');
    if (m.pumpAlarmHeard) reasons.push('PUMP_ALARM_HEARD');
    // Each of these turns a same-day call into an emergency; an emergency by severe sign still lists them.
    const raising: TriageReason[] = [];
    if (m.highRisk) raising.push('HIGH_RISK_PATIENT');
    if (withdrawalPossible && (m.reservoirAtOrBelowAlarm || m.pastWorstCaseAlarm)) raising.push('RESERVOIR_LOW');
    if (m.openAlarms.some((code) => (TRIAGE_RAISING_ALARMS as readonly string[]).includes(code))) {
      raising.push('OPEN_PUMP_ALARM');
    }
    if (overdosePossible && withinBefore(m.lastDoseIncreaseAtMs, m.nowMs, RECENT_DOSE_INCREASE_MS)) {
      raising.push('RECENT_DOSE_INCREASE');
    }
    if (overdosePossible && withinBefore(m.lastRefillAtMs, m.nowMs, RECENT_REFILL_MS)) raising.push('RECENT_REFILL');
    if (raising.length > 0) urgency = 'EMERGENCY';
    reasons.push(...raising);
  }

  const actions: TriageAction[] = [];
  if (urgency === 'EMERGENCY') actions.push('EMERGENCY_DEPARTMENT_NOW', 'BRING_EMERGENCY_CARD');
  else if (urgency === 'URGENT_SAME_DAY') actions.push('PUMP_CHECK_TODAY');
  else actions.push('ROUTINE_FOLLOW_UP');
  // Oral baclofen bridges a withdrawal while the patient travels; it would add to an overdose, so it is
  // never suggested when an overdose is possible (UNCLEAR included).
  if (suspected === 'WITHDRAWAL' && urgency !== 'ROUTINE' && m.oralBackupPlan) actions.push('START_ORAL_BACKUP_PLAN');

  return { urgency, suspected, reasons: reasons.sort(), actions: actions.sort() };
}

/** Validates a raw "triage" input (throws EngineError) and classifies the call. */
export function triageCall(input: TriageInput | unknown): TriageOutput {
  return triageFromModel(validateTriageInput(input));
}

/** Negative when `a` is more urgent than `b`. */
export function compareUrgency(a: TriageUrgency, b: TriageUrgency): number {
  const order: Record<TriageUrgency, number> = { EMERGENCY: 0, URGENT_SAME_DAY: 1, ROUTINE: 2 };
  return order[a] - order[b];
}
