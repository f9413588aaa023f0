// Enumerations shared by API validation and the web app. Values are the wire format.
// Clinical code lists are the engine's own, re-exported so there is one source of truth.
import { ALARM_CODES as CLINICAL_ALARM_CODES, type AlarmCode as ClinicalAlarmCode } from '@pumpwatch/domain';
export {
  ALARM_PRIORITIES,
  DISCREPANCY_KINDS,
  SPASTICITY_ORIGINS,
  type AlarmPriority,
  type DiscrepancyKind,
  type SpasticityOrigin,
} from '@pumpwatch/domain';

/** Alarms about PumpWatch itself rather than a pump: clinic-wide, with no pump and no patient. */
export const SYSTEM_ALARM_CODES = ['NOTIFICATIONS_FAILING'] as const;
export type SystemAlarmCode = (typeof SYSTEM_ALARM_CODES)[number];
/** Pump alarms raised from records the engine's pump rules do not read: a triage call still without outcome. */
export const CALL_ALARM_CODES = ['TRIAGE_OPEN'] as const;
export type CallAlarmCode = (typeof CALL_ALARM_CODES)[number];
/** Every alarm code on the board: the engine's clinical codes, the call alarm and the system ones. */
export const ALARM_CODES = [...CLINICAL_ALARM_CODES, ...CALL_ALARM_CODES, ...SYSTEM_ALARM_CODES] as const;
export type AlarmCode = ClinicalAlarmCode | CallAlarmCode | SystemAlarmCode;
/**
 * How the clinic writes calendar dates in forms (a clinic setting, never the browser's locale: a browser set to
 * en-US must not turn 03/04 into the 4th of March for a clinic that writes 03/04 for the 3rd of April).
 * Times are always 24-hour HH:MM in the clinic's time zone.
 */
export const DATE_FORMATS = ['DD/MM/YYYY', 'YYYY-MM-DD', 'MM/DD/YYYY', 'DD.MM.YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
export const DEFAULT_DATE_FORMAT: DateFormat = 'DD/MM/YYYY';

export const ROLES = ['nurse', 'physician', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The first five make a patient high-risk for withdrawal (docs/clinical/PROJECTION-AND-ALARMS.md §1). */
export const HIGH_RISK_FACTORS = [
  'SCI_T6_OR_ABOVE',
  'COMMUNICATION_DIFFICULTY',
  'PRIOR_WITHDRAWAL',
  'CANNOT_HEAR_ALARM',
  'LIVES_FAR',
] as const;
export const RISK_FACTORS = [...HIGH_RISK_FACTORS, 'RENAL_IMPAIRMENT', 'CNS_DEPRESSANTS'] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

export const PUMP_MODELS = ['SynchroMed II', 'SynchroMed III', 'Prometra II', 'Other'] as const;
export type PumpModel = (typeof PUMP_MODELS)[number];
export const RESERVOIR_CAPACITIES_ML = [20, 40] as const;

export const PUMP_EVENT_TYPES = [
  'MRI',
  'INTERROGATION',
  'ERI_REPORTED',
  'EMPTY_RESERVOIR',
  'MOTOR_STALL',
  'PUMP_STOPPED',
  'RESTARTED',
  'CATHETER_REVISION',
  'EXPLANT',
  'REPLACEMENT',
] as const;
export type PumpEventType = (typeof PUMP_EVENT_TYPES)[number];
/** Events that stop delivery until a physician records RESTARTED. */
export const INTERRUPTING_EVENTS: readonly PumpEventType[] = ['EMPTY_RESERVOIR', 'MOTOR_STALL', 'PUMP_STOPPED'];

export const APPOINTMENT_STATUSES = ['booked', 'completed', 'cancelled', 'missed'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const ALARM_STATUSES = ['open', 'acknowledged', 'snoozed', 'resolved'] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];
