import type {
  Appointment,
  Bundle,
  BundleEntry,
  DetectedIssue,
  Device,
  Dosage,
  Medication,
  MedicationAdministration,
  MedicationRequest,
  Patient,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import { roundRateMlPerDay } from '@pumpwatch/domain';
import type { AlarmEntity } from '../alarms/alarm.entity';
import type { AppointmentEntity } from '../appointments/appointment.entity';
import type { DoseProgramEntity } from '../dose-programs/dose-program.entity';
import type { PatientEntity } from '../patients/patient.entity';
import type { PumpEntity } from '../pumps/pump.entity';
import type { RefillEntity } from '../refills/refill.entity';
import {
  ALARM_CODE_SYSTEM,
  BACLOFEN,
  concentrationRatio,
  doseRateType,
  INTRATHECAL,
  MANUFACTURER,
  MRN_SYSTEM,
  nameUuid,
  quantity,
  SERIAL_SYSTEM,
  SEVERITY,
  urn,
} from './fhir-codes';

/** Everything stored about one patient, loaded set-based (one query per table). */
export interface PatientRecord {
  patient: PatientEntity;
  pumps: PumpEntity[];
  /** by pump, then effectiveAt, then createdAt (the engine's order of precedence) */
  programs: DoseProgramEntity[];
  /** by pump, then at */
  refills: RefillEntity[];
  /** unresolved alarms (open, acknowledged, snoozed) */
  alarms: AlarmEntity[];
  appointments: AppointmentEntity[];
}

/** Appointments store a start only; a refill visit is booked as a 30-minute slot. */
export const REFILL_VISIT_MINUTES = 30;

const APPOINTMENT_STATUS: Record<AppointmentEntity['status'], Appointment['status']> = {
  booked: 'booked',
  completed: 'fulfilled',
  missed: 'noshow',
  cancelled: 'cancelled',
};

/** A reference to a resource of this bundle by its `urn:uuid:` fullUrl. */
const ref = <T extends Resource>(r: T, display?: string): Reference<T> =>
  ({ reference: urn(r.id!), type: r.resourceType, ...(display ? { display } : {}) }) as Reference<T>;

export function toFhirPatient(p: PatientEntity): Patient {
  return {
    resourceType: 'Patient',
    id: p.id,
    meta: { lastUpdated: p.updatedAt.toISOString() },
    identifier: [
      {
        use: 'usual',
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }], text: 'MRN' },
        system: MRN_SYSTEM,
        value: p.mrn,
      },
    ],
    active: true,
    name: [{ use: 'official', family: p.familyName, given: [p.givenName] }],
    ...(p.phone ? { telecom: [{ system: 'phone' as const, value: p.phone }] } : {}),
    birthDate: p.birthDate,
  };
}

function toDevice(pump: PumpEntity, patient: Patient): Device {
  const manufacturer = MANUFACTURER[pump.model];
  return {
    resourceType: 'Device',
    id: pump.id,
    identifier: [{ system: SERIAL_SYSTEM, value: pump.serialNumber }],
    status: pump.explantedAt ? 'inactive' : 'active',
    ...(manufacturer ? { manufacturer } : {}),
    serialNumber: pump.serialNumber,
    deviceName: [{ name: pump.model, type: 'model-name' }],
    type: { text: 'Implantable intrathecal drug infusion pump' },
    patient: ref(patient),
    property: [{ type: { text: 'Reservoir capacity' }, valueQuantity: [quantity(pump.reservoirCapacityMl, 'mL')] }],
    note: [
      {
        text:
          `Implanted ${pump.implantedAt.toISOString()}` +
          (pump.explantedAt ? `; explanted ${pump.explantedAt.toISOString()}` : '') +
          (pump.catheterModel ? `; catheter ${pump.catheterModel}` : ''),
      },
    ],
  };
}

function toMedication(concentrationMcgPerMl: number): Medication {
  return {
    resourceType: 'Medication',
    id: nameUuid(`medication:baclofen-intrathecal:${concentrationMcgPerMl}`),
    code: { ...BACLOFEN, text: `Baclofen intrathecal ${concentrationMcgPerMl} mcg/mL` },
    status: 'active',
    ingredient: [
      { itemCodeableConcept: BACLOFEN, isActive: true, strength: concentrationRatio(concentrationMcgPerMl) },
    ],
  };
}

/** Concentration in the reservoir when a program took effect: the refill before it, else the first refill. */
function concentrationAt(refills: RefillEntity[], at: Date): number | null {
  let found: RefillEntity | null = null;
  for (const r of refills) if (r.at.getTime() <= at.getTime()) found = r;
  return (found ?? refills[0])?.concentrationMcgPerMl ?? null;
}

