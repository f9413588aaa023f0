// The public face of the auth feature: other features import from here (lint: pumpwatch/feature-boundaries).
export * from './login';
export * from './mfa';
