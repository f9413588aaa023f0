import { stringify } from 'csv-stringify/sync';

/** Characters a spreadsheet reads as the start of a formula (OWASP CSV injection), incl. tab and CR. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet will not execute: formula-like text gets a leading apostrophe. */
export const safeText = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
}

/**
 * RFC 4180 CSV with a header row. Every string cell (including JSON and dates) passes through `safeText`;
 * numbers and booleans are written as they are (a negative number is data, not a formula).
 */
export function toCsv<T>(rows: T[], columns: CsvColumn<T>[]): string {
  return stringify(
    rows.map((row) => columns.map((c) => c.value(row) ?? '')),
    {
      header: true,
      columns: columns.map((c) => c.header),
      record_delimiter: '\r\n',
      cast: {
        string: (v) => safeText(v),
        number: (v) => String(v),
        boolean: (v) => (v ? 'true' : 'false'),
      },
    },
  );
}
