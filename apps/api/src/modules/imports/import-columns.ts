import { IMPORT_COLUMNS, IMPORT_REQUIRED_COLUMNS, type ImportColumn, type ImportWarning } from '@pumpwatch/contracts';
import { DomainError } from '../../common/errors/domain-error';
import { isBlankCell, type RawTable } from './import-file';
import { normaliseHeader } from './import-values';

const BY_NORMALISED = new Map<string, ImportColumn>(IMPORT_COLUMNS.map((c) => [normaliseHeader(c), c]));

export interface ColumnMap {
  index: Map<ImportColumn, number>;
  warnings: ImportWarning[];
}

/**
 * Matches the header row to the import's columns. Two headers naming the same column leave no way to know
 * which cell is meant: refused (422 IMPORT_DUPLICATE_COLUMNS) rather than one silently picked. Unknown headers
 * are warnings; missing required ones are 422 IMPORT_MISSING_COLUMNS naming them.
 */
export function mapColumns(table: RawTable): ColumnMap {
  const index = new Map<ImportColumn, number>();
  const duplicates = new Set<ImportColumn>();
  const warnings: ImportWarning[] = [];
  table.header.forEach((raw, i) => {
    const name = raw.trim();
    const column = BY_NORMALISED.get(normaliseHeader(name));
    if (column) {
      if (index.has(column)) duplicates.add(column);
      else index.set(column, i);
      return;
    }
    const used = table.rows.some((r) => !isBlankCell(r.cells[i]));
    if (!name && !used) return; // an empty trailing column of the sheet
    warnings.push({
      column: name || `column ${i + 1}`,
      code: 'UNKNOWN_COLUMN',
      message: name
        ? `Column "${name}" is not one the import knows; its cells are ignored`
        : `Column ${i + 1} has values but no header; its cells are ignored`,
    });
  });
  if (duplicates.size) {
    throw new DomainError(
      'IMPORT_DUPLICATE_COLUMNS',
      `These columns appear more than once in the header: ${[...duplicates].join(', ')} — keep one of each`,
      { columns: [...duplicates], line: table.headerLine },
    );
  }
  const missing = IMPORT_REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length) {
    throw new DomainError('IMPORT_MISSING_COLUMNS', `Required columns are missing: ${missing.join(', ')}`, {
      columns: missing,
    });
  }
  return { index, warnings };
}
