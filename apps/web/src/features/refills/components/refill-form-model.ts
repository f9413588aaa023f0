/** The refill form's fields, validation and where each engine/API code is shown. */
import type { CreateRefillRequest } from '@pumpwatch/contracts';
import { refillGuardRefusals, type RefillGuardCode } from '@pumpwatch/domain';
import { z } from 'zod';
import { DATE_VALUE, WALL_TIME_VALUE } from '../../../lib/clinic-date';
import { REFILL_CODE_WORDS } from '../../../lib/codes';
import { instantToZonedInput, zonedInputToInstant } from '../../../lib/format';
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
 * What the live check (the engine's warnings and discrepancy) or the server found that the guards look at; never
 * re-derived in the form.
 */
export interface RefillFindings {
  /** The engine's refill warnings (CONCENTRATION_CHANGED among them when the strength changes). */
  warnings: readonly string[];
  /** The engine's (or the server's) discrepancy classification; NONE within tolerance. */
  discrepancy: string;
  initialFill: boolean;
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

/** An empty form at `nowIso` in the clinic's zone. */
export const emptyRefill = (nowIso: string, timeZone: string): RefillFormValues => ({
  at: instantToZonedInput(nowIso, timeZone),
  actualResidualMl: '',
  volumeAddedMl: '',
  // Both concentrations are read, never pre-filled from the record: the vial's label and the programmer's
  // screen are what the read-back compares.
  concentrationMcgPerMl: '',
  programmedConcentrationMcgPerMl: '',
  needlePositionConfirmed: false,
  secondCheckerId: '',
  discrepancyAcknowledged: false,
  lotNumber: '',
  lotExpiry: '',
  bridgeBolusMcg: '',
  concentrationChangeConfirmed: false,
  notes: '',
});

/**
 * The request for a form that passed its checks: numbers as numbers, the time as an instant, and only what applies
 * (the bridge bolus and its confirmation with a concentration change; an acknowledgement only of a discrepancy
 * actually shown, never a stale tick).
 */
export function refillRequestBody(
  v: RefillFormValues,
  {
    timeZone,
    concentrationChanged,
    discrepancyShown,
  }: { timeZone: string; concentrationChanged: boolean; discrepancyShown: boolean },
): CreateRefillRequest {
  const body: CreateRefillRequest = {
    at: zonedInputToInstant(v.at, timeZone) ?? undefined,
    actualResidualMl: parseNumber(v.actualResidualMl)!,
    volumeAddedMl: parseNumber(v.volumeAddedMl)!,
    concentrationMcgPerMl: Number(v.concentrationMcgPerMl),
    programmedConcentrationMcgPerMl: parseNumber(v.programmedConcentrationMcgPerMl)!,
    needlePositionConfirmed: v.needlePositionConfirmed,
    secondCheckerId: v.secondCheckerId,
    discrepancyAcknowledged: discrepancyShown && v.discrepancyAcknowledged,
  };
  if (v.lotNumber.trim()) body.lotNumber = v.lotNumber.trim();
  if (v.lotExpiry) body.lotExpiry = v.lotExpiry;
  if (concentrationChanged) {
    body.concentrationChangeConfirmed = v.concentrationChangeConfirmed;
    const bolus = parseNumber(v.bridgeBolusMcg);
    if (bolus !== null) body.bridgeBolusMcg = bolus;
  }
  if (v.notes.trim()) body.notes = v.notes.trim();
  return body;
}

/** Where each refill guard's refusal is shown, and its words there. */
const GUARD_FIELD: Record<RefillGuardCode, { field: RefillFieldName; words: string }> = {
  BRIDGE_BOLUS_MISSING: { field: 'bridgeBolusMcg', words: BRIDGE_BOLUS_REQUIRED },
  CONCENTRATION_CHANGE_UNCONFIRMED: {
    field: 'concentrationChangeConfirmed',
    words: REFILL_CODE_WORDS.CONCENTRATION_CHANGE_UNCONFIRMED!,
  },
  DISCREPANCY_NOT_ACKNOWLEDGED: { field: 'discrepancyAcknowledged', words: DISCREPANCY_ACK_REQUIRED },
};

/**
 * What the nurse still has to do before the refill may be sent: the domain's refill guards (refillGuardRefusals,
 * the rule the API applies) on what was typed, each next to its field. Empty when the refill may be sent.
 */
export function guardErrors(v: RefillFormValues, found: RefillFindings): Partial<Record<RefillFieldName, string>> {
  const refusals = refillGuardRefusals({
    ...found,
    bridgeBolusMcg: parseNumber(v.bridgeBolusMcg),
    concentrationChangeConfirmed: v.concentrationChangeConfirmed,
    discrepancyAcknowledged: v.discrepancyAcknowledged,
  });
  return Object.fromEntries(refusals.map((code) => [GUARD_FIELD[code].field, GUARD_FIELD[code].words]));
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
