import type { ImportColumn, ImportCounts } from '@pumpwatch/contracts';
import { localDate } from '@pumpwatch/domain';
import { In, type EntityManager } from 'typeorm';
import { PatientEntity } from '../patients/patient.entity';
import { PumpEntity } from '../pumps/pump.entity';
import { PATIENT_COLUMNS, type ImportRow, type RowOutcome } from './import-rows';

const minute = (d: Date) => Math.floor(d.getTime() / 60_000);

/** "3, 7, 9" — at most five row numbers, so 20,000 copies of one row do not make 20,000 huge messages. */
function rowList(list: RowOutcome[]): string {
  const shown = list.slice(0, 5).map((o) => o.row);
  return list.length > 5 ? `${shown.join(', ')} and ${list.length - 5} more` : shown.join(', ');
}

/** Rows sharing a serial, and rows of one MRN that disagree on the patient: all of them, never a guess. */
export function crossRowChecks(outcomes: RowOutcome[]): void {
  const group = (key: (o: RowOutcome) => string) => {
    const map = new Map<string, RowOutcome[]>();
    for (const o of outcomes) {
      const k = key(o);
      if (!k) continue;
      const list = map.get(k);
      if (list) list.push(o);
      else map.set(k, [o]);
    }
    return [...map.entries()].filter(([, list]) => list.length > 1);
  };
  for (const [serial, list] of group((o) => o.serial)) {
    const rows = rowList(list);
    for (const o of list) {
      o.errors.push({
        row: o.row,
        column: 'pump_serial',
        code: 'DUPLICATE_PUMP',
        message: `Pump ${serial} is on rows ${rows}: keep the one row that describes it now`,
      });
    }
  }
  for (const [mrn, list] of group((o) => o.mrn)) {
    const column = PATIENT_COLUMNS.find((c) => new Set(list.map((o) => o.patientKey[c] ?? '')).size > 1);
    if (!column) continue;
    const rows = rowList(list);
    for (const o of list) {
      o.errors.push({
        row: o.row,
        column,
        code: 'PATIENT_CONFLICT',
        message: `Rows ${rows} give different patient details for MRN ${mrn} (${column}): make them agree`,
      });
    }
  }
  for (const o of outcomes) if (o.errors.length) o.value = null;
}

export interface PatientPlan {
  mrn: string;
  source: ImportRow['patient'];
  existing: PatientEntity | null;
  changes: Partial<PatientEntity> | null;
  id?: string;
}

export interface RowPlan {
  row: ImportRow;
  patient: PatientPlan;
  existingPump: PumpEntity | null;
  pumpChanges: Partial<PumpEntity> | null;
  createRefill: boolean;
  /** The pump already has refills: the imported one is not its first fill. */
  hasEarlierRefill: boolean;
  createProgram: boolean;
  createAppointment: boolean;
  pumpId?: string;
}

export interface Plan {
  rows: RowPlan[];
  patients: PatientPlan[];
  creates: ImportCounts;
  updates: ImportCounts;
  unchanged: number;
}

interface PumpRecords {
  refillMinutes: Set<number>;
  latestRefillAt: Date | null;
  /** Program in force now: programmed dose, simple-continuous or not. */
  inForce: { doseMcgPerDay: number; flex: boolean } | null;
  programs: { minute: number; doseMcgPerDay: number; flex: boolean }[];
  appointmentMinutes: Set<number>;
  booked: Date | null;
}

