import { stringify } from 'csv-stringify/sync';

/**
 * A formula-like start (OWASP CSV injection: = + - @, tab, CR) at the start of the cell or of any line in it.
 * Every line counts: a spreadsheet that splits a cell at a line break (or a reader that takes a lone LF as the
 * end of the record) reads the next line as a cell of its own, so `Smith\n=cmd|…` hid a live formula.
 */
const FORMULA_LINE_START = /(^|[\r\n])(?=[=+\-@\t\r])/g;

/** A text cell a spreadsheet will not execute: each formula-like line start gets a leading apostrophe. */
export const safeText = (value: string): string => value.replace(FORMULA_LINE_START, "$1'");

/**
 * UTF-8 byte-order mark. Excel reads a CSV without it in the computer's legacy code page, so "Fernández" opens
 * as "FernÃ¡ndez"; with it, Excel (and every other spreadsheet) reads UTF-8. Written once, before the header.
 */
export const UTF8_BOM = '\uFEFF';

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
      // csv-stringify quotes only the record delimiter (CRLF): a lone CR or LF left unquoted starts a new row
      quoted_match: /[\r\n]/,
      cast: {
        string: (v) => safeText(v),
        number: (v) => String(v),
        boolean: (v) => (v ? 'true' : 'false'),
      },
    },
  );
}
