import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DomainError } from '../../common/errors/domain-error';
import { assertSafeWorkbookZip, isZip } from './zip-guard';

/** At most this many bytes (10 MiB) and non-blank data rows per file. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_DATA_ROWS = 20_000;

/**
 * One cell as read from the file. CSV cells are always text; an XLSX cell keeps its type so a date cell is
 * never re-read under a day/month order and a number is never re-parsed from its formatting.
 */
export type Cell =
  | { kind: 'blank' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; text: string }
  /** An XLSX date cell as clinic-local wall time `YYYY-MM-DD HH:MM`. */
  | { kind: 'date'; wall: string }
  /** A formula whose computed value is not stored in the file (we never evaluate formulas). */
  | { kind: 'formula' }
  | { kind: 'error'; text: string };

export interface RawRow {
  /** Data row number: 1 = the row after the header (blank rows keep their number). */
  row: number;
  /** Physical line (CSV) or sheet row (XLSX) where the row starts. */
  line: number;
  cells: Cell[];
}

export interface RawTable {
  kind: 'csv' | 'xlsx';
  /** CSV delimiter (a `;` file also accepts decimal commas). */
  delimiter: ',' | ';' | null;
  header: string[];
  headerLine: number;
  rows: RawRow[];
}

const BLANK: Cell = { kind: 'blank' };

export const isBlankCell = (c: Cell | undefined): boolean =>
  !c || c.kind === 'blank' || (c.kind === 'text' && c.text.trim() === '');

const unreadable = (message: string, line: number | null) => new DomainError('IMPORT_UNREADABLE', message, { line });

export const tooManyRows = () =>
  new DomainError('IMPORT_TOO_LARGE', `The file has more than ${MAX_DATA_ROWS.toLocaleString('en')} data rows`, {
    maxRows: MAX_DATA_ROWS,
  });

/** Type from the content (never the name): XLSX = a zip with a workbook, else UTF-8 text read as CSV, else 415. */
export async function readTable(buf: Buffer): Promise<RawTable> {
  if (buf.length > MAX_FILE_BYTES) {
    throw new DomainError('IMPORT_TOO_LARGE', 'The file is larger than 10 MB', { maxBytes: MAX_FILE_BYTES });
  }
  if (isZip(buf)) {
    assertSafeWorkbookZip(buf);
    return readXlsx(buf);
  }
  return readCsv(decodeText(buf));
}

/** A control character other than tab, line feed or carriage return. */
function hasBinaryControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return true;
  }
  return false;
}

function decodeText(buf: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new DomainError('IMPORT_UNSUPPORTED_FILE', 'The file is neither an XLSX workbook nor UTF-8 text (CSV)');
  }
  // control characters other than tab and line breaks mean a binary file, not a spreadsheet export
  if (hasBinaryControl(text)) {
    throw new DomainError('IMPORT_UNSUPPORTED_FILE', 'The file contains binary data: upload a CSV or XLSX file');
  }
  return text;
}

const lineOf = (text: string, index: number): number => {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
};

/** The line where a quoted field that never closes was opened (csv-parse only reports the end of the file). */
function unclosedQuoteLine(text: string, delimiter: string): number | null {
  let inQuote = false;
  let openedAt = 0;
  let fieldStart = true;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inQuote) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else inQuote = false;
      }
      continue;
    }
    if (c === '"' && fieldStart) {
      inQuote = true;
      openedAt = line;
    }
    fieldStart = c === delimiter || c === '\n' || c === '\r';
  }
  return inQuote ? openedAt : null;
}

