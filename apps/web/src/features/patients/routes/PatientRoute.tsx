import type { PatientDto, PumpDto, Role } from '@pumpwatch/contracts';
import { reservoirSeries, type ReservoirSeries } from '@pumpwatch/domain';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorState, Loading } from '../../../components/ui/States';
import { RISK_FACTOR_WORDS, words } from '../../../lib/codes';
import { latestRefill, projectionInput } from '../../../lib/engine-input';
import { formatLocalDate, formatMcg } from '../../../lib/format';
import { clinicSettingsQuery, drugLibraryQuery, usersQuery } from '../../../lib/reference-data';
import { useSession } from '../../../lib/session';
import { useNow } from '../../../lib/use-now';
import { patientCallsQuery } from '../../triage/api';
import {
  patientQuery,
  pumpDoseProgramsQuery,
  pumpEventsQuery,
  pumpRefillsQuery,
  pumpStatusQuery,
} from '../api/patients';
import { EditPatientDialog } from '../components/EditPatientDialog';
import { OralBackupPlanCard } from '../components/OralBackupPlanCard';
import { PatientCalls } from '../components/PatientCalls';
import { PumpCard } from '../components/PumpCard';
import { DoseHistory, Timeline } from '../components/PumpHistory';
import { ReservoirChart } from '../components/ReservoirChart';

function PumpSection({
  pump,
  role,
  nowMs,
  patientName,
}: {
  pump: PumpDto;
  role?: Role;
  nowMs: number;
  patientName: string;
}) {
  const { user } = useSession();
  const settings = useQuery(clinicSettingsQuery());
  const drugs = useQuery(drugLibraryQuery());
  const users = useQuery(usersQuery());
  const status = useQuery({ ...pumpStatusQuery(pump.id), enabled: pump.active });
  const refills = useQuery(pumpRefillsQuery(pump.id));
  const programs = useQuery(pumpDoseProgramsQuery(pump.id));
  const events = useQuery(pumpEventsQuery(pump.id));
  const calls = useQuery(patientCallsQuery(pump.patientId));
  const timeZone = settings.data?.timeZone ?? 'UTC';
  const userMap = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u])), [users.data]);

  const series: ReservoirSeries | null = useMemo(() => {
    const last = latestRefill(refills.data);
    if (!pump.active || !last || !programs.data?.length || !settings.data) return null;
    try {
      return reservoirSeries(
        projectionInput({
          pump,
          lastRefill: last,
          programs: programs.data,
          timeZone: settings.data.timeZone,
          policy: settings.data.policy,
          drugLibrary: drugs.data,
        }),
      );
    } catch {
      return null; // e.g. no program in force at the last refill: the card explains via the API's status
    }
  }, [pump, refills.data, programs.data, settings.data, drugs.data]);

  return (
    <div className="pump-section">
      <div className="grid-2">
        <PumpCard
          pump={pump}
          status={pump.active ? status : { data: undefined, error: null, isPending: false }}
          timeZone={timeZone}
          nowMs={nowMs}
          role={role}
          patientName={patientName}
        />
        <section className="card" aria-label="Reservoir chart">
          <h3>Reservoir over time</h3>
          {series ? (
            <ReservoirChart
              series={series}
              capacityMl={pump.reservoirCapacityMl}
              timeZone={timeZone}
              nowMs={nowMs}
              appointmentAt={status.data?.nextAppointmentAt ?? null}
            />
          ) : refills.isPending || programs.isPending ? (
            <Loading />
          ) : (
            <p className="muted">No projection: the pump needs a dose program and a recorded fill.</p>
          )}
        </section>
      </div>
      <section className="card">
        <h3>Dose history</h3>
        {programs.isPending ? (
          <Loading />
        ) : programs.isError ? (
          <ErrorState error={programs.error} />
        ) : (
          <DoseHistory
            programs={programs.data}
            timeZone={timeZone}
            users={userMap}
            user={user}
            concentrationMcgPerMl={latestRefill(refills.data)?.concentrationMcgPerMl ?? null}
          />
        )}
      </section>
      <section className="card">
        <h3>Timeline</h3>
        {refills.isPending || events.isPending ? (
          <Loading />
        ) : (
          <>
            {refills.isError && <ErrorState error={refills.error} />}
            {events.isError && <ErrorState error={events.error} />}
            <Timeline
              refills={refills.data ?? []}
              programs={programs.data ?? []}
              events={events.data ?? []}
              calls={(calls.data ?? []).filter((c) => c.pumpId === pump.id)}
              timeZone={timeZone}
              users={userMap}
            />
          </>
        )}
      </section>
    </div>
  );
}

