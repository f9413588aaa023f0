import { IMPORT_COLUMNS, type ImportColumn } from '@pumpwatch/contracts';
import { addCalendarDays, localDate } from '@pumpwatch/domain';
import ExcelJS from 'exceljs';
import { UTF8_BOM } from '../exports/csv';

/**
 * The template's example row, dated from today so it stays valid under the default `YMD` order: implanted two
 * years ago, refilled three weeks ago, next refill booked five weeks ahead.
 */
export function exampleRow(now: Date, timeZone: string, concentrationMcgPerMl: number): Record<ImportColumn, string> {
  const today = localDate(now.getTime(), timeZone);
  return {
    mrn: 'MRN-000123',
    family_name: 'Example',
    given_name: 'Alex',
    birth_date: '1980-04-12',
    spasticity_origin: 'spinal',
    risk_factors: 'LIVES_FAR',
    screening_dose_mcg: '50',
    pump_model: 'SynchroMed II',
    pump_serial: 'NGP123456H',
    reservoir_capacity_ml: '20',
    low_reservoir_alarm_ml: '2',
    implanted_on: addCalendarDays(today, -730),
    last_refill_at: `${addCalendarDays(today, -21)} 10:30`,
    volume_after_refill_ml: '20',
    concentration_mcg_per_ml: String(concentrationMcgPerMl),
    daily_dose_mcg: '150',
    dose_effective_at: '',
    next_appointment_at: `${addCalendarDays(today, 35)} 09:30`,
    notes: 'Example row: replace it with your patients',
  };
}

const csvCell = (v: string) => (/[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * With the byte-order mark, Excel opens the template as UTF-8 and saves it back as "CSV UTF-8", so the names a
 * clinic types (Fernández) reach the importer intact; the importer drops a leading mark.
 */
export function templateCsv(example: Record<ImportColumn, string>): string {
  const header = IMPORT_COLUMNS.join(',');
  const row = IMPORT_COLUMNS.map((c) => csvCell(example[c])).join(',');
  return `${UTF8_BOM}${header}\r\n${row}\r\n`;
}

/** Every cell is text, so Excel never turns a serial, MRN or date into something else when the clinic types. */
export async function templateXlsx(example: Record<ImportColumn, string>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Pumps');
  sheet.columns = IMPORT_COLUMNS.map((c) => ({
    header: c,
    key: c,
    width: Math.max(14, c.length + 2),
    style: { numFmt: '@' },
  }));
  sheet.addRow(IMPORT_COLUMNS.map((c) => example[c]));
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
