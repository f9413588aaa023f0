/**
 * The `refill` kind: checks a refill as it is recorded (docs/clinical/PROJECTION-AND-ALARMS.md §5,
 * docs/clinical/DOSE-AND-REFILL-RULES.md §11, §14).
 */
import { roundHalfAwayFromZero, roundPct, roundVolumeMl } from '../format';
import { projectionSegments, reservoirAtMl } from '../projection';
import type {
  DiscrepancyKind,
  RefillCheckOutput,
  RefillErrorCode,
  RefillInput,
  RefillModel,
  RefillWarningCode,
} from '../types';
import { validateRefillInput } from '../validate';

/**
 * Below this the difference between |discrepancy| and the threshold is binary noise of the projection
 * arithmetic (1 nL), so a discrepancy exactly at the threshold is treated as at it, as the contract wants.
 */
const COMPARISON_NOISE_ML = 1e-9;

const byCode = <T extends string>(codes: T[]): T[] => [...codes].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Pump override, else max(noise floor, min(cap, (factor − 1) × delivered)). The factor is the pump's accuracy
 * (pump or policy), never a measured over-infusion: the threshold says what the device may do, not what it did.
 */
export function discrepancyThresholdMl(model: RefillModel, expectedDeliveredMl: number): number {
  if (model.discrepancyThresholdMl !== null) return model.discrepancyThresholdMl;
  const { discrepancyNoiseMl, discrepancyMaxMl } = model.policy;
  const accuracyMl = (model.pumpWorstCaseFactor - 1) * expectedDeliveredMl;
  return Math.max(discrepancyNoiseMl, Math.min(discrepancyMaxMl, accuracyMl));
}

export function refillCheckFromModel(model: RefillModel): RefillCheckOutput {
  const { refill } = model;
  const expectedResidualMl = reservoirAtMl(projectionSegments(model), model.startVolumeMl, refill.atMs);
  const expectedDeliveredMl = model.startVolumeMl - expectedResidualMl;
  const discrepancyMl = refill.actualResidualMl - expectedResidualMl;
  const thresholdMl = discrepancyThresholdMl(model, expectedDeliveredMl);

  let discrepancy: DiscrepancyKind = 'NONE';
  if (Math.abs(discrepancyMl) - thresholdMl > COMPARISON_NOISE_ML) {
    // Less left than expected: over-infusion or leak (overdose risk). More: under-delivery (withdrawal risk).
    discrepancy = discrepancyMl < 0 ? 'SUSPECTED_OVER_INFUSION' : 'SUSPECTED_UNDER_DELIVERY';
  }

  const errors: RefillErrorCode[] = [];
  if (refill.volumeAddedMl > model.reservoirCapacityMl) errors.push('FILL_EXCEEDS_RESERVOIR');
  const entry = model.drugLibrary.find((e) => e.concentrationMcgPerMl === refill.concentrationMcgPerMl);
  if (!entry) errors.push('CONCENTRATION_NOT_IN_LIBRARY');
  else if (entry.screeningOnly) errors.push('CONCENTRATION_SCREENING_ONLY');
  if (refill.volumeAddedMl < 0 || refill.actualResidualMl < 0) errors.push('VOLUME_INVALID');
  // More aspirated than the pump holds is a misreading or an overfill (itself an over-infusion risk).
  if (refill.actualResidualMl > model.reservoirCapacityMl) errors.push('RESIDUAL_EXCEEDS_CAPACITY');
  // An aspiration without a fill is a pump event, not a refill.
  if (refill.volumeAddedMl === 0) errors.push('NO_VOLUME_ADDED');
  if (
    refill.programmedConcentrationMcgPerMl !== null &&
    refill.programmedConcentrationMcgPerMl !== refill.concentrationMcgPerMl
  ) {
    errors.push('PROGRAMMED_CONCENTRATION_MISMATCH');
  }
  if (refill.needlePositionConfirmed === false) errors.push('NEEDLE_POSITION_NOT_CONFIRMED');

  const warnings: RefillWarningCode[] = [];
  // Catheter and pump still hold the old concentration: a bridge bolus must be programmed.
  if (refill.concentrationMcgPerMl !== model.concentrationMcgPerMl) warnings.push('CONCENTRATION_CHANGED');

  const pct = (discrepancyMl / expectedDeliveredMl) * 100;
  // How fast the pump really ran: the API carries it into the next interval's worst case after an over-infusion.
  // Not measurable when nothing was expected to go, or when more came back than was put in.
  const measuredRateFactor =
    expectedDeliveredMl > 0 && refill.actualResidualMl <= model.startVolumeMl
      ? (model.startVolumeMl - refill.actualResidualMl) / expectedDeliveredMl
      : null;
  return {
    expectedResidualMl: roundVolumeMl(expectedResidualMl),
    expectedDeliveredMl: roundVolumeMl(expectedDeliveredMl),
    discrepancyMl: roundVolumeMl(discrepancyMl),
    // Null, not a division by zero, when nothing was expected to be delivered.
    discrepancyPct: expectedDeliveredMl > 0 && Number.isFinite(pct) ? roundPct(pct) : null,
    discrepancyThresholdMl: roundVolumeMl(thresholdMl),
    discrepancy,
    measuredRateFactor:
      measuredRateFactor !== null && Number.isFinite(measuredRateFactor)
        ? roundHalfAwayFromZero(measuredRateFactor, 4)
        : null,
    errors: byCode(errors),
    warnings: byCode(warnings),
  };
}

/** Validates (throws EngineError) and checks a refill being recorded. */
export function checkRefill(input: RefillInput): RefillCheckOutput {
  return refillCheckFromModel(validateRefillInput(input));
}