function Demographics({ patient }: { patient: PatientDto }) {
  return (
    <section className="card patient-head" aria-label="Demographics">
      <dl className="facts facts-inline">
        <dt>MRN</dt>
        <dd>{patient.mrn}</dd>
        <dt>Birth date</dt>
        <dd>
          {formatLocalDate(patient.birthDate)}
          {patient.pediatric && <span className="tag">Child</span>}
        </dd>
        <dt>Spasticity</dt>
        <dd>{patient.spasticityOrigin}</dd>
        <dt>Screening dose</dt>
        <dd data-testid="screening-dose">
          {patient.screeningDoseMcg != null ? formatMcg(patient.screeningDoseMcg) : 'not recorded'}
        </dd>
        {patient.phone && (
          <>
            <dt>Phone</dt>
            <dd>{patient.phone}</dd>
          </>
        )}
      </dl>
      <div className="risk-flags">
        {patient.highRisk && (
          <span className="tag tag-risk">
            <span aria-hidden="true">⚑ </span>High risk for withdrawal
          </span>
        )}
        {patient.riskFactors.length === 0 ? (
          <span className="muted">No risk factors recorded</span>
        ) : (
          <ul aria-label="Risk factors" className="inline-list">
            {patient.riskFactors.map((r) => (
              <li key={r} className="tag">
                {words(RISK_FACTOR_WORDS, r)}
              </li>
            ))}
          </ul>
        )}
      </div>
      {patient.notes && <p className="muted">{patient.notes}</p>}
    </section>
  );
}

export default function PatientRoute() {
  const { patientId = '' } = useParams();
  const role = useSession().user?.role;
  const nowMs = useNow();
  const patient = useQuery(patientQuery(patientId));
  const settings = useQuery(clinicSettingsQuery());
  const [editing, setEditing] = useState(false);
  if (patient.isPending) return <Loading label="Loading patient…" />;
  if (patient.isError) return <ErrorState error={patient.error} onRetry={() => void patient.refetch()} />;
  const p = patient.data;
  const pumps = [...(p.pumps ?? [])].sort((a, b) => Number(b.active) - Number(a.active));
  return (
    <section aria-labelledby="patient-title">
      <div className="page-head">
        <h2 id="patient-title">
          {p.familyName}, {p.givenName}
        </h2>
        {(role === 'nurse' || role === 'physician' || role === 'admin') && (
          <button type="button" className="btn btn-small" onClick={() => setEditing(true)}>
            Edit patient
          </button>
        )}
        <Link to="/patients">All patients</Link>
      </div>
      <Demographics patient={p} />
      <div className="grid-2">
        <OralBackupPlanCard patient={p} />
        <PatientCalls patient={p} timeZone={timeZoneOf(settings.data)} />
      </div>
      {editing && <EditPatientDialog patient={p} onClose={() => setEditing(false)} />}
      {pumps.length === 0 ? (
        <p className="state state-empty">No pump on record.</p>
      ) : (
        pumps.map((pump) => (
          <PumpSection
            key={pump.id}
            pump={pump}
            role={role}
            nowMs={nowMs}
            patientName={`${p.familyName}, ${p.givenName}`}
          />
        ))
      )}
    </section>
  );
}

const timeZoneOf = (settings?: { timeZone: string }) => settings?.timeZone ?? 'UTC';
