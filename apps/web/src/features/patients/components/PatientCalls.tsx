import type { PatientDto } from '@pumpwatch/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorState, Loading } from '../../../components/ui/States';
import { formatInstant } from '../../../lib/format';
import { useRole } from '../../../lib/session';
import { OUTCOME_WORDS, SYMPTOM_WORDS, URGENCY_WORDS } from '../../../lib/triage-words';
import { patientCallsQuery } from '../../triage/api';

/** The patient's calls about symptoms, newest first, each with its urgency and what was done. */
export function PatientCalls({ patient, timeZone }: { patient: PatientDto; timeZone: string }) {
  const role = useRole();
  const calls = useQuery(patientCallsQuery(patient.id));
  return (
    <section className="card" aria-labelledby="patient-calls-title">
      <div className="card-head">
        <h3 id="patient-calls-title">Calls about symptoms</h3>
        {(role === 'nurse' || role === 'physician') && (
          <Link className="btn btn-small" to={`/triage?patient=${patient.id}`}>
            New triage call
          </Link>
        )}
      </div>
      {calls.isPending ? (
        <Loading />
      ) : calls.isError ? (
        <ErrorState error={calls.error} onRetry={() => void calls.refetch()} />
      ) : calls.data.length === 0 ? (
        <p className="muted">No calls recorded.</p>
      ) : (
        <ol className="timeline" aria-label="Calls about symptoms">
          {calls.data.map((c) => (
            <li key={c.id} data-testid="patient-call">
              <time dateTime={c.at}>{formatInstant(c.at, timeZone)}</time>{' '}
              <span className={`tag urgency-tag urgency-${c.urgency}`}>{URGENCY_WORDS[c.urgency].title}</span>{' '}
              {c.symptoms.length ? c.symptoms.map((s) => SYMPTOM_WORDS[s]).join(', ') : 'no symptom'} —{' '}
              {c.status === 'closed' ? OUTCOME_WORDS[c.outcome!] : <strong>outcome not recorded</strong>}{' '}
              <Link to={`/triage?call=${c.id}`}>Open</Link>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
