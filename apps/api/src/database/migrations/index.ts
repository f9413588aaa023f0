import { InitialSchema1795610547539 } from './1795610547539-InitialSchema';
import { AuditAppendOnly1795610600000 } from './1795610600000-AuditAppendOnly';
import { CalendarTokens1795612284901 } from './1795612284901-CalendarTokens';

/** Every migration class in order; generate new ones with `pnpm --filter @pumpwatch/api migration:generate --name=X`. */
export const MIGRATIONS: Function[] = [
  InitialSchema1795610547539,
  AuditAppendOnly1795610600000,
  CalendarTokens1795612284901,
];
