// The public face of the triage feature: other features import from here (lint: pumpwatch/feature-boundaries).
export * from './triage';
