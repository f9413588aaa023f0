export * from './enums';
export * from './health';
export * from './resources';
export * from './alarms-worklist';
export * from './reports';
export * from './imports';
export * from './notifications';
export * from './triage';
