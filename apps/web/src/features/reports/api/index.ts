// The public face of the reports feature: other features import from here (lint: pumpwatch/feature-boundaries).
export * from './reports';
