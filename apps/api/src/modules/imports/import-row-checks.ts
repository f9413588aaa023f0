import type { ImportColumn, ImportWarning } from '@pumpwatch/contracts';
import { checkDoseChange, checkRefill, computeStatus, isEngineError, localDate } from '@pumpwatch/domain';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { CreateAppointmentDto } from '../appointments/appointments.dto';
import { CreateDoseProgramDto } from '../dose-programs/dose-programs.dto';
import { CreatePatientDto } from '../patients/patients.dto';
import { isHighRisk, isPediatric } from '../patients/patient.mapper';
import { statusInput, type PumpContext } from '../projection/pump-context';
import { defaultLowReservoirAlarmMl } from '../pumps/pump-model';
import { CreatePumpDto } from '../pumps/pumps.dto';
import { CreateRefillDto } from '../refills/refills.dto';
import type { ImportRow, RowContext } from './import-rows';

export interface CheckProblem {
  column: ImportColumn | null;
  code: string;
  message: string;
}

/** DTO property → the file's column, per create DTO the row goes through. */
const PATIENT_FIELDS: Record<string, ImportColumn> = {
  mrn: 'mrn',
  givenName: 'given_name',
  familyName: 'family_name',
  birthDate: 'birth_date',
  spasticityOrigin: 'spasticity_origin',
  riskFactors: 'risk_factors',
  screeningDoseMcg: 'screening_dose_mcg',
  notes: 'notes',
};
const PUMP_FIELDS: Record<string, ImportColumn> = {
  model: 'pump_model',
  serialNumber: 'pump_serial',
  reservoirCapacityMl: 'reservoir_capacity_ml',
  lowReservoirAlarmMl: 'low_reservoir_alarm_ml',
  implantedAt: 'implanted_on',
};
const PROGRAM_FIELDS: Record<string, ImportColumn> = {
  basalDoseMcgPerDay: 'daily_dose_mcg',
  effectiveAt: 'dose_effective_at',
};
/** The imported refill is a record of the past: the bedside fields (residual, needle, checker) are not in it. */
const REFILL_FIELDS: Record<string, ImportColumn> = {
  at: 'last_refill_at',
  volumeAddedMl: 'volume_after_refill_ml',
  concentrationMcgPerMl: 'concentration_mcg_per_ml',
};
const APPOINTMENT_FIELDS: Record<string, ImportColumn> = { at: 'next_appointment_at' };

function dtoProblems<T extends object>(
  cls: new () => T,
  plain: Record<string, unknown>,
  fields: Record<string, ImportColumn>,
): CheckProblem[] {
  const errors = validateSync(plainToInstance(cls, plain) as object, { forbidUnknownValues: false });
  return errors
    .filter((e: ValidationError) => e.property in fields && e.property in plain)
    .map((e) => {
      const constraints = e.constraints ?? {};
      // a value outside a list (origin, model, risk factor, capacity 20 or 40) is INVALID_VALUE
      const outsideList = 'isIn' in constraints;
      return {
        column: fields[e.property],
        code: outsideList ? 'INVALID_VALUE' : 'VALIDATION_FAILED',
        message: `${fields[e.property]}: ${Object.values(constraints).join(', ') || 'invalid value'}`,
      };
    });
}

/** The parsed cells of a row as the create DTOs' bodies; a cell that did not parse is left out. */
export interface DtoBodies {
  patient: Record<string, unknown>;
  pump: Record<string, unknown>;
  program: Record<string, unknown>;
  refill: Record<string, unknown>;
  appointment: Record<string, unknown> | null;
}

/** Every row goes through the API's own create DTOs (class-validator), exactly as a form submission would. */
export function validateRowDtos(b: DtoBodies): CheckProblem[] {
  return [
    ...dtoProblems(CreatePatientDto, b.patient, PATIENT_FIELDS),
    ...dtoProblems(CreatePumpDto, b.pump, PUMP_FIELDS),
    ...dtoProblems(CreateDoseProgramDto, b.program, PROGRAM_FIELDS),
    ...dtoProblems(CreateRefillDto, b.refill, REFILL_FIELDS),
    ...(b.appointment ? dtoProblems(CreateAppointmentDto, b.appointment, APPOINTMENT_FIELDS) : []),
  ];
}

