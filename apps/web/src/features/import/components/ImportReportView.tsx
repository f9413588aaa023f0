import type { ImportReport } from '@pumpwatch/contracts';
import { alarmWords } from '../../../lib/codes';
import { formatLocalDate } from '../../../lib/format';
import { overdueCount } from '../api/imports';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

function Counts({ report }: { report: ImportReport }) {
  const c = report.creates;
  const u = report.updates;
  return (
    <ul className="import-counts" aria-label="What the import does">
      <li>
        {plural(report.rows, 'row')}: {plural(report.valid, 'valid row')}, {plural(report.invalid, 'row')} with errors
      </li>
      <li>
        New: {plural(c.patients, 'patient')}, {plural(c.pumps, 'pump')}, {plural(c.refills, 'refill')},{' '}
        {plural(c.dosePrograms, 'dose program')}, {plural(c.appointments, 'appointment')}
      </li>
      {(u.patients > 0 || u.pumps > 0) && (
        <li>
          Updated: {plural(u.patients, 'patient')}, {plural(u.pumps, 'pump')}
        </li>
      )}
      {report.unchanged > 0 && <li>{plural(report.unchanged, 'row')} already in PumpWatch, unchanged</li>}
    </ul>
  );
}

/** The import's report: counts, each bad row with its reason, warnings, and what the board will show. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const overdue = overdueCount(report);
  return (
    <div className="import-report" data-testid="import-report">
      <Counts report={report} />
      {report.valid > 0 && (
        <p className={overdue ? 'state state-error' : 'state'} data-testid="import-overdue" role="status">
          {overdue
            ? `${plural(overdue, 'pump')} will be overdue on import: ${overdue === 1 ? 'its patient needs' : 'their patients need'} a refill now.`
            : 'No pump will be overdue on import.'}{' '}
          Every imported dose stays unverified until a second clinician verifies it.
        </p>
      )}
      {report.errors.length > 0 && (
        <>
          <h3>Rows with errors (not imported)</h3>
          <table className="table table-compact" data-testid="import-errors">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
                <th scope="col">Code</th>
              </tr>
            </thead>
            <tbody>
              {report.errors.map((e, i) => (
                <tr key={`${e.row}-${e.column}-${e.code}-${i}`}>
                  <td>{e.row}</td>
                  <td>{e.column ?? '—'}</td>
                  <td>{e.message}</td>
                  <td>
                    <code>{e.code}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {report.warnings.length > 0 && (
        <>
          <h3>Warnings</h3>
          <ul data-testid="import-warnings">
            {report.warnings.map((w, i) => (
              <li key={`${w.code}-${i}`}>
                {w.row !== undefined && `Row ${w.row}: `}
                {w.message} <code>{w.code}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {report.preview.length > 0 && (
        <>
          <h3>On the board after the import</h3>
          <table className="table table-compact" data-testid="import-preview">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">MRN</th>
                <th scope="col">Pump</th>
                <th scope="col">Refill due</th>
                <th scope="col">Alarms</th>
              </tr>
            </thead>
            <tbody>
              {report.preview.map((p) => (
                <tr key={p.row}>
                  <td>{p.row}</td>
                  <td>{p.mrn}</td>
                  <td>{p.pumpSerial}</td>
                  <td>{p.refillDueDate ? formatLocalDate(p.refillDueDate) : '—'}</td>
                  <td>{p.alarms.length ? p.alarms.map(alarmWords).join(', ') : 'none'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
