// The public face of the worklist feature: other features import from here (lint: pumpwatch/feature-boundaries).
export * from './worklist';