/**
 * Dose codes that judge the dose itself. An imported dose is therapy already in force, not a change, so the
 * change guards (% increase, timing, first-start limit) do not apply; a dose above the clinic's maximum, an
 * invalid one or a stopped pump (0 mcg/day: enter that in the app with its reason) are still refused.
 */
const DOSE_ERRORS_FOR_IMPORT = new Set(['DOSE_INVALID', 'DOSE_ABOVE_MAXIMUM', 'DOSE_ZERO_WITHDRAWAL_RISK']);
const DOSE_WARNINGS_FOR_IMPORT = new Set(['DOSE_ABOVE_1000']);
/** Refill codes about bedside fields an imported record does not carry. */
const REFILL_CODES_NOT_IMPORTED = new Set([
  'PROGRAMMED_CONCENTRATION_MISMATCH',
  'NEEDLE_POSITION_NOT_CONFIRMED',
  'RESIDUAL_EXCEEDS_CAPACITY',
]);

const REFILL_COLUMN: Record<string, ImportColumn> = {
  FILL_EXCEEDS_RESERVOIR: 'volume_after_refill_ml',
  VOLUME_INVALID: 'volume_after_refill_ml',
  NO_VOLUME_ADDED: 'volume_after_refill_ml',
  CONCENTRATION_NOT_IN_LIBRARY: 'concentration_mcg_per_ml',
  CONCENTRATION_SCREENING_ONLY: 'concentration_mcg_per_ml',
};

const MESSAGES: Record<string, (r: ImportRow) => string> = {
  VOLUME_EXCEEDS_CAPACITY: (r) =>
    `${r.refill.volumeAfterMl} mL after the refill is more than the pump holds (${r.pump.reservoirCapacityMl} mL)`,
  CONCENTRATION_NOT_IN_LIBRARY: (r) =>
    `${r.refill.concentrationMcgPerMl} mcg/mL is not in the clinic's drug library: check the strength`,
  CONCENTRATION_SCREENING_ONLY: (r) =>
    `${r.refill.concentrationMcgPerMl} mcg/mL is a screening strength, not for filling a pump`,
  VOLUME_INVALID: () => 'The volume after the refill cannot be negative',
  NO_VOLUME_ADDED: () => 'The volume after the refill is 0 mL: an empty reservoir is not a refill',
  DOSE_ABOVE_MAXIMUM: (r) => `${r.dose.doseMcgPerDay} mcg/day is above the clinic's maximum daily dose`,
  DOSE_ZERO_WITHDRAWAL_RISK: () =>
    'A dose of 0 mcg/day means therapy is stopped (withdrawal risk): enter a stopped pump in the app with its reason',
  DOSE_INVALID: () => 'The daily dose is not a valid dose',
};

/** A synthetic context: the row's pump right after its last refill, with its dose in force. */
export function rowContext(r: ImportRow): PumpContext {
  return {
    pumpId: '',
    patientId: '',
    model: r.pump.model,
    reservoirCapacityMl: r.pump.reservoirCapacityMl,
    lowReservoirAlarmMl: r.pump.lowReservoirAlarmMl ?? defaultLowReservoirAlarmMl(r.pump.model),
    worstCaseFactor: null,
    discrepancyThresholdMl: null,
    implantedAt: r.pump.implantedAt,
    explantedAt: null,
    highRisk: isHighRisk(r.patient.riskFactors ?? []),
    birthDate: r.patient.birthDate,
    spasticityOrigin: r.patient.spasticityOrigin,
    patient: { id: '', mrn: r.patient.mrn, givenName: r.patient.givenName, familyName: r.patient.familyName },
    lastRefill: {
      id: '',
      at: r.refill.at,
      volumeAddedMl: r.refill.volumeAfterMl,
      concentrationMcgPerMl: r.refill.concentrationMcgPerMl,
      beyondUseDays: null,
      measuredRateFactor: null,
    },
    programs: [
      {
        id: '',
        effectiveAt: r.dose.effectiveAt.toISOString(),
        basalDoseMcgPerDay: r.dose.doseMcgPerDay,
        programmedDoseMcgPerDay: r.dose.doseMcgPerDay,
        createdAt: r.refill.at,
      },
    ],
    nextAppointmentAt: r.appointmentAt,
  };
}