/**
 * A dose program as concurrent dosages (same `sequence`: FHIR reads equal numbers as "at the same time"):
 * - the continuous (basal or flex) dose as a rate: `rateQuantity` in ug/d, ordered, plus the volume rate it
 *   gives at the reservoir's concentration (calculated). Neither includes boluses;
 * - patient-activated boluses, when allowed, as their own as-needed dosage: the dose of one bolus and the most
 *   per day as `maxDosePerPeriod`.
 * The reservoir projection plans with the continuous rate plus every allowed bolus; a receiver rebuilds that from
 * the two dosages instead of reading a rate that silently mixes both.
 */
function programDosage(d: DoseProgramEntity, end: Date | null, concentration: number | null): Dosage[] {
  const timing = {
    repeat: { boundsPeriod: { start: d.effectiveAt.toISOString(), ...(end ? { end: end.toISOString() } : {}) } },
  };
  const steps = d.flexSteps?.map((s) => `${s.durationMinutes} min at ${s.doseRateMcgPerHour} mcg/h`).join(', ');
  const hasBoluses = Boolean(d.bolusDoseMcg && d.maxBolusesPerDay);
  const continuousMlPerDay = concentration ? roundRateMlPerDay(d.programmedDoseMcgPerDay / concentration) : null;
  const continuous: Dosage = {
    sequence: 1,
    text:
      `${d.programmedDoseMcgPerDay} mcg/day intrathecal` +
      (steps ? ` (flex: ${steps})` : ' (simple continuous)') +
      (concentration ? ` at ${concentration} mcg/mL, ${continuousMlPerDay} mL/day` : '') +
      (hasBoluses ? '; patient-activated boluses are a separate dosage, not included in this rate' : ''),
    timing,
    route: INTRATHECAL,
    doseAndRate: [
      {
        type: doseRateType('ordered', 'programmed daily dose'),
        rateQuantity: quantity(d.programmedDoseMcgPerDay, 'ug/d'),
      },
      ...(continuousMlPerDay !== null
        ? [
            {
              type: doseRateType('calculated', 'volume rate at the reservoir concentration'),
              rateQuantity: quantity(continuousMlPerDay, 'mL/d'),
            },
          ]
        : []),
    ],
  };
  if (!hasBoluses) return [continuous];
  const bolusDoseMcg = d.bolusDoseMcg!;
  const maxBolusesPerDay = d.maxBolusesPerDay!;
  const bolus: Dosage = {
    sequence: 1,
    text:
      `patient-activated bolus ${bolusDoseMcg} mcg, at most ${maxBolusesPerDay} per day ` +
      `(up to ${bolusDoseMcg * maxBolusesPerDay} mcg/day on top of the continuous dose)`,
    asNeededBoolean: true,
    timing,
    route: INTRATHECAL,
    doseAndRate: [{ type: doseRateType('ordered', 'dose per bolus'), doseQuantity: quantity(bolusDoseMcg, 'ug') }],
    maxDosePerPeriod: {
      numerator: quantity(bolusDoseMcg * maxBolusesPerDay, 'ug'),
      denominator: quantity(1, 'd'),
    },
  };
  return [continuous, bolus];
}

/**
 * FHIR R4 `$everything` for one patient: Patient, Device per pump, Medication per concentration used,
 * MedicationRequest per dose program, MedicationAdministration per refill, DetectedIssue per unresolved alarm,
 * Appointment per appointment. Every reference is a `urn:uuid:` fullUrl of an entry in the same bundle.
 */
