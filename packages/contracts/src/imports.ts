/** The go-live spreadsheet import: report and history shapes shared by the API and the import page. */
import type { AlarmCode } from './enums';
import type { Instant, LocalDate } from './resources';

export const IMPORT_DATE_ORDERS = ['YMD', 'DMY', 'MDY'] as const;
export type ImportDateOrder = (typeof IMPORT_DATE_ORDERS)[number];

/** Every column of the import file, in the template's order. */
export const IMPORT_COLUMNS = [
  'mrn',
  'family_name',
  'given_name',
  'birth_date',
  'spasticity_origin',
  'risk_factors',
  'screening_dose_mcg',
  'pump_model',
  'pump_serial',
  'reservoir_capacity_ml',
  'low_reservoir_alarm_ml',
  'implanted_on',
  'last_refill_at',
  'volume_after_refill_ml',
  'concentration_mcg_per_ml',
  'daily_dose_mcg',
  'dose_effective_at',
  'next_appointment_at',
  'notes',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export const IMPORT_REQUIRED_COLUMNS: readonly ImportColumn[] = [
  'mrn',
  'family_name',
  'given_name',
  'birth_date',
  'spasticity_origin',
  'pump_model',
  'pump_serial',
  'reservoir_capacity_ml',
  'implanted_on',
  'last_refill_at',
  'volume_after_refill_ml',
  'concentration_mcg_per_ml',
  'daily_dose_mcg',
];

/** Distinct records an import creates or updates, per kind. */
export interface ImportCounts {
  patients: number;
  pumps: number;
  refills: number;
  dosePrograms: number;
  appointments: number;
}

/** A row's problem: `row` counts data rows from 1 (header = 0), `column` names the (first) cell involved. */
export interface ImportRowError {
  row: number;
  column: string | null;
  code: string;
  message: string;
}

export interface ImportWarning {
  row?: number;
  column?: string;
  code: string;
  message: string;
}

/** What the board will show for one imported pump. */
export interface ImportPreviewItem {
  row: number;
  mrn: string;
  pumpSerial: string;
  refillDueDate: LocalDate | null;
  lowReservoirAlarmAt: Instant | null;
  alarms: AlarmCode[];
}

export interface ImportReport {
  /** Set on a stored import (commit), absent on a dry run. */
  importId?: string;
  dryRun: boolean;
  rows: number;
  valid: number;
  invalid: number;
  creates: ImportCounts;
  updates: ImportCounts;
  unchanged: number;
  errors: ImportRowError[];
  warnings: ImportWarning[];
  preview: ImportPreviewItem[];
}

/** `GET /api/imports` and `/api/imports/:id`: a stored (committed) import. */
export interface ImportRecordDto {
  id: string;
  at: Instant;
  userId: string;
  fileName: string;
  rows: number;
  valid: number;
  invalid: number;
  creates: ImportCounts;
  updates: ImportCounts;
  unchanged: number;
  errors: ImportRowError[];
}