/**
 * The engine, as the API runs it: the dose through checkDoseChange, the refill through checkRefill (as an
 * initial fill: no previous fill to compare with), and the pump's projection through computeStatus.
 */
export function checkRowClinically(
  r: ImportRow,
  ctx: RowContext,
): { errors: CheckProblem[]; warnings: Omit<ImportWarning, 'row'>[] } {
  const errors: CheckProblem[] = [];
  const warnings: Omit<ImportWarning, 'row'>[] = [];
  const { settings } = ctx;
  const problem = (column: ImportColumn | null, code: string, fallback: string) =>
    errors.push({ column, code, message: MESSAGES[code]?.(r) ?? fallback });
  try {
    const dose = checkDoseChange({
      kind: 'doseChange',
      now: ctx.now.toISOString(),
      patient: {
        spasticityOrigin: r.patient.spasticityOrigin,
        implantedAt: r.pump.implantedAt.toISOString(),
        pediatric: isPediatric(r.patient.birthDate, localDate(ctx.now.getTime(), settings.timeZone)),
        highRisk: isHighRisk(r.patient.riskFactors ?? []),
      },
      current: null,
      proposedDoseMcgPerDay: r.dose.doseMcgPerDay,
      override: null,
      policy: settings.policy,
    });
    for (const code of dose.errors) {
      if (DOSE_ERRORS_FOR_IMPORT.has(code)) problem('daily_dose_mcg', code, code);
    }
    for (const code of dose.warnings) {
      if (DOSE_WARNINGS_FOR_IMPORT.has(code)) {
        warnings.push({
          column: 'daily_dose_mcg',
          code,
          message: `${r.dose.doseMcgPerDay} mcg/day is above 1000 mcg/day: check the dose before going live`,
        });
      }
    }
  } catch (e) {
    if (!isEngineError(e)) throw e;
    problem('daily_dose_mcg', e.code, e.message);
  }

  const pumpCtx = rowContext(r);
  const empty = { ...pumpCtx, lastRefill: { ...pumpCtx.lastRefill!, volumeAddedMl: 0 } };
  try {
    const input = statusInput(empty, r.refill.at, settings)!;
    const refill = checkRefill({
      kind: 'refill',
      timeZone: input.timeZone,
      pump: input.pump,
      lastRefill: input.lastRefill,
      dosePrograms: input.dosePrograms,
      policy: input.policy,
      drugLibrary: ctx.library,
      refill: {
        at: r.refill.at.toISOString(),
        actualResidualMl: 0,
        volumeAddedMl: r.refill.volumeAfterMl,
        concentrationMcgPerMl: r.refill.concentrationMcgPerMl,
      },
    });
    for (const code of refill.errors) {
      if (REFILL_CODES_NOT_IMPORTED.has(code)) continue;
      const reported = code === 'FILL_EXCEEDS_RESERVOIR' ? 'VOLUME_EXCEEDS_CAPACITY' : code;
      problem(REFILL_COLUMN[code] ?? null, reported, code);
    }
  } catch (e) {
    if (!isEngineError(e)) throw e;
    problem('last_refill_at', e.code, e.message);
  }
  if (errors.length) return { errors, warnings };

  try {
    computeStatus(statusInput(pumpCtx, ctx.now, settings)!);
  } catch (e) {
    if (!isEngineError(e)) throw e;
    problem(null, e.code, `The pump cannot be projected: ${e.message}`);
  }
  return { errors, warnings };
}