/** `,` or `;`, whichever the header row uses more (outside quotes). */
function detectDelimiter(headerLine: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let inQuote = false;
  for (const c of headerLine) {
    if (c === '"') inQuote = !inQuote;
    else if (!inQuote && c === ',') commas++;
    else if (!inQuote && c === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

function readCsv(input: string): RawTable {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const bom = text.indexOf('\uFEFF');
  if (bom >= 0) {
    throw unreadable(
      `Line ${lineOf(text, bom)} contains a byte-order mark: two files were probably joined; save the sheet again as one CSV`,
      lineOf(text, bom),
    );
  }
  if (!text.trim()) throw unreadable('The file is empty', 1);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = detectDelimiter(firstLine);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: false,
      bom: false,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const err = e as { code?: string; lines?: number; message?: string };
    const line = err.code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuoteLine(text, delimiter) : (err.lines ?? null);
    const what =
      err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted cell is never closed (a missing ")'
        : 'a quote (") appears inside a cell that was not quoted, or after a closing quote';
    throw unreadable(`The file cannot be read as CSV at line ${line}: ${what}`, line);
  }
  const headerIndex = records.findIndex((r) => r.record.some((c) => c.trim() !== ''));
  if (headerIndex < 0) throw unreadable('The file is empty', 1);
  const lineStart = (i: number) => (i === 0 ? 1 : records[i - 1].info.lines + 1);
  const rows: RawRow[] = [];
  let nonBlank = 0;
  for (let i = headerIndex + 1; i < records.length; i++) {
    const cells: Cell[] = records[i].record.map((t) => (t === '' ? BLANK : { kind: 'text', text: t }));
    // a final line break leaves one empty record behind: not a row
    if (i === records.length - 1 && cells.every((c) => isBlankCell(c))) break;
    if (!cells.every((c) => isBlankCell(c)) && ++nonBlank > MAX_DATA_ROWS) throw tooManyRows();
    rows.push({ row: i - headerIndex, line: lineStart(i), cells });
  }
  const header = records[headerIndex].record;
  return { kind: 'csv', delimiter, header, headerLine: lineStart(headerIndex), rows };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** exceljs hands date cells over as Dates whose UTC fields are the wall time typed in Excel; to the minute. */
function wallTime(d: Date): string {
  const m = new Date(Math.round(d.getTime() / 60_000) * 60_000);
  return `${m.getUTCFullYear()}-${pad(m.getUTCMonth() + 1)}-${pad(m.getUTCDate())} ${pad(m.getUTCHours())}:${pad(m.getUTCMinutes())}`;
}

/** A number as the sheet shows it for identifiers (MRN 00123 formatted "00000" stays 00123). */
function shownNumber(value: number, numFmt: string | undefined): string {
  const text = Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (numFmt && /^0+$/.test(numFmt) && Number.isInteger(value)) return text.padStart(numFmt.length, '0');
  return text;
}

function toCell(value: ExcelJS.CellValue, numFmt: string | undefined): Cell {
  if (value === null || value === undefined) return BLANK;
  if (typeof value === 'number') return { kind: 'number', value, text: shownNumber(value, numFmt) };
  if (typeof value === 'string') return value === '' ? BLANK : { kind: 'text', text: value };
  if (typeof value === 'boolean') return { kind: 'text', text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? BLANK : { kind: 'date', wall: wallTime(value) };
  const v = value as unknown as Record<string, unknown>;
  if ('formula' in v || 'sharedFormula' in v) {
    // the value Excel computed and saved, never the formula itself
    return v.result === undefined || v.result === null
      ? { kind: 'formula' }
      : toCell(v.result as ExcelJS.CellValue, numFmt);
  }
  if ('error' in v) return { kind: 'error', text: String(v.error) };
  if (Array.isArray(v.richText)) {
    const text = (v.richText as { text: string }[]).map((r) => r.text).join('');
    return text === '' ? BLANK : { kind: 'text', text };
  }
  if ('text' in v) return toCell(v.text as ExcelJS.CellValue, numFmt);
  return { kind: 'error', text: 'unreadable cell' };
}

async function readXlsx(buf: Buffer): Promise<RawTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw unreadable(`The workbook cannot be read: ${(e as Error).message}`, null);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw unreadable('The workbook has no sheet', null);
  const lines: { line: number; cells: Cell[] }[] = [];
  const last = sheet.rowCount;
  for (let r = 1; r <= last; r++) {
    const row = sheet.getRow(r);
    const cells: Cell[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.getCell(c);
      cells.push(toCell(cell.value, cell.numFmt));
    }
    lines.push({ line: r, cells });
  }
  const headerIndex = lines.findIndex((l) => l.cells.some((c) => !isBlankCell(c)));
  if (headerIndex < 0) throw unreadable('The first sheet is empty', 1);
  const header = lines[headerIndex].cells.map((c) =>
    c.kind === 'text' ? c.text : c.kind === 'number' ? c.text : c.kind === 'date' ? c.wall : '',
  );
  const rows: RawRow[] = [];
  let nonBlank = 0;
  for (let i = headerIndex + 1; i < lines.length; i++) {
    if (!lines[i].cells.every((c) => isBlankCell(c)) && ++nonBlank > MAX_DATA_ROWS) throw tooManyRows();
    rows.push({ row: i - headerIndex, line: lines[i].line, cells: lines[i].cells });
  }
  return { kind: 'xlsx', delimiter: null, header, headerLine: lines[headerIndex].line, rows };
}
