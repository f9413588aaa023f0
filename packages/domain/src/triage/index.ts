export * from './types';
export { validateTriageInput } from './validate';
export { triageCall, triageFromModel, suspectedCause, compareUrgency } from './triage';
export { triageContextFromPump, lastDoseIncreaseAt, type PumpTriageFacts } from './context';
export { oralBackupPlanProblems, ORAL_BACKUP_LIMITS, type OralBackupPlan, type OralBackupProblem } from './oral-backup';
export { TRIAGE_ALARM_PRIORITY, triageAlarmPriority } from './alarm';
