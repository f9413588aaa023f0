import {
  IMPORT_COLUMNS,
  IMPORT_REQUIRED_COLUMNS,
  PUMP_MODELS,
  type ImportColumn,
  type ImportDateOrder,
  type ImportRowError,
  type ImportWarning,
  type PumpModel,
  type RiskFactor,
  type SpasticityOrigin,
} from '@pumpwatch/contracts';
import { localDate } from '@pumpwatch/domain';
import type { ClinicSettings } from '../clinic-settings/clinic-settings.service';
import { isBlankCell, type Cell, type RawRow } from './import-file';
import { checkRowClinically, validateRowDtos } from './import-row-checks';
import { localInstant, parseDate, parseNumber, textOf, type ParsedDate } from './import-values';

/** One valid row: a pump of a patient as it stands now, in the API's units and types. */
export interface ImportRow {
  row: number;
  patient: {
    mrn: string;
    givenName: string;
    familyName: string;
    birthDate: string;
    spasticityOrigin: SpasticityOrigin;
    /** null: the cell was blank (a new patient gets none; an existing one keeps theirs). */
    riskFactors: RiskFactor[] | null;
    screeningDoseMcg: number | null;
    notes: string | null;
  };
  pump: {
    model: PumpModel;
    serialNumber: string;
    reservoirCapacityMl: number;
    /** null: blank (the model's default for a new pump; an existing pump keeps its own). */
    lowReservoirAlarmMl: number | null;
    implantedAt: Date;
  };
  refill: { at: Date; volumeAfterMl: number; concentrationMcgPerMl: number };
  dose: { effectiveAt: Date; doseMcgPerDay: number };
  appointmentAt: Date | null;
}

export interface RowContext {
  order: ImportDateOrder;
  semicolonFile: boolean;
  settings: ClinicSettings;
  library: { concentrationMcgPerMl: number; screeningOnly: boolean }[];
  now: Date;
}

export interface RowOutcome {
  row: number;
  line: number;
  /** Trimmed MRN and serial as written (for the cross-row rules), '' when blank. */
  mrn: string;
  serial: string;
  /** Normalised patient fields, compared between rows repeating an MRN. */
  patientKey: Partial<Record<ImportColumn, string>>;
  value: ImportRow | null;
  errors: ImportRowError[];
  warnings: ImportWarning[];
}

const NUMERIC: ImportColumn[] = [
  'screening_dose_mcg',
  'reservoir_capacity_ml',
  'low_reservoir_alarm_ml',
  'volume_after_refill_ml',
  'concentration_mcg_per_ml',
  'daily_dose_mcg',
];
const DATES: ImportColumn[] = [
  'birth_date',
  'implanted_on',
  'last_refill_at',
  'dose_effective_at',
  'next_appointment_at',
];
/** Patient fields: rows repeating an MRN must agree on each of them. */
export const PATIENT_COLUMNS: ImportColumn[] = [
  'family_name',
  'given_name',
  'birth_date',
  'spasticity_origin',
  'risk_factors',
  'screening_dose_mcg',
  'notes',
];

const squash = (s: string) => s.toLowerCase().replace(/\s+/g, '');
const MODEL_BY_KEY = new Map<string, PumpModel>(PUMP_MODELS.map((m) => [squash(m), m]));

/**
 * Reads one data row: every cell parsed in the request's date order and the file's decimal convention, then the
 * API's create DTOs and the clinical engine. Every problem of the row is listed, not just the first.
 */
