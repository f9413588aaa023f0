import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { ErrorState, Loading } from '../../../components/ui/States';
import { formatConcentration, formatInstant, formatLocalDate, formatMcgPerDay } from '../../../lib/format';
import { emergencyCardQuery, type EmergencyCard } from '../api/reports';
import { PrintBar } from '../components/PrintBar';
import '../reports.css';

/**
 * The patient's card: two A6 pages (front: who, pump, drug, dose, next refill, phones; back: warning signs and
 * what to do), printed double-sided: what an emergency department needs to know.
 */
export default function EmergencyCardRoute() {
  const { patientId = '' } = useParams();
  const query = useQuery(emergencyCardQuery(patientId));
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data;
  const tz = c.clinic.timeZone;
  return (
    <div className="print-page card-page">
      <PrintBar label="Print emergency card" />
      <article className="emergency-card" aria-labelledby="card-title">
        <header className="card-banner">
          <h2 id="card-title">Intrathecal baclofen pump</h2>
          <p className="never-stop" data-testid="never-stop">
            {c.warning}
          </p>
        </header>
        <dl className="facts card-facts">
          <dt>Patient</dt>
          <dd>
            <strong>
              {c.patient.givenName} {c.patient.familyName}
            </strong>{' '}
            · born {formatLocalDate(c.patient.birthDate)} · MRN {c.patient.mrn}
          </dd>
          {c.pumps.map((p) => (
            <PumpFacts key={p.pumpId} p={p} tz={tz} />
          ))}
          <dt>Clinic</dt>
          <dd>
            {c.clinic.name}: <strong>{c.clinic.phone || '—'}</strong>
          </dd>
          <dt>Out of hours</dt>
          <dd>
            <strong>{c.clinic.outOfHoursPhone || '—'}</strong>
          </dd>
        </dl>
        <div className="card-back">
          <p className="back-banner">
            {c.warning} — clinic {c.clinic.phone || '—'}, out of hours {c.clinic.outOfHoursPhone || '—'}
          </p>
          <section>
            <h3>Withdrawal warning signs</h3>
            <ul className="compact-list">
              {c.withdrawalSigns.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          </section>
          <section>
            <h3>Too much baclofen</h3>
            <p className="small">{c.overdoseSigns.join(' · ')}</p>
          </section>
          <section>
            <h3>What to do</h3>
            <ol className="compact-list">
              {c.whatToDo.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ol>
          </section>
          {c.oralBackupPlan && (
            <section data-testid="card-oral-backup">
              <h3>{c.oralBackupPlan.heading}</h3>
              <p>
                <strong>{c.oralBackupPlan.directions}</strong>
                {c.oralBackupPlan.notes ? ` — ${c.oralBackupPlan.notes}` : ''}
              </p>
              <ul className="compact-list small">
                {[...c.oralBackupPlan.use, ...c.oralBackupPlan.cautions].map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </section>
          )}
          <p className="muted small">Printed {formatInstant(c.generatedAt, tz)}</p>
        </div>
      </article>
    </div>
  );
}

function PumpFacts({ p, tz }: { p: EmergencyCard['pumps'][number]; tz: string }) {
  return (
    <>
      <dt>Pump</dt>
      <dd>
        {p.manufacturer ? `${p.manufacturer} ` : ''}
        {p.model} (serial {p.serialNumber})
      </dd>
      <dt>Drug</dt>
      <dd>
        {p.drugName}, <strong>{formatConcentration(p.concentrationMcgPerMl)}</strong>
      </dd>
      <dt>Daily dose</dt>
      <dd>
        <strong>{formatMcgPerDay(p.dailyDoseMcgPerDay)}</strong>
      </dd>
      <dt>Next refill</dt>
      <dd>
        <strong>{formatLocalDate(p.nextRefillDate)}</strong>
        {p.nextAppointmentAt ? ` (booked ${formatInstant(p.nextAppointmentAt, tz)})` : ' (due date, not yet booked)'}
      </dd>
    </>
  );
}
