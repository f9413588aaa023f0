/** Plain words for the triage screen: what a tired nurse reads aloud to a worried caller. */
import type {
  TriageAction,
  TriageCaller,
  TriageOutcome,
  TriageReason,
  TriageSuspected,
  TriageSymptom,
  TriageUrgency,
} from '@pumpwatch/contracts';

export const SYMPTOM_GROUPS: { title: string; hint: string; symptoms: [TriageSymptom, string][] }[] = [
  {
    title: 'Signs of withdrawal',
    hint: 'too little baclofen reaching the spine',
    symptoms: [
      ['SPASTICITY_RETURN', 'Stiffness or spasms coming back'],
      ['ITCHING', 'Itching'],
      ['LOW_BLOOD_PRESSURE', 'Low blood pressure, feeling faint'],
      ['PARESTHESIA', 'Tingling or pins and needles'],
      ['HIGH_FEVER', 'High fever'],
      ['ALTERED_MENTAL_STATE', 'Confused, not themselves'],
      ['RIGIDITY', 'Very rigid muscles, cannot bend the limbs'],
    ],
  },
  {
    title: 'Signs of overdose',
    hint: 'too much baclofen',
    symptoms: [
      ['DROWSINESS', 'Unusually sleepy'],
      ['DIZZINESS', 'Dizzy, light-headed'],
      ['HYPOTONIA', 'Floppy, weak muscles (often the legs first)'],
      ['SLOW_BREATHING', 'Slow or shallow breathing'],
      ['UNRESPONSIVE', 'Hard to wake, or not responding'],
    ],
  },
  {
    title: 'Either',
    hint: 'can come from too little or too much',
    symptoms: [['SEIZURE', 'Seizure (fit)']],
  },
];

export const SYMPTOM_WORDS = Object.fromEntries(SYMPTOM_GROUPS.flatMap((g) => g.symptoms)) as Record<
  TriageSymptom,
  string
>;

export const CALLER_WORDS: Record<TriageCaller, string> = {
  patient: 'The patient',
  carer: 'A carer or relative',
  clinician: 'A clinician (GP, care home, paramedic)',
  other: 'Someone else',
};

export const URGENCY_WORDS: Record<TriageUrgency, { title: string; icon: string }> = {
  EMERGENCY: { title: 'Emergency: to an emergency department now', icon: '▲' },
  URGENT_SAME_DAY: { title: 'Urgent: pump check today', icon: '●' },
  ROUTINE: { title: 'Routine: no urgent action', icon: '○' },
};

export const SUSPECTED_WORDS: Record<TriageSuspected, string> = {
  WITHDRAWAL: 'Possible withdrawal (too little baclofen)',
  OVERDOSE: 'Possible overdose (too much baclofen)',
  UNCLEAR: 'Unclear: signs of both withdrawal and overdose',
  NONE: 'No warning sign reported',
};

export const REASON_WORDS: Record<TriageReason, string> = {
  SEVERE_SYMPTOM: 'A severe sign was reported.',
  HIGH_RISK_PATIENT: 'This patient is at high risk from withdrawal.',
  RESERVOIR_LOW: 'The pump may be running empty: its reservoir is at or past the low-reservoir alarm.',
  OPEN_PUMP_ALARM: 'The pump has an open alarm: delivery stopped, reservoir empty, or a refill discrepancy.',
  RECENT_DOSE_INCREASE: 'The dose was increased in the last 7 days.',
  RECENT_REFILL: 'The pump was refilled in the last 48 hours: a filling error is possible.',
  PUMP_ALARM_HEARD: 'The caller heard the pump alarm.',
};

/** Most pressing first (the API sends them sorted by code). */
export const ACTION_ORDER: TriageAction[] = [
  'EMERGENCY_DEPARTMENT_NOW',
  'BRING_EMERGENCY_CARD',
  'START_ORAL_BACKUP_PLAN',
  'PUMP_CHECK_TODAY',
  'ROUTINE_FOLLOW_UP',
];

export const ACTION_WORDS: Record<TriageAction, string> = {
  EMERGENCY_DEPARTMENT_NOW:
    'Tell the caller to go to the nearest emergency department now; call an ambulance if the patient is very unwell.',
  BRING_EMERGENCY_CARD: 'Bring the pump emergency card and tell the staff about the baclofen pump.',
  START_ORAL_BACKUP_PLAN:
    'Start the oral baclofen backup plan (shown beside) on the way; it does not replace the pump.',
  PUMP_CHECK_TODAY: 'Book a pump check today: read the pump and check the reservoir.',
  ROUTINE_FOLLOW_UP: 'No urgent action: follow up at the next visit, and call back if anything changes.',
};

export const OUTCOME_WORDS: Record<TriageOutcome, string> = {
  SENT_TO_EMERGENCY: 'Sent to the emergency department',
  PUMP_CHECKED: 'Pump checked',
  REFILLED: 'Pump refilled',
  ADVICE_ONLY: 'Advice only',
};

export const oralBackupDirections = (plan: { doseMg: number; timesPerDay: number }) =>
  `${plan.doseMg} mg of baclofen by mouth, ${plan.timesPerDay === 1 ? 'once a day' : `${plan.timesPerDay} times a day`}`;
