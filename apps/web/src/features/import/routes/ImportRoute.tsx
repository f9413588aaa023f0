import { useRole } from '../../../lib/session';
import { ImportForm } from '../components/ImportForm';

/** Go-live import (admin, physician): check the clinic's spreadsheet, see the report, confirm, go to the board. */
export default function ImportRoute() {
  const role = useRole();
  return (
    <section aria-labelledby="import-title">
      <div className="page-head">
        <h2 id="import-title">Import</h2>
        <p className="muted">
          Bring the clinic's pumps in from its spreadsheet: one row per pump of a patient, as it stands now.
        </p>
      </div>
      {role === 'admin' || role === 'physician' ? (
        <ImportForm />
      ) : (
        <p className="state state-error" role="alert">
          Only a physician or an administrator can import a clinic's spreadsheet.
        </p>
      )}
    </section>
  );
}
