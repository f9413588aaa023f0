export * from './types';
export { validateTriageInput } from './validate';
export { triageCall, triageFromModel, suspectedCause, compareUrgency } from './triage';
export { triageContextFromPump, lastDoseIncreaseAt, type PumpTriageFacts } from './context';