export function readRow(raw: RawRow, index: Map<ImportColumn, number>, ctx: RowContext): RowOutcome | null {
  const cell = (c: ImportColumn): Cell => {
    const i = index.get(c);
    return (i === undefined ? undefined : raw.cells[i]) ?? { kind: 'blank' };
  };
  if (IMPORT_COLUMNS.every((c) => isBlankCell(cell(c))) && raw.cells.every((c) => isBlankCell(c))) return null;

  const errors: ImportRowError[] = [];
  const warnings: ImportWarning[] = [];
  const err = (column: ImportColumn | null, code: string, message: string) =>
    errors.push({ row: raw.row, column, code, message });

  const texts = new Map<ImportColumn, string>();
  const numbers = new Map<ImportColumn, number>();
  const dates = new Map<ImportColumn, ParsedDate>();
  for (const column of IMPORT_COLUMNS) {
    const c = cell(column);
    if (isBlankCell(c)) {
      if (IMPORT_REQUIRED_COLUMNS.includes(column)) err(column, 'REQUIRED', `${column} is required`);
      continue;
    }
    if (NUMERIC.includes(column)) {
      const n = parseNumber(c, column, ctx.semicolonFile);
      if (n.ok) numbers.set(column, n.value);
      else err(column, n.code, n.message);
    } else if (DATES.includes(column)) {
      const d = parseDate(c, ctx.order);
      if (d.ok) dates.set(column, d.value);
      else err(column, d.code, d.message);
    } else {
      const t = textOf(c);
      if (t.ok) texts.set(column, t.value);
      else err(column, t.code, t.message);
    }
  }

  const { timeZone } = ctx.settings;
  const instant = (column: ImportColumn, defaultTime: string): Date | undefined => {
    const d = dates.get(column);
    if (!d) return undefined;
    const r = localInstant(d.date, d.time ?? defaultTime, timeZone);
    if (r.ok) return r.value;
    err(column, r.code, r.message);
    return undefined;
  };
  // the implant day starts at local midnight, so a refill any time that day is after it
  const implantedOn = dates.get('implanted_on')?.date;
  const implantedAt = implantedOn ? instant('implanted_on', '00:00') : undefined;
  const refillAt = instant('last_refill_at', '12:00');
  const doseAt = dates.has('dose_effective_at') ? instant('dose_effective_at', '12:00') : refillAt;
  const appointmentAt = instant('next_appointment_at', '12:00') ?? null;

  const model = texts.has('pump_model') ? MODEL_BY_KEY.get(squash(texts.get('pump_model')!)) : undefined;
  if (texts.has('pump_model') && !model) {
    err('pump_model', 'INVALID_VALUE', `"${texts.get('pump_model')}" is not a pump model (${PUMP_MODELS.join(', ')})`);
  }
  const riskText = texts.get('risk_factors');
  const riskFactors = riskText
    ? [
        ...new Set(
          riskText.split('|').map((f) =>
            f
              .trim()
              .toUpperCase()
              .replace(/[\s-]+/g, '_'),
          ),
        ),
      ].filter(Boolean)
    : null;

  const today = localDate(ctx.now.getTime(), timeZone);
  const birthDate = dates.get('birth_date')?.date;
  if (birthDate && birthDate > today) err('birth_date', 'IN_FUTURE', 'The birth date is after today');
  if (implantedOn && implantedOn > today) err('implanted_on', 'IN_FUTURE', 'The implant date is after today');
  if (refillAt && refillAt > ctx.now) err('last_refill_at', 'IN_FUTURE', 'The last refill is after now');
  if (implantedAt && refillAt && refillAt < implantedAt) {
    err('last_refill_at', 'REFILL_BEFORE_IMPLANT', 'The last refill is before the implant date');
  }
  if (doseAt && refillAt && doseAt > refillAt) {
    err(
      'dose_effective_at',
      'DOSE_AFTER_REFILL',
      'The dose took effect after the last refill: import the dose in force at the refill, then change it in the app',
    );
  }

  const patient = {
    mrn: texts.get('mrn') ?? '',
    givenName: texts.get('given_name') ?? '',
    familyName: texts.get('family_name') ?? '',
    birthDate: birthDate ?? '',
    spasticityOrigin: (texts.get('spasticity_origin') ?? '').toLowerCase() as SpasticityOrigin,
    riskFactors: riskFactors as RiskFactor[] | null,
    screeningDoseMcg: numbers.get('screening_dose_mcg') ?? null,
    notes: texts.get('notes') || null,
  };
  const patientKey: Partial<Record<ImportColumn, string>> = {
    family_name: patient.familyName,
    given_name: patient.givenName,
    birth_date: birthDate ?? rawText(cell('birth_date')),
    spasticity_origin: texts.has('spasticity_origin') ? patient.spasticityOrigin : '',
    risk_factors: riskFactors ? [...riskFactors].sort().join('|') : '',
    screening_dose_mcg: numbers.has('screening_dose_mcg')
      ? String(numbers.get('screening_dose_mcg'))
      : rawText(cell('screening_dose_mcg')),
    notes: patient.notes ?? '',
  };
  const outcome: RowOutcome = {
    row: raw.row,
    line: raw.line,
    mrn: rawText(cell('mrn')),
    serial: rawText(cell('pump_serial')),
    patientKey,
    value: null,
    errors,
    warnings,
  };
  const defined = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
  for (const e of validateRowDtos({
    patient: defined({
      mrn: texts.get('mrn'),
      givenName: texts.get('given_name'),
      familyName: texts.get('family_name'),
      birthDate,
      spasticityOrigin: texts.has('spasticity_origin') ? patient.spasticityOrigin : undefined,
      riskFactors: riskFactors ?? undefined,
      screeningDoseMcg: numbers.get('screening_dose_mcg'),
      notes: patient.notes,
    }),
    pump: defined({
      model,
      serialNumber: texts.get('pump_serial'),
      reservoirCapacityMl: numbers.get('reservoir_capacity_ml'),
      lowReservoirAlarmMl: numbers.get('low_reservoir_alarm_ml'),
      implantedAt: implantedAt?.toISOString(),
    }),
    program: defined({ basalDoseMcgPerDay: numbers.get('daily_dose_mcg'), effectiveAt: doseAt?.toISOString() }),
    refill: defined({
      at: refillAt?.toISOString(),
      volumeAddedMl: numbers.get('volume_after_refill_ml'),
      concentrationMcgPerMl: numbers.get('concentration_mcg_per_ml'),
    }),
    appointment: appointmentAt ? { at: appointmentAt.toISOString(), kind: 'refill' } : null,
  })) {
    err(e.column, e.code, e.message);
  }

  // the engine needs every value it computes with; a row missing one already has its error
  const ready =
    model &&
    implantedAt &&
    refillAt &&
    doseAt &&
    doseAt <= refillAt &&
    texts.has('spasticity_origin') &&
    birthDate &&
    ['reservoir_capacity_ml', 'volume_after_refill_ml', 'concentration_mcg_per_ml', 'daily_dose_mcg'].every((c) =>
      numbers.has(c as ImportColumn),
    );
  if (!ready) return outcome;
  const value: ImportRow = {
    row: raw.row,
    patient,
    pump: {
      model,
      serialNumber: texts.get('pump_serial') ?? '',
      reservoirCapacityMl: numbers.get('reservoir_capacity_ml')!,
      lowReservoirAlarmMl: numbers.get('low_reservoir_alarm_ml') ?? null,
      implantedAt,
    },
    refill: {
      at: refillAt,
      volumeAfterMl: numbers.get('volume_after_refill_ml')!,
      concentrationMcgPerMl: numbers.get('concentration_mcg_per_ml')!,
    },
    dose: { effectiveAt: doseAt, doseMcgPerDay: numbers.get('daily_dose_mcg')! },
    appointmentAt,
  };
  const clinical = checkRowClinically(value, ctx);
  for (const e of clinical.errors) err(e.column, e.code, e.message);
  // warnings only for rows that will be imported: an invalid row's are noise until it is fixed
  if (!errors.length) {
    for (const w of clinical.warnings) warnings.push({ row: raw.row, ...w });
    outcome.value = value;
  }
  return outcome;
}

const rawText = (c: Cell): string => {
  const t = textOf(c);
  return t.ok ? t.value : c.kind === 'text' ? c.text.trim() : '';
};
