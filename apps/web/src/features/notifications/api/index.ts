// The public face of the notifications feature: other features import from here (lint: pumpwatch/feature-boundaries).
export * from './notifications';
