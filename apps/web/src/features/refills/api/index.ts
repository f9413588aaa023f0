// The public face of the refills feature: other features import from here (lint: pumpwatch/feature-boundaries).
export * from './refills';
