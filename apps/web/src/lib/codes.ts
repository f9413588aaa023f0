/** Machine codes → plain words for clinicians. Unknown codes fall back to a readable form of the code. */
import { ALARM_CODE_WORDS, type AlarmPriority, type PumpEventType, type RiskFactor } from '@pumpwatch/contracts';

export const REFILL_CODE_WORDS: Record<string, string> = {
  FILL_EXCEEDS_RESERVOIR: 'Volume added is more than the reservoir holds.',
  CONCENTRATION_NOT_IN_LIBRARY: 'This concentration is not in the drug library.',
  CONCENTRATION_SCREENING_ONLY: 'This concentration is for screening only, not for pump refills.',
  VOLUME_INVALID: 'Volumes cannot be negative.',
  PROGRAMMED_CONCENTRATION_MISMATCH: 'The concentration programmed in the pump differs from the drug filled.',
  NEEDLE_POSITION_NOT_CONFIRMED: 'Confirm the needle position in the reservoir before recording the refill.',
  CONCENTRATION_CHANGED:
    'Concentration differs from the last refill: program and document a bridge bolus, and confirm the change.',
  CONCENTRATION_CHANGE_UNCONFIRMED: 'Confirm the concentration change and enter the bridge bolus programmed.',
  RESIDUAL_EXCEEDS_CAPACITY:
    'The residual withdrawn is more than the reservoir holds: re-read the syringe and check the needle was in the reservoir.',
  NO_VOLUME_ADDED: 'No volume added: an aspiration without a fill is not a refill (record it as a pump event instead).',
  BRIDGE_BOLUS_MISSING:
    'The concentration changed: enter the bridge bolus programmed (more than 0 mcg) before recording the refill.',
  DISCREPANCY_NOT_ACKNOWLEDGED:
    'The residual is outside tolerance: re-aspirate, confirm the needle is in the reservoir and inform the physician, then confirm below.',
  SECOND_CHECKER_REQUIRED: 'Choose the nurse or physician who checked this refill with you.',
  SECOND_CHECKER_INVALID: 'The second checker must be an active nurse or physician other than you.',
  LOT_EXPIRED: 'This drug lot has expired.',
  REFILL_IN_FUTURE: 'A refill cannot be recorded in the future.',
  REFILL_BEFORE_IMPLANT: 'A refill cannot be before the implant.',
  REFILL_BEFORE_PREVIOUS: 'A refill cannot be before the previous refill.',
  PUMP_EXPLANTED: 'This pump has been explanted.',
  NO_DOSE_PROGRAM: 'This pump has no dose program yet: a physician must program a dose first.',
  VALIDATION_FAILED: 'Some values are missing or invalid.',
};

export const DOSE_CODE_WORDS: Record<string, string> = {
  DOSE_INVALID: 'The dose is not a valid number.',
  DOSE_UNIT_SUSPECT: 'The new dose is 10× or more away from the previous one: check the units (mcg/day vs mcg/h).',
  INCREASE_TOO_SOON_AFTER_IMPLANT: 'No dose increase within 24 hours of implant.',
  DOSE_ABOVE_MAXIMUM: 'Above the clinic maximum daily dose.',
  DOSE_ZERO_WITHDRAWAL_RISK: 'A zero dose stops therapy: withdrawal risk.',
  DOSE_INCREASE_TOO_LARGE: 'Increase is larger than the allowed step for this patient.',
  DOSE_DECREASE_TOO_LARGE: 'Decrease is larger than the allowed step.',
  DOSE_CHANGE_TOO_SOON: 'Less than 24 hours since the last dose change.',
  DOSE_ABOVE_1000: 'Daily dose above 1000 mcg: double-check.',
  DOSE_DECREASE_LARGE: 'Large decrease: watch for withdrawal symptoms.',
  FIRST_DOSE_ABOVE_START_LIMIT:
    'First dose above the starting limit: twice the effective screening dose, or the clinic start maximum when no screening dose is recorded.',
  RESTART_NOT_RECORDED:
    'Therapy is interrupted and no physician has recorded the restart decision: record "Pump restarted" first.',
  RESTART_DOSE_NEEDS_REVIEW:
    'Restart dose too high for how long therapy was stopped: tolerance may be lost, so restart at half the previous dose or less, or give a reason.',
  BOLUS_TOO_LARGE: 'A single bolus is larger than the share of the daily dose the clinic allows.',
  CUMULATIVE_INCREASE_TOO_LARGE:
    'The dose has already gone up a lot in the last 30 days: check the pump and catheter before escalating further.',
  OVERRIDE_REASON_REQUIRED: 'Give a reason to override.',
  OVERRIDE_REASON_TOO_SHORT: 'Each override reason needs at least 8 characters: say why this guard may be lifted.',
  EFFECTIVE_AT_BEFORE_IMPLANT: 'A dose program cannot start before the implant.',
  NO_DOSE_PROGRAM: 'No dose program in force.',
  FLEX_STEPS_NOT_24H: 'Flex step durations must add up to 24 hours (1440 minutes).',
  VALIDATION_FAILED: 'Some values are missing or invalid.',
};

export const DISCREPANCY_WORDS: Record<string, string> = {
  NONE: 'Within tolerance',
  SUSPECTED_OVER_INFUSION: 'Suspected over-infusion or leak (less left than expected)',
  SUSPECTED_UNDER_DELIVERY: 'Suspected under-delivery (more left than expected): withdrawal risk',
};

export const DUE_REASON_WORDS: Record<string, string> = {
  LOW_RESERVOIR: 'low-reservoir alarm minus buffer',
  WORST_CASE_LOW_RESERVOIR: 'worst-case low-reservoir alarm',
  DRUG_STABILITY: 'drug stability limit',
};

export const EVENT_WORDS: Record<PumpEventType, string> = {
  MRI: 'MRI scan',
  INTERROGATION: 'Pump interrogation',
  ERI_REPORTED: 'Battery replacement indicator reported',
  EMPTY_RESERVOIR: 'Empty reservoir',
  MOTOR_STALL: 'Motor stall',
  PUMP_STOPPED: 'Pump stopped',
  RESTARTED: 'Pump restarted',
  CATHETER_REVISION: 'Catheter revision',
  EXPLANT: 'Pump explanted',
  REPLACEMENT: 'Pump replaced',
};

export const RISK_FACTOR_WORDS: Record<RiskFactor, string> = {
  SCI_T6_OR_ABOVE: 'Spinal cord injury at T6 or above',
  COMMUNICATION_DIFFICULTY: 'Communication difficulty',
  PRIOR_WITHDRAWAL: 'Prior withdrawal',
  CANNOT_HEAR_ALARM: 'Cannot hear pump alarm',
  LIVES_FAR: 'Lives far from the clinic',
  RENAL_IMPAIRMENT: 'Renal impairment',
  CNS_DEPRESSANTS: 'Takes CNS depressants',
};

export const PRIORITY_WORDS: Record<AlarmPriority, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

const humanise = (code: string) => code.charAt(0) + code.slice(1).toLowerCase().replaceAll('_', ' ');

export const words = (table: Record<string, string>, code: string): string => table[code] ?? humanise(code);
/** An alarm code in the shared words (packages/contracts, also the e-mails'); a code added since, humanised. */
export const alarmWords = (code: string) => words(ALARM_CODE_WORDS, code);
