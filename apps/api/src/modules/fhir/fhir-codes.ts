import { createHash } from 'node:crypto';
import type { CodeableConcept, Quantity, Ratio } from '@medplum/fhirtypes';
import type { AlarmPriority, PumpModel } from '@pumpwatch/contracts';

/** UCUM: every quantity PumpWatch exports carries this system and a UCUM code (mcg is `ug` in UCUM). */
export const UCUM = 'http://unitsofmeasure.org';
/** Local code systems (URNs: PumpWatch owns no web domain to publish CodeSystem resources under). */
export const MRN_SYSTEM = 'urn:pumpwatch:mrn';
export const ALARM_CODE_SYSTEM = 'urn:pumpwatch:alarm-code';
export const SERIAL_SYSTEM = 'urn:pumpwatch:pump-serial';

export const quantity = (value: number, code: 'ug' | 'ug/d' | 'mL' | 'mL/d' | 'mL/min' | 'd'): Quantity => ({
  value,
  unit: code,
  system: UCUM,
  code,
});

/** Concentration as the FHIR Ratio numerator ug / denominator 1 mL. */
export const concentrationRatio = (mcgPerMl: number): Ratio => ({
  numerator: quantity(mcgPerMl, 'ug'),
  denominator: quantity(1, 'mL'),
});

/** HL7 dose-rate-type: whether a dose or rate was ordered as such or calculated from other values. */
export const DOSE_RATE_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/dose-rate-type';

export const doseRateType = (code: 'ordered' | 'calculated', text: string): CodeableConcept => ({
  coding: [{ system: DOSE_RATE_TYPE_SYSTEM, code, display: code === 'ordered' ? 'Ordered' : 'Calculated' }],
  text,
});

/** RxNorm ingredient for baclofen (RXCUI 1292). */
export const BACLOFEN: CodeableConcept = {
  coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1292', display: 'baclofen' }],
  text: 'Baclofen',
};

/** SNOMED CT 72607000 |Intrathecal route (qualifier value)|. */
export const INTRATHECAL: CodeableConcept = {
  coding: [{ system: 'http://snomed.info/sct', code: '72607000', display: 'Intrathecal route' }],
  text: 'Intrathecal',
};

export const MANUFACTURER: Record<PumpModel, string | undefined> = {
  'SynchroMed II': 'Medtronic',
  'SynchroMed III': 'Medtronic',
  'Prometra II': 'Flowonix Medical',
  Other: undefined,
};

/** DetectedIssue.severity has three levels; a critical alarm is at least as severe as a high one. */
export const SEVERITY: Record<AlarmPriority, 'high' | 'moderate' | 'low'> = {
  critical: 'high',
  high: 'high',
  medium: 'moderate',
  low: 'low',
};

/** A name-based (v5-style, sha1) UUID: resources without a row of their own get the same id on every export. */
export function nameUuid(name: string): string {
  const h = createHash('sha1').update(`pumpwatch:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const urn = (id: string) => `urn:uuid:${id}`;
