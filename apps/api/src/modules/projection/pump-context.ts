import type { DoseProgram, StatusInput } from '@pumpwatch/domain';
import type { ClinicSettings } from '../clinic-settings/clinic-settings.service';
import { ENGINE_MODEL } from '../pumps/pump-model';
import type { PatientRef, PumpModel, SpasticityOrigin } from '@pumpwatch/contracts';

/** Everything the engine needs about one pump, loaded set-based for many pumps at once. */
export interface PumpContext {
  pumpId: string;
  patientId: string;
  model: PumpModel;
  reservoirCapacityMl: number;
  lowReservoirAlarmMl: number;
  worstCaseFactor: number | null;
  discrepancyThresholdMl: number | null;
  implantedAt: Date;
  explantedAt: Date | null;
  highRisk: boolean;
  birthDate: string;
  spasticityOrigin: SpasticityOrigin;
  /** The patient's identity as lists show it (names change: the patients trigger invalidates cached contexts). */
  patient: PatientRef;
  lastRefill: {
    id: string;
    at: Date;
    volumeAddedMl: number;
    concentrationMcgPerMl: number;
    beyondUseDays: number | null;
    /** The rate factor this refill measured, only when it found over-infusion (null otherwise). */
    measuredRateFactor: number | null;
  } | null;
  programs: (DoseProgram & { id: string; programmedDoseMcgPerDay: number; createdAt: Date })[];
  nextAppointmentAt: Date | null;
  /** pump_eval_state.input_seq read with this context (bigint as text; null when not loaded). */
  inputSeq?: string | null;
}

/** The engine's `status` input for a pump with a refill on record (`null` otherwise). */
export function statusInput(ctx: PumpContext, now: Date, settings: ClinicSettings): StatusInput | null {
  if (!ctx.lastRefill) return null;
  return {
    kind: 'status',
    now: now.toISOString(),
    timeZone: settings.timeZone,
    patient: { highRisk: ctx.highRisk },
    pump: {
      reservoirCapacityMl: ctx.reservoirCapacityMl,
      lowReservoirAlarmMl: ctx.lowReservoirAlarmMl,
      worstCaseFactor: ctx.worstCaseFactor,
      discrepancyThresholdMl: ctx.discrepancyThresholdMl,
      model: ENGINE_MODEL[ctx.model],
    },
    lastRefill: {
      at: ctx.lastRefill.at.toISOString(),
      reservoirVolumeAfterMl: ctx.lastRefill.volumeAddedMl,
      concentrationMcgPerMl: ctx.lastRefill.concentrationMcgPerMl,
      beyondUseDays: ctx.lastRefill.beyondUseDays,
      ...(ctx.lastRefill.measuredRateFactor !== null ? { measuredRateFactor: ctx.lastRefill.measuredRateFactor } : {}),
    },
    dosePrograms: ctx.programs.map(
      ({ effectiveAt, basalDoseMcgPerDay, flexSteps, bolusDoseMcg, maxBolusesPerDay }) => ({
        effectiveAt,
        ...(flexSteps ? { flexSteps } : { basalDoseMcgPerDay }),
        bolusDoseMcg,
        maxBolusesPerDay,
      }),
    ),
    appointmentAt: ctx.nextAppointmentAt?.toISOString() ?? null,
    policy: settings.policy,
  };
}
