/**
 * Fixed wording of the patient emergency card (ITB-REFERENCE §1 and §8, drug labels). Kept in the API so
 * every printout (web, PDF, future app) carries the same reviewed text.
 */
export const NEVER_STOP = 'Never stop baclofen abruptly';

export const WITHDRAWAL_SIGNS = [
  'Return of spasticity or muscle stiffness',
  'Itching (pruritus)',
  'Low blood pressure, light-headedness',
  'Tingling or pins and needles (paraesthesias)',
  'High fever',
  'Confusion or altered mental state',
  'Severe rebound spasticity, muscle rigidity',
  'Seizures',
];

export const OVERDOSE_SIGNS = ['Unusual drowsiness', 'Slow or shallow breathing', 'Dizziness, loss of consciousness'];

export const WHAT_TO_DO = [
  'If you notice any of these signs, or your pump alarms, call the clinic at once (out of hours: the out-of-hours number).',
  'If you cannot reach the clinic or the signs are severe, go to the nearest emergency department now.',
  'Bring this card and tell staff you have an intrathecal baclofen pump: withdrawal can be life-threatening within hours to days.',
  'Do not miss a refill appointment; book the next refill before travelling.',
];
