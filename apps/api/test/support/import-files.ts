import { crc32, deflateRawSync } from 'node:zlib';
import { IMPORT_COLUMNS } from '@pumpwatch/contracts';
import ExcelJS from 'exceljs';
import type { TestApp } from './test-app';
import type { TestUsers } from './users';

/** Import-file builders for the import tests: CSV text, XLSX workbooks and hand-made (hostile) zips. */
export type ImportRowInput = Partial<Record<(typeof IMPORT_COLUMNS)[number] | string, string>>;

let seq = 0;
export const uniqueId = (p: string) => `${p}-${process.pid}-${Date.now().toString(36)}-${++seq}`;

/** A valid row under YMD at the test clock (2026-03-01T09:00Z, Europe/London): refilled 19 days ago. */
export function baseRow(overrides: ImportRowInput = {}): ImportRowInput {
  return {
    mrn: uniqueId('MRN'),
    family_name: 'Importer',
    given_name: 'Ada',
    birth_date: '1970-05-01',
    spasticity_origin: 'spinal',
    risk_factors: '',
    screening_dose_mcg: '',
    pump_model: 'SynchroMed II',
    pump_serial: uniqueId('SN'),
    reservoir_capacity_ml: '20',
    low_reservoir_alarm_ml: '',
    implanted_on: '2024-01-10',
    last_refill_at: '2026-02-10 10:00',
    volume_after_refill_ml: '20',
    concentration_mcg_per_ml: '500',
    daily_dose_mcg: '150',
    dose_effective_at: '',
    next_appointment_at: '',
    notes: '',
    ...overrides,
  };
}

const quote = (v: string, d: string) => (v.includes(d) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function csvOf(rows: ImportRowInput[], delimiter = ',', columns: string[] = [...IMPORT_COLUMNS]): Buffer {
  const lines = [
    columns.join(delimiter),
    ...rows.map((r) => columns.map((c) => quote(r[c] ?? '', delimiter)).join(delimiter)),
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function xlsxOf(
  rows: ImportRowInput[],
  cell: (column: string, value: string) => ExcelJS.CellValue = (_c, v) => v,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Pumps');
  sheet.addRow([...IMPORT_COLUMNS]);
  for (const r of rows) sheet.addRow(IMPORT_COLUMNS.map((c) => cell(c, r[c] ?? '') ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface ZipEntry {
  name: string;
  data: Buffer;
  /** Size written in the headers (a lie makes a zip bomb that hides its size). */
  declaredSize?: number;
}

/** A minimal deflate zip (local headers, central directory, end record). */
export function zipOf(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const packed = deflateRawSync(e.data);
    const size = e.declaredSize ?? e.data.length;
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export function uploader(t: TestApp, u: TestUsers) {
  return (
    file: Buffer,
    query = 'dryRun=true',
    role: Parameters<TestUsers['auth']>[0] = 'physician',
    name = 'clinic.csv',
  ) => t.http.post(`/api/imports?${query}`).set(u.auth(role)).attach('file', file, name);
}

/** Rows in the clinical tables (nothing stored ⇒ unchanged). */
export async function storedCounts(t: TestApp): Promise<Record<string, number>> {
  const { DataSource } = await import('typeorm');
  const [row] = (await t.app.get(DataSource).query(
    `SELECT (SELECT count(*)::int FROM patients) AS patients, (SELECT count(*)::int FROM pumps) AS pumps,
            (SELECT count(*)::int FROM refills) AS refills, (SELECT count(*)::int FROM dose_programs) AS programs,
            (SELECT count(*)::int FROM appointments) AS appointments, (SELECT count(*)::int FROM imports) AS imports`,
  )) as Record<string, number>[];
  return row;
}
