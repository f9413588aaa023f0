/**
 * Fixed wording of the patient emergency card (docs/clinical/PROJECTION-AND-ALARMS.md §1, drug labels). Kept in
 * the API so every printout (web, PDF, future app) carries the same reviewed text.
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

/** The physician's oral baclofen plan as printed: a bridge for withdrawal, never for drowsiness. */
export const ORAL_BACKUP_HEADING = 'Oral baclofen backup plan (prescribed by your doctor)';

export function oralBackupDirections(plan: { doseMg: number; timesPerDay: number }): string {
  const times = plan.timesPerDay === 1 ? 'once a day' : `${plan.timesPerDay} times a day`;
  return `${plan.doseMg} mg of baclofen by mouth, ${times}`;
}

export const ORAL_BACKUP_USE = [
  'Only for signs of withdrawal, when the clinic or the emergency team tells you to, while you get to care.',
  'It does not replace the pump: still go to the clinic or an emergency department as you were told.',
  'Never take it if you are unusually drowsy, dizzy or breathing slowly (these can be signs of too much baclofen).',
];

/** Printed beside the plan when the patient has these risk factors: both make oral baclofen more sedating. */
export const ORAL_BACKUP_CAUTIONS: Readonly<Record<'RENAL_IMPAIRMENT' | 'CNS_DEPRESSANTS', string>> = {
  RENAL_IMPAIRMENT: 'Kidney problems: baclofen builds up in the body; watch closely for drowsiness.',
  CNS_DEPRESSANTS:
    'Takes other sedating medicines (e.g. opioids, sleeping pills, alcohol): watch for drowsiness and slow breathing.',
};
