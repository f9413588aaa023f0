/** Raw JSON of kind "triage" → TriageModel, or EngineError (INVALID_INPUT / INVALID_INSTANT). */
import { EngineError } from '../errors';
import { parseInstant } from '../time';
import { TRIAGE_SYMPTOMS, type TriageModel, type TriageSymptom } from './types';

type Raw = Record<string, unknown>;

function invalid(path: string, message: string): never {
  throw new EngineError('INVALID_INPUT', `${path}: ${message}`);
}

/** Optional fields accept null as "absent", as the other kinds do (forms and rows send null). */
const isAbsent = (value: unknown): value is null | undefined => value === undefined || value === null;

function asObject(value: unknown, path: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(path, 'must be an object');
  return value as Raw;
}

function optionalBoolean(value: unknown, path: string): boolean {
  if (isAbsent(value)) return false;
  if (typeof value !== 'boolean') invalid(path, 'must be true or false');
  return value;
}

function optionalInstant(value: unknown, path: string): number | null {
  if (isAbsent(value)) return null;
  if (typeof value !== 'string') invalid(path, 'must be an ISO-8601 instant');
  return parseInstant(value, path);
}

/** Alarm codes are upper-case identifiers; anything else is a malformed list. */
const ALARM_CODE_RE = /^[A-Z][A-Z0-9_]*$/;

function validateSymptoms(value: unknown): TriageSymptom[] {
  // A missing list is refused rather than read as "nothing reported": an empty call would come out ROUTINE.
  if (isAbsent(value)) invalid('symptoms', 'is required (send [] when the caller reports no symptom)');
  if (!Array.isArray(value)) invalid('symptoms', 'must be an array of symptom codes');
  const out: TriageSymptom[] = [];
  value.forEach((code, i) => {
    if (typeof code !== 'string' || !(TRIAGE_SYMPTOMS as readonly string[]).includes(code)) {
      invalid(`symptoms[${i}]`, `${JSON.stringify(code)} is not one of ${TRIAGE_SYMPTOMS.join(', ')}`);
    }
    if (!out.includes(code as TriageSymptom)) out.push(code as TriageSymptom);
  });
  return out;
}

function validateOpenAlarms(value: unknown): string[] {
  if (isAbsent(value)) return [];
  if (!Array.isArray(value)) invalid('context.openAlarms', 'must be an array of alarm codes');
  // Any well-formed code is accepted: the alarm list grows with the clinic's system, and refusing a call
  // because the pump carries an alarm this engine has no rule for would leave the nurse without an answer.
  return value.map((code, i) => {
    if (typeof code !== 'string' || !ALARM_CODE_RE.test(code)) {
      invalid(`context.openAlarms[${i}]`, 'must be an alarm code such as "THERAPY_INTERRUPTED"');
    }
    return code;
  });
}

export function validateTriageInput(value: unknown): TriageModel {
  const raw = asObject(value, 'input');
  if (raw.kind !== 'triage') invalid('kind', 'must be "triage"');
  if (isAbsent(raw.now)) invalid('now', 'is required');
  if (typeof raw.now !== 'string') invalid('now', 'must be an ISO-8601 instant');
  const nowMs = parseInstant(raw.now, 'now');
  const patient = isAbsent(raw.patient) ? {} : asObject(raw.patient, 'patient');
  const context = isAbsent(raw.context) ? {} : asObject(raw.context, 'context');
  return {
    nowMs,
    highRisk: optionalBoolean(patient.highRisk, 'patient.highRisk'),
    oralBackupPlan: optionalBoolean(patient.oralBackupPlan, 'patient.oralBackupPlan'),
    symptoms: validateSymptoms(raw.symptoms),
    pumpAlarmHeard: optionalBoolean(raw.pumpAlarmHeard, 'pumpAlarmHeard'),
    reservoirAtOrBelowAlarm: optionalBoolean(context.reservoirAtOrBelowAlarm, 'context.reservoirAtOrBelowAlarm'),
    pastWorstCaseAlarm: optionalBoolean(context.pastWorstCaseAlarm, 'context.pastWorstCaseAlarm'),
    openAlarms: validateOpenAlarms(context.openAlarms),
    lastDoseIncreaseAtMs: optionalInstant(context.lastDoseIncreaseAt, 'context.lastDoseIncreaseAt'),
    lastRefillAtMs: optionalInstant(context.lastRefillAt, 'context.lastRefillAt'),
  };
}