async function recordsOf(m: EntityManager, pumpIds: string[], now: Date): Promise<Map<string, PumpRecords>> {
  const out = new Map<string, PumpRecords>();
  for (const id of pumpIds) {
    out.set(id, {
      refillMinutes: new Set(),
      latestRefillAt: null,
      inForce: null,
      programs: [],
      appointmentMinutes: new Set(),
      booked: null,
    });
  }
  if (!pumpIds.length) return out;
  const refills = (await m.query('SELECT pump_id, at FROM refills WHERE pump_id = ANY($1::uuid[])', [pumpIds])) as {
    pump_id: string;
    at: Date;
  }[];
  for (const r of refills) {
    const rec = out.get(r.pump_id)!;
    rec.refillMinutes.add(minute(r.at));
    if (!rec.latestRefillAt || r.at > rec.latestRefillAt) rec.latestRefillAt = r.at;
  }
  const programs = (await m.query(
    `SELECT pump_id, effective_at, programmed_dose_mcg_per_day::float8 AS dose, flex_steps IS NOT NULL AS flex
       FROM dose_programs WHERE pump_id = ANY($1::uuid[]) ORDER BY effective_at, created_at`,
    [pumpIds],
  )) as { pump_id: string; effective_at: Date; dose: number; flex: boolean }[];
  for (const p of programs) {
    const rec = out.get(p.pump_id)!;
    rec.programs.push({ minute: minute(p.effective_at), doseMcgPerDay: p.dose, flex: p.flex });
    if (p.effective_at <= now) rec.inForce = { doseMcgPerDay: p.dose, flex: p.flex };
  }
  const appts = (await m.query('SELECT pump_id, at, status FROM appointments WHERE pump_id = ANY($1::uuid[])', [
    pumpIds,
  ])) as { pump_id: string; at: Date; status: string }[];
  for (const a of appts) {
    const rec = out.get(a.pump_id)!;
    rec.appointmentMinutes.add(minute(a.at));
    if (a.status === 'booked') rec.booked = a.at;
  }
  return out;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('|') === [...b].sort().join('|');

function patientChanges(e: PatientEntity, s: ImportRow['patient']): Partial<PatientEntity> | null {
  const c: Partial<PatientEntity> = {};
  if (e.givenName !== s.givenName) c.givenName = s.givenName;
  if (e.familyName !== s.familyName) c.familyName = s.familyName;
  if (e.birthDate !== s.birthDate) c.birthDate = s.birthDate;
  if (e.spasticityOrigin !== s.spasticityOrigin) c.spasticityOrigin = s.spasticityOrigin;
  // a blank optional cell means "not in the file": it never erases what the app holds
  if (s.riskFactors && !sameSet(e.riskFactors, s.riskFactors)) c.riskFactors = s.riskFactors;
  if (s.screeningDoseMcg !== null && e.screeningDoseMcg !== s.screeningDoseMcg) {
    c.screeningDoseMcg = s.screeningDoseMcg;
  }
  if (s.notes !== null && e.notes !== s.notes) c.notes = s.notes;
  return Object.keys(c).length ? c : null;
}

function pumpChanges(e: PumpEntity, r: ImportRow, timeZone: string): Partial<PumpEntity> | null {
  const c: Partial<PumpEntity> = {};
  if (e.model !== r.pump.model) c.model = r.pump.model;
  if (e.reservoirCapacityMl !== r.pump.reservoirCapacityMl) c.reservoirCapacityMl = r.pump.reservoirCapacityMl;
  if (r.pump.lowReservoirAlarmMl !== null && e.lowReservoirAlarmMl !== r.pump.lowReservoirAlarmMl) {
    c.lowReservoirAlarmMl = r.pump.lowReservoirAlarmMl;
  }
  // the file holds the implant day: an implant recorded at any time of that day is the same implant
  if (localDate(e.implantedAt.getTime(), timeZone) !== localDate(r.pump.implantedAt.getTime(), timeZone)) {
    c.implantedAt = r.pump.implantedAt;
  }
  return Object.keys(c).length ? c : null;
}

type RowError = { column: ImportColumn; code: string; message: string };

/**
 * Matches valid rows to stored records (patient ← MRN, pump ← serial, refill ← pump + minute, program ← pump +
 * effective minute, appointment ← pump + minute) under row locks, adds the rules that need them, and counts
 * what a commit would create and update. Rows failing here get their errors and no plan.
 */
export async function planImport(m: EntityManager, outcomes: RowOutcome[], now: Date, timeZone: string): Promise<Plan> {
  const valid = outcomes.filter((o) => o.value);
  const mrns = [...new Set(valid.map((o) => o.value!.patient.mrn))];
  const serials = valid.map((o) => o.value!.pump.serialNumber);
  const lock = { mode: 'pessimistic_write' as const };
  const patients = mrns.length ? await m.find(PatientEntity, { where: { mrn: In(mrns) }, lock }) : [];
  const pumps = serials.length ? await m.find(PumpEntity, { where: { serialNumber: In(serials) }, lock }) : [];
  const patientByMrn = new Map(patients.map((p) => [p.mrn, p]));
  const pumpBySerial = new Map(pumps.map((p) => [p.serialNumber, p]));
  const records = await recordsOf(
    m,
    pumps.map((p) => p.id),
    now,
  );

  const rows: RowPlan[] = [];
  const patientPlans = new Map<string, PatientPlan>();
  for (const o of valid) {
    const r = o.value!;
    const existingPatient = patientByMrn.get(r.patient.mrn) ?? null;
    const pump = pumpBySerial.get(r.pump.serialNumber) ?? null;
    const rec = pump ? records.get(pump.id)! : null;
    const errors: RowError[] = [];
    if (pump && pump.patientId !== existingPatient?.id) {
      errors.push({
        column: 'pump_serial',
        code: 'PUMP_BELONGS_TO_OTHER_PATIENT',
        message: `Pump ${r.pump.serialNumber} is already recorded for another patient: check the serial and the MRN`,
      });
    }
    if (pump?.explantedAt) {
      errors.push({ column: 'pump_serial', code: 'PUMP_EXPLANTED', message: 'This pump is recorded as explanted' });
    }
    const refillMatched = !!rec?.refillMinutes.has(minute(r.refill.at));
    if (rec?.latestRefillAt && !refillMatched && r.refill.at < rec.latestRefillAt) {
      errors.push({
        column: 'last_refill_at',
        code: 'REFILL_BEFORE_PREVIOUS',
        message: `PumpWatch already has a later refill of this pump (${rec.latestRefillAt.toISOString()}): the row is out of date`,
      });
    }
    const programMatched =
      !!rec &&
      (rec.programs.some(
        (p) => p.minute === minute(r.dose.effectiveAt) && !p.flex && p.doseMcgPerDay === r.dose.doseMcgPerDay,
      ) ||
        (rec.inForce !== null && !rec.inForce.flex && rec.inForce.doseMcgPerDay === r.dose.doseMcgPerDay));
    if (rec?.inForce && !programMatched) {
      errors.push({
        column: 'daily_dose_mcg',
        code: 'DOSE_DIFFERS_FROM_RECORD',
        message:
          `PumpWatch has ${rec.inForce.flex ? 'a flex program' : `${rec.inForce.doseMcgPerDay} mcg/day`} in force ` +
          `for this pump: dose changes go through the dose form and its checks, never through an import`,
      });
    }
    let createAppointment = false;
    if (r.appointmentAt && !rec?.appointmentMinutes.has(minute(r.appointmentAt))) {
      if (rec?.booked) {
        errors.push({
          column: 'next_appointment_at',
          code: 'APPOINTMENT_ALREADY_BOOKED',
          message: `This pump already has a booked refill (${rec.booked.toISOString()}): change it in the app`,
        });
      } else if (r.appointmentAt < now) {
        errors.push({
          column: 'next_appointment_at',
          code: 'APPOINTMENT_IN_PAST',
          message: 'The next appointment is in the past: leave it blank or give the booked date',
        });
      } else createAppointment = true;
    }
    if (errors.length) {
      for (const e of errors) o.errors.push({ row: o.row, ...e });
      o.value = null;
      continue;
    }
    let patient = patientPlans.get(r.patient.mrn);
    if (!patient) {
      patient = {
        mrn: r.patient.mrn,
        source: r.patient,
        existing: existingPatient,
        changes: existingPatient ? patientChanges(existingPatient, r.patient) : null,
      };
      patientPlans.set(r.patient.mrn, patient);
    }
    rows.push({
      row: r,
      patient,
      existingPump: pump,
      pumpChanges: pump ? pumpChanges(pump, r, timeZone) : null,
      createRefill: !refillMatched,
      hasEarlierRefill: !!rec?.latestRefillAt,
      createProgram: !programMatched,
      createAppointment,
    });
  }
  return { rows, patients: [...patientPlans.values()], ...count(rows) };
}

function count(rows: RowPlan[]): Pick<Plan, 'creates' | 'updates' | 'unchanged'> {
  const zero = (): ImportCounts => ({ patients: 0, pumps: 0, refills: 0, dosePrograms: 0, appointments: 0 });
  const creates = zero();
  const updates = zero();
  const seen = new Set<PatientPlan>();
  let unchanged = 0;
  for (const p of rows) {
    if (!seen.has(p.patient)) {
      seen.add(p.patient);
      if (!p.patient.existing) creates.patients++;
      else if (p.patient.changes) updates.patients++;
    }
    if (!p.existingPump) creates.pumps++;
    else if (p.pumpChanges) updates.pumps++;
    if (p.createRefill) creates.refills++;
    if (p.createProgram) creates.dosePrograms++;
    if (p.createAppointment) creates.appointments++;
    const touches =
      !p.patient.existing ||
      p.patient.changes ||
      !p.existingPump ||
      p.pumpChanges ||
      p.createRefill ||
      p.createProgram ||
      p.createAppointment;
    if (!touches) unchanged++;
  }
  return { creates, updates, unchanged };
}
