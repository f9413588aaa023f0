// The public face of the patients feature: other features import from here (lint: pumpwatch/feature-boundaries).
export * from './patients';
export * from './pump-events';
