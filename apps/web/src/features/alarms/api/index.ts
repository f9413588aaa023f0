// The public face of the alarms feature: other features import from here (lint: pumpwatch/feature-boundaries).
export * from './alarms';
export * from './board-deltas';
export * from './use-alarm-board';
export * from './use-alarm-stream';
