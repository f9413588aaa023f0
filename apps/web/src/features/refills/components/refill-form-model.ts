/** The refill form's fields, validation and where each engine/API code is shown. */
import { z } from 'zod';
import { DATE_VALUE, WALL_TIME_VALUE } from '../../../lib/clinic-date';
import { REFILL_CODE_WORDS } from '../../../lib/codes';
import { parseNumber } from '../../../lib/numbers';

const numberText = (label: string, { min = 0, max = 1e6 } = {}) =>
  z
    .string()
    .refine((v) => parseNumber(v) !== null, `Enter the ${label} as a number.`)
    .refine(
      (v) => (parseNumber(v) ?? 0) >= min && (parseNumber(v) ?? 0) <= max,
      `The ${label} must be between ${min} and ${max}.`,
    );
const optionalNumberText = (label: string) =>
  z
    .string()
    .refine((v) => v.trim() === '' || parseNumber(v) !== null, `Enter the ${label} as a number, or leave it blank.`);

/**
 * What the live check (the engine's warnings and discrepancy) or the server found that the nurse must deal
 * with before saving; never re-derived in the form.
 */
export interface RefillRequirements {
  concentrationChanged: boolean;
  discrepancyFound: boolean;
}

export const BRIDGE_BOLUS_REQUIRED =
  'Enter the bridge bolus programmed (mcg, more than 0): the catheter still holds the old concentration.';
export const DISCREPANCY_ACK_REQUIRED =
  'Stop: re-aspirate, confirm the needle is in the reservoir and inform the physician, then tick this box.';

export const refillSchema = z.object({
  at: z
    .string()
    .min(1, 'Enter when the refill was done.')
    .regex(WALL_TIME_VALUE, 'Enter when the refill was done: a date and a 24-hour time, as shown under the field.'),
  actualResidualMl: numberText('residual volume', { max: 100 }),
  volumeAddedMl: numberText('volume added', { max: 100 }),
  concentrationMcgPerMl: z.string().min(1, 'Choose the concentration filled (read it off the vial).'),
  programmedConcentrationMcgPerMl: numberText('programmed concentration', { min: 0, max: 100000 }),
  needlePositionConfirmed: z.boolean().refine((v) => v, REFILL_CODE_WORDS.NEEDLE_POSITION_NOT_CONFIRMED),
  secondCheckerId: z.string().min(1, REFILL_CODE_WORDS.SECOND_CHECKER_REQUIRED),
  discrepancyAcknowledged: z.boolean(),
  lotNumber: z.string().max(64),
  lotExpiry: z
    .string()
    .refine(
      (v) => v === '' || DATE_VALUE.test(v),
      'Enter the expiry date as shown under the field, or leave it blank.',
    ),
  bridgeBolusMcg: optionalNumberText('bridge bolus'),
  concentrationChangeConfirmed: z.boolean(),
  notes: z.string().max(2000),
});
export type RefillFormValues = z.infer<typeof refillSchema>;
export type RefillFieldName = keyof RefillFormValues;

/** What the nurse still has to do, given what the live check found; empty when the refill may be sent. */
export function requirementErrors(
  v: RefillFormValues,
  needs: RefillRequirements,
): Partial<Record<RefillFieldName, string>> {
  const out: Partial<Record<RefillFieldName, string>> = {};
  if (needs.discrepancyFound && !v.discrepancyAcknowledged) out.discrepancyAcknowledged = DISCREPANCY_ACK_REQUIRED;
  if (needs.concentrationChanged) {
    if (!v.concentrationChangeConfirmed) {
      out.concentrationChangeConfirmed = REFILL_CODE_WORDS.CONCENTRATION_CHANGE_UNCONFIRMED!;
    }
    const bolus = parseNumber(v.bridgeBolusMcg);
    if (bolus === null || bolus <= 0) out.bridgeBolusMcg = BRIDGE_BOLUS_REQUIRED;
  }
  return out;
}

/** Where each engine/API code belongs in the form; the rest are shown above the submit button. */
export const CODE_FIELD: Record<string, RefillFieldName> = {
  FILL_EXCEEDS_RESERVOIR: 'volumeAddedMl',
  VOLUME_INVALID: 'volumeAddedMl',
  NO_VOLUME_ADDED: 'volumeAddedMl',
  RESIDUAL_EXCEEDS_CAPACITY: 'actualResidualMl',
  CONCENTRATION_NOT_IN_LIBRARY: 'concentrationMcgPerMl',
  CONCENTRATION_SCREENING_ONLY: 'concentrationMcgPerMl',
  PROGRAMMED_CONCENTRATION_MISMATCH: 'programmedConcentrationMcgPerMl',
  NEEDLE_POSITION_NOT_CONFIRMED: 'needlePositionConfirmed',
  CONCENTRATION_CHANGE_UNCONFIRMED: 'concentrationChangeConfirmed',
  CONCENTRATION_CHANGED: 'concentrationChangeConfirmed',
  BRIDGE_BOLUS_MISSING: 'bridgeBolusMcg',
  DISCREPANCY_NOT_ACKNOWLEDGED: 'discrepancyAcknowledged',
  SECOND_CHECKER_REQUIRED: 'secondCheckerId',
  SECOND_CHECKER_INVALID: 'secondCheckerId',
  LOT_EXPIRED: 'lotExpiry',
  REFILL_IN_FUTURE: 'at',
  REFILL_BEFORE_IMPLANT: 'at',
  REFILL_BEFORE_PREVIOUS: 'at',
};

/** Server codes that mean the concentration changed (the server saw it even if the live check could not). */
export const CONCENTRATION_CHANGE_CODES = [
  'CONCENTRATION_CHANGED',
  'CONCENTRATION_CHANGE_UNCONFIRMED',
  'BRIDGE_BOLUS_MISSING',
];