export function patientEverything(rec: PatientRecord, now: Date): Bundle {
  const patient = toFhirPatient(rec.patient);
  const devices = new Map(rec.pumps.map((p) => [p.id, toDevice(p, patient)]));
  const pumpBy = new Map(rec.pumps.map((p) => [p.id, p]));
  const medications = new Map<number, Medication>();
  const medication = (c: number) => {
    if (!medications.has(c)) medications.set(c, toMedication(c));
    return medications.get(c)!;
  };
  const refillsBy = (pumpId: string) => rec.refills.filter((r) => r.pumpId === pumpId);

  const requests: MedicationRequest[] = rec.programs.map((d, i) => {
    const next = rec.programs.slice(i + 1).find((n) => n.pumpId === d.pumpId) ?? null;
    const pump = pumpBy.get(d.pumpId)!;
    const concentration = concentrationAt(refillsBy(d.pumpId), d.effectiveAt);
    const superseded = next !== null && next.effectiveAt.getTime() <= now.getTime();
    const status: MedicationRequest['status'] = superseded ? 'completed' : pump.explantedAt ? 'stopped' : 'active';
    return {
      resourceType: 'MedicationRequest',
      id: d.id,
      status,
      intent: 'order',
      ...(concentration
        ? { medicationReference: ref(medication(concentration), medication(concentration).code!.text) }
        : { medicationCodeableConcept: BACLOFEN }),
      subject: ref(patient),
      authoredOn: d.createdAt.toISOString(),
      note: [
        {
          text:
            (d.verifiedAt ? `Verified by a second clinician ${d.verifiedAt.toISOString()}` : 'Not yet verified') +
            (d.overridden.length ? `; overridden: ${d.overridden.join(', ')} (${d.overrideReason ?? ''})` : ''),
        },
      ],
      dosageInstruction: programDosage(d, next?.effectiveAt ?? null, concentration),
      supportingInformation: [ref(devices.get(d.pumpId)!)],
    };
  });

  const administrations: MedicationAdministration[] = rec.refills.map((r) => {
    const med = medication(r.concentrationMcgPerMl);
    const facts = [
      r.initialFill ? 'initial fill' : null,
      r.actualResidualMl !== null
        ? `residual aspirated ${r.actualResidualMl} mL`
        : 'imported record (residual not known)',
      r.expectedResidualMl !== null ? `expected ${r.expectedResidualMl} mL` : null,
      r.discrepancy !== 'NONE' ? `discrepancy ${r.discrepancyMl} mL (${r.discrepancy})` : null,
      r.lotNumber ? `lot ${r.lotNumber}${r.lotExpiry ? ` exp ${r.lotExpiry}` : ''}` : null,
      r.bridgeBolusMcg ? `bridge bolus ${r.bridgeBolusMcg} mcg` : null,
    ].filter(Boolean);
    return {
      resourceType: 'MedicationAdministration',
      id: r.id,
      status: 'completed',
      category: { text: 'Intrathecal pump refill' },
      medicationReference: ref(med, med.code!.text),
      subject: ref(patient),
      effectiveDateTime: r.at.toISOString(),
      device: [ref(devices.get(r.pumpId)!)],
      note: [{ text: facts.join('; ') }],
      dosage: {
        text: `${r.volumeAddedMl} mL of baclofen ${r.concentrationMcgPerMl} mcg/mL into the pump reservoir`,
        route: INTRATHECAL,
        dose: quantity(r.volumeAddedMl, 'mL'),
        // concentration of what was filled (also the Medication's ingredient strength)
        rateRatio: concentrationRatio(r.concentrationMcgPerMl),
      },
    };
  });

  const issues: DetectedIssue[] = rec.alarms.map((a) => ({
    resourceType: 'DetectedIssue',
    id: a.id,
    status: 'final',
    code: { coding: [{ system: ALARM_CODE_SYSTEM, code: a.code }], text: a.code },
    severity: SEVERITY[a.priority],
    patient: ref(patient),
    identifiedDateTime: a.raisedAt.toISOString(),
    // a patient's alarms always name a pump (only clinic-wide alarms have none, and they have no patient)
    implicated: [ref(devices.get(a.pumpId!)!)],
    detail: `PumpWatch alarm ${a.code}, priority ${a.priority}, ${a.status}`,
  }));

  const appointments: Appointment[] = rec.appointments.map((a) => ({
    resourceType: 'Appointment',
    id: a.id,
    status: APPOINTMENT_STATUS[a.status],
    serviceType: [{ text: 'Intrathecal baclofen pump refill' }],
    description: `ITB pump refill (${pumpBy.get(a.pumpId)?.model ?? 'pump'})`,
    start: a.at.toISOString(),
    end: new Date(a.at.getTime() + REFILL_VISIT_MINUTES * 60_000).toISOString(),
    minutesDuration: REFILL_VISIT_MINUTES,
    created: a.createdAt.toISOString(),
    ...(a.notes ? { comment: a.notes } : {}),
    participant: [
      { actor: ref(patient), required: 'required', status: 'accepted' },
      { actor: ref(devices.get(a.pumpId)!), required: 'information-only', status: 'accepted' },
    ],
  }));

  const resources: Resource[] = [
    patient,
    ...devices.values(),
    ...medications.values(),
    ...requests,
    ...administrations,
    ...issues,
    ...appointments,
  ];
  const entry: BundleEntry[] = resources.map((resource, i) => ({
    fullUrl: urn(resource.id!),
    resource,
    search: { mode: i === 0 ? 'match' : 'include' },
  }));
  return {
    resourceType: 'Bundle',
    id: nameUuid(`everything:${rec.patient.id}:${now.toISOString()}`),
    meta: { lastUpdated: now.toISOString() },
    type: 'searchset',
    timestamp: now.toISOString(),
    total: 1,
    entry,
  };
}
