import type { AlarmCode } from './enums';

/**
 * Every alarm code in the words a clinician reads: the board, the patient page and the alarm e-mails all use
 * this one table, so a page and the board never name the same alarm differently (the e-mails had their own,
 * shorter list, and showed the bare code for the alarms added since).
 */
export const ALARM_CODE_WORDS: Record<AlarmCode, string> = {
  RESERVOIR_EMPTY: 'Reservoir projected empty',
  LOW_RESERVOIR: 'Low reservoir alarm reached',
  REFILL_OVERDUE: 'Refill overdue',
  APPOINTMENT_AFTER_ALARM: 'Booked refill is after the worst-case low-reservoir alarm',
  APPOINTMENT_AFTER_DUE_DATE: 'Booked refill is after the due date',
  REFILL_NOT_BOOKED: 'Next refill not booked',
  APPOINTMENT_MISSED: 'Refill appointment missed',
  REFILL_DISCREPANCY: 'Refill volume discrepancy needs review',
  THERAPY_INTERRUPTED: 'Therapy interrupted: physician restart decision needed',
  MRI_CHECK_DUE: 'Pump check due after MRI',
  BATTERY_ERI_SOON: 'Battery end of life approaching',
  BATTERY_ERI_REACHED: 'Battery replacement indicator reached',
  DOSE_UNVERIFIED: 'Dose change awaiting second-clinician verification',
  THERAPY_STOPPED: 'Therapy stopped (0 mcg/day programmed): withdrawal risk until a dose is restarted',
  POST_RESTART_WATCH: 'Restarted after an interruption: watch for overdose and over-infusion (72 h)',
  TRIAGE_OPEN: 'Call about symptoms: outcome not yet recorded',
  NOTIFICATIONS_FAILING: 'Alarm e-mails or pager messages are not being delivered',
};
