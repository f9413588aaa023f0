/**
 * Builds the clinical engine's inputs from API resources so the browser can preview exactly what the API
 * will compute (same '@pumpwatch/domain' code). Mirrors apps/api's pump-context statusInput.
 */
import type { DoseProgramDto, DrugLibraryEntryDto, PumpDto, PumpModel, RefillDto } from '@pumpwatch/contracts';
import type { DoseProgram, Policy, ProjectionInput, PumpModel as EngineModel, StatusInput } from '@pumpwatch/domain';

export const ENGINE_MODEL: Record<PumpModel, EngineModel> = {
  'SynchroMed II': 'SYNCHROMED_II',
  'SynchroMed III': 'SYNCHROMED_III',
  'Prometra II': 'PROMETRA_II',
  Other: 'OTHER',
};

export function enginePrograms(programs: DoseProgramDto[]): DoseProgram[] {
  return [...programs]
    .sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt) || a.createdAt.localeCompare(b.createdAt))
    .map((p) => ({
      effectiveAt: p.effectiveAt,
      ...(p.flexSteps ? { flexSteps: p.flexSteps } : { basalDoseMcgPerDay: p.basalDoseMcgPerDay ?? 0 }),
      bolusDoseMcg: p.bolusDoseMcg,
      maxBolusesPerDay: p.maxBolusesPerDay,
    }));
}

/** The newest refill on record (the API lists newest first, but do not rely on it). */
export const latestRefill = (refills: RefillDto[] | undefined): RefillDto | null =>
  refills && refills.length ? [...refills].sort((a, b) => b.at.localeCompare(a.at))[0]! : null;

export function projectionInput(args: {
  pump: PumpDto;
  lastRefill: RefillDto;
  programs: DoseProgramDto[];
  timeZone: string;
  policy?: Policy;
  drugLibrary?: DrugLibraryEntryDto[];
}): ProjectionInput {
  const { pump, lastRefill } = args;
  const drug = args.drugLibrary?.find((d) => d.concentrationMcgPerMl === lastRefill.concentrationMcgPerMl);
  return {
    timeZone: args.timeZone,
    pump: {
      reservoirCapacityMl: pump.reservoirCapacityMl,
      lowReservoirAlarmMl: pump.lowReservoirAlarmMl,
      worstCaseFactor: pump.worstCaseFactor ?? null,
      discrepancyThresholdMl: pump.discrepancyThresholdMl ?? null,
      model: ENGINE_MODEL[pump.model],
    },
    lastRefill: {
      at: lastRefill.at,
      reservoirVolumeAfterMl: lastRefill.volumeAddedMl,
      concentrationMcgPerMl: lastRefill.concentrationMcgPerMl,
      beyondUseDays: lastRefill.beyondUseDays ?? drug?.maxRefillIntervalDays ?? null,
      // As the API does: a pump measured running fast is projected at least that fast until its next refill.
      measuredRateFactor:
        lastRefill.discrepancy === 'SUSPECTED_OVER_INFUSION' ? (lastRefill.measuredRateFactor ?? null) : null,
    },
    dosePrograms: enginePrograms(args.programs),
    policy: args.policy ?? null,
  };
}

export function statusInput(
  base: ProjectionInput,
  args: { nowIso: string; highRisk: boolean; appointmentAt: string | null },
): StatusInput {
  return {
    ...base,
    kind: 'status',
    now: args.nowIso,
    patient: { highRisk: args.highRisk },
    appointmentAt: args.appointmentAt,
  };
}
