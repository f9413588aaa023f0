import type { DoseProgramDto } from '@pumpwatch/contracts';
import { planningDoseMcgPerDay } from '@pumpwatch/domain';
import type { DoseProgramEntity } from './dose-program.entity';

export function toDoseProgramDto(p: DoseProgramEntity): DoseProgramDto {
  return {
    id: p.id,
    pumpId: p.pumpId,
    effectiveAt: p.effectiveAt.toISOString(),
    basalDoseMcgPerDay: p.basalDoseMcgPerDay,
    flexSteps: p.flexSteps,
    bolusDoseMcg: p.bolusDoseMcg,
    maxBolusesPerDay: p.maxBolusesPerDay,
    programmedDoseMcgPerDay: p.programmedDoseMcgPerDay,
    // the engine's planning dose (every allowed bolus taken): what the projection uses
    planningDoseMcgPerDay: planningDoseMcgPerDay({
      effectiveAt: p.effectiveAt.toISOString(),
      ...(p.flexSteps ? { flexSteps: p.flexSteps } : { basalDoseMcgPerDay: p.basalDoseMcgPerDay ?? 0 }),
      bolusDoseMcg: p.bolusDoseMcg,
      maxBolusesPerDay: p.maxBolusesPerDay,
    }),
    warnings: p.warnings,
    overridden: p.overridden,
    overrideReason: p.overrideReason,
    notes: p.notes,
    createdBy: p.createdBy,
    verifiedBy: p.verifiedBy,
    verifiedAt: p.verifiedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
    version: p.version,
  };
}
