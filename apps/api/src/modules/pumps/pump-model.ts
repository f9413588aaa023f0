import type { PumpModel } from '@pumpwatch/contracts';
import type { PumpModel as EngineModel } from '@pumpwatch/domain';

/** Wire names (API contract) → engine enum. */
export const ENGINE_MODEL: Record<PumpModel, EngineModel> = {
  'SynchroMed II': 'SYNCHROMED_II',
  'SynchroMed III': 'SYNCHROMED_III',
  'Prometra II': 'PROMETRA_II',
  Other: 'OTHER',
};

/**
 * Low-reservoir alarm volume when none is programmed: Prometra's controller uses 3.0 mL
 * (docs/clinical/PROJECTION-AND-ALARMS.md §2).
 */
export const defaultLowReservoirAlarmMl = (model: PumpModel): number => (model === 'Prometra II' ? 3.0 : 2.0);
