import type { ImportDateOrder, ImportReport } from '@pumpwatch/contracts';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../../../components/ui/States';
import { downloadTemplate, reportOf, useCheckImport, useCommitImport } from '../api/imports';
import { ImportReportView } from './ImportReportView';

const ORDERS: { value: ImportDateOrder; label: string }[] = [
  { value: 'YMD', label: 'Year-month-day (2026-03-05)' },
  { value: 'DMY', label: 'Day first (05/03/2026)' },
  { value: 'MDY', label: 'Month first (03/05/2026)' },
];

/**
 * Upload → check (dry run: nothing stored) → report with each bad row and the preview → confirm (one
 * transaction) → link to the board. A new file or date order needs a new check before it can be imported.
 */
export function ImportForm() {
  const [file, setFile] = useState<File | null>(null);
  const [dateOrder, setDateOrder] = useState<ImportDateOrder>('YMD');
  const [checked, setChecked] = useState<ImportReport | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const check = useCheckImport(setChecked);
  const commit = useCommitImport();

  const reset = () => {
    setChecked(null);
    check.reset();
    commit.reset();
  };
  const onCheck = (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setFormError('Choose the spreadsheet file (CSV or XLSX) first.');
      return;
    }
    setFormError(null);
    reset();
    check.mutate({ file, dateOrder });
  };

  const done = commit.data;
  const refused = reportOf(commit.error);
  return (
    <div className="import-page">
      <p>
        Start from a template:{' '}
        <button type="button" className="btn btn-small" onClick={() => void downloadTemplate('csv')}>
          template.csv
        </button>{' '}
        <button type="button" className="btn btn-small" onClick={() => void downloadTemplate('xlsx')}>
          template.xlsx
        </button>
      </p>
      <form onSubmit={onCheck} noValidate>
        <div className="field">
          <label htmlFor="import-file">Spreadsheet file</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              reset();
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="import-date-order">Date order</label>
          <select
            id="import-date-order"
            value={dateOrder}
            onChange={(e) => {
              setDateOrder(e.target.value as ImportDateOrder);
              reset();
            }}
          >
            {ORDERS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        {formError && (
          <p className="field-error" role="alert">
            {formError}
          </p>
        )}
        <button type="submit" className="btn" disabled={check.isPending}>
          {check.isPending ? 'Checking…' : 'Check file'}
        </button>
      </form>

      {check.error && <ErrorState error={check.error} />}
      {checked && !done && (
        <>
          <h3>Check of {file?.name}: nothing stored yet</h3>
          <ImportReportView report={checked} />
          {checked.valid > 0 ? (
            <button
              type="button"
              className="btn btn-primary"
              disabled={commit.isPending}
              onClick={() => commit.mutate({ file: file!, dateOrder, skipInvalid: checked.invalid > 0 })}
            >
              {checked.invalid > 0
                ? `Import the ${checked.valid} valid rows (leave out ${checked.invalid})`
                : `Import ${checked.valid} rows`}
            </button>
          ) : (
            <p className="state state-error">No row can be imported: fix the file and check it again.</p>
          )}
        </>
      )}
      {refused && <ImportReportView report={refused} />}
      {commit.error && !refused && <ErrorState error={commit.error} />}
      {done && (
        <div className="state" role="status" data-testid="import-done">
          <p>
            Imported: {done.creates.pumps} new pumps, {done.creates.patients} new patients
            {done.unchanged ? `, ${done.unchanged} rows already up to date` : ''}.
          </p>
          <Link to="/alarms" className="btn btn-primary">
            Go to the alarm board
          </Link>{' '}
          <Link to="/worklist" className="btn">
            Refill worklist
          </Link>
        </div>
      )}
    </div>
  );
}
