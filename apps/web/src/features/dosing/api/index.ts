// The public face of the dosing feature: other features import from here (lint: pumpwatch/feature-boundaries).
export * from './dose-programs';
