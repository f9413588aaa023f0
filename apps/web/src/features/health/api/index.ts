// The public face of the health feature: other features import from here (lint: pumpwatch/feature-boundaries).
export * from './health-query';
