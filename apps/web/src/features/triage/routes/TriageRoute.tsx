import type { PatientDto } from '@pumpwatch/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ErrorState, Loading } from '../../../components/ui/States';
import { formatLocalDate } from '../../../lib/format';
import { useClinicTimeZone } from '../../../lib/reference-data';
import { useRole } from '../../../lib/session';
import { patientQuery } from '../../patients/api';
import { triageCallQuery, useCreateCall } from '../api/triage';
import { CloseCallForm } from '../components/CloseCallForm';
import { OpenCalls } from '../components/OpenCalls';
import { PatientSearch } from '../components/PatientSearch';
import { TriageForm } from '../components/TriageForm';
import { TriageResult } from '../components/TriageResult';
import '../triage.css';

const takesCalls = (role?: string) => role === 'nurse' || role === 'physician';

/**
 * A call about symptoms, start to finish: find the patient, tick what the caller reports, read the answer
 * aloud, record the outcome. `?patient=` starts with a patient chosen; `?call=` shows a call taken.
 */
export default function TriageRoute() {
  const [params, setParams] = useSearchParams();
  const callId = params.get('call');
  const patientId = params.get('patient');
  const timeZone = useClinicTimeZone();
  return (
    <section aria-labelledby="triage-title" className="triage">
      <div className="page-head">
        <h2 id="triage-title">Triage call</h2>
        {(callId || patientId) && (
          <button type="button" className="btn btn-small" onClick={() => setParams({})}>
            New call
          </button>
        )}
      </div>
      <div className="triage-layout">
        <div>
          {callId ? (
            <CallView callId={callId} timeZone={timeZone} />
          ) : (
            <NewCall
              patientId={patientId}
              onPatient={(p) => setParams(p ? { patient: p.id } : {})}
              onSaved={(id) => setParams({ call: id })}
            />
          )}
        </div>
        <aside className="card" aria-labelledby="open-calls-title">
          <h3 id="open-calls-title">Waiting for an outcome</h3>
          <OpenCalls timeZone={timeZone} />
        </aside>
      </div>
    </section>
  );
}

function NewCall({
  patientId,
  onPatient,
  onSaved,
}: {
  patientId: string | null;
  onPatient: (p: PatientDto | null) => void;
  onSaved: (callId: string) => void;
}) {
  const role = useRole();
  const patient = useQuery({ ...patientQuery(patientId ?? ''), enabled: !!patientId });
  const mutation = useCreateCall((call) => onSaved(call.id));
  if (!takesCalls(role)) {
    return <p className="alert alert-info">Calls about symptoms are taken by a nurse or a physician.</p>;
  }
  if (!patientId) {
    return (
      <section className="card" aria-label="Find the patient">
        <h3>1. Who is the call about?</h3>
        <PatientSearch onPick={onPatient} />
      </section>
    );
  }
  if (patient.isPending) return <Loading label="Loading patient…" />;
  if (patient.isError) return <ErrorState error={patient.error} onRetry={() => void patient.refetch()} />;
  const p = patient.data;
  return (
    <>
      <section className="card patient-chosen" aria-label="Patient">
        <strong>
          {p.familyName}, {p.givenName}
        </strong>{' '}
        · {p.mrn} · born {formatLocalDate(p.birthDate)}
        {p.highRisk && <span className="tag tag-risk">High risk for withdrawal</span>}{' '}
        <button type="button" className="btn btn-small" onClick={() => onPatient(null)}>
          Change patient
        </button>
      </section>
      <section className="card" aria-label="What the caller reports">
        <h3>2. What does the caller report?</h3>
        {mutation.error && <ErrorState error={mutation.error} />}
        <TriageForm pending={mutation.isPending} onSubmit={(body) => mutation.mutate({ patientId: p.id, body })} />
      </section>
    </>
  );
}

function CallView({ callId, timeZone }: { callId: string; timeZone: string }) {
  const role = useRole();
  const call = useQuery(triageCallQuery(callId));
  const patient = useQuery({ ...patientQuery(call.data?.patientId ?? ''), enabled: !!call.data });
  if (call.isPending) return <Loading label="Loading call…" />;
  if (call.isError) return <ErrorState error={call.error} onRetry={() => void call.refetch()} />;
  const p = patient.data;
  return (
    <>
      <p className="patient-chosen">
        {p ? (
          <Link to={`/patients/${p.id}`}>
            {p.familyName}, {p.givenName} ({p.mrn})
          </Link>
        ) : (
          'Patient'
        )}
      </p>
      <TriageResult call={call.data} patient={p} timeZone={timeZone} />
      <CloseCallForm call={call.data} timeZone={timeZone} canClose={takesCalls(role)} />
    </>
  );
}
