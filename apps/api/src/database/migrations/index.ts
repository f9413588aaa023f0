import { InitialSchema1795610547539 } from './1795610547539-InitialSchema';
import { AuditAppendOnly1795610600000 } from './1795610600000-AuditAppendOnly';
import { CalendarTokens1795612284901 } from './1795612284901-CalendarTokens';
import { PumpEvalState1795618650535 } from './1795618650535-PumpEvalState';
import { PumpChangeTracking1795618700000 } from './1795618700000-PumpChangeTracking';
import { Notifications1795720000000 } from './1795720000000-Notifications';
import { TriageCalls1795740000000 } from './1795740000000-TriageCalls';
import { Imports1795800000000 } from './1795800000000-Imports';
import { SafetyV31795700000000 } from './1795700000000-SafetyV3';
import { AuthSessions1795860000000 } from './1795860000000-AuthSessions';
import { AlarmSweepState1796130000000 } from './1796130000000-AlarmSweepState';
import { SignInThrottle1795870000000 } from './1795870000000-SignInThrottle';
import { AlarmBoardPaging1796200000000 } from './1796200000000-AlarmBoardPaging';
import { SweepFactIndex1796210000000 } from './1796210000000-SweepFactIndex';
import { UserMfa1795880000000 } from './1795880000000-UserMfa';
import { AuditHmac1795890000000 } from './1795890000000-AuditHmac';
import { ClinicDateFormat1796300000000 } from './1796300000000-ClinicDateFormat';
import { SsoSessions1795900000000 } from './1795900000000-SsoSessions';

/** Every migration class in order; generate new ones with `pnpm --filter @pumpwatch/api migration:generate --name=X`. */
export const MIGRATIONS: Function[] = [
  InitialSchema1795610547539,
  AuditAppendOnly1795610600000,
  CalendarTokens1795612284901,
  PumpEvalState1795618650535,
  PumpChangeTracking1795618700000,
  Notifications1795720000000,
  SafetyV31795700000000,
  TriageCalls1795740000000,
  Imports1795800000000,
  AuthSessions1795860000000,
  AlarmSweepState1796130000000,
  SignInThrottle1795870000000,
  AlarmBoardPaging1796200000000,
  SweepFactIndex1796210000000,
  UserMfa1795880000000,
  AuditHmac1795890000000,
  ClinicDateFormat1796300000000,
  SsoSessions1795900000000,
];
