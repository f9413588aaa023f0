// The public face of the import feature: other features import from here (lint: pumpwatch/feature-boundaries).
export * from './imports';
