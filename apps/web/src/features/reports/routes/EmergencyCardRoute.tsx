import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { ErrorState, Loading } from '../../../components/ui/States';
import { formatInstant, formatLocalDate, formatMcgPerDay } from '../../../lib/format';
import { emergencyCardQuery, type EmergencyCard } from '../api/reports';
import { DrugWithConcentration } from '../components/DrugWithConcentration';
import { PrintBar } from '../components/PrintBar';
import '../reports.css';

/**
 * The patient's card: two A6 sides printed double-sided (front: who, pump, drug, dose, next refill, phones; back:
 * warning signs, what to do, the oral backup plan): what an emergency department needs to know. Each side is a
 * box of its own, the back starts a new page, and no section is ever cut across the two.
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
        <div className="card-side card-front">
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
          {/* on the front, which has room to spare: the back is full with what to do */}
          <p className="muted card-printed">Printed {formatInstant(c.generatedAt, tz)}</p>
        </div>
        <div className="card-side card-back">
          <p className="back-banner">
            {c.warning} — clinic {c.clinic.phone || '—'}, out of hours {c.clinic.outOfHoursPhone || '—'}
          </p>
          <section>
            <h3>Withdrawal warning signs</h3>
            <ul className="compact-list two-columns">
              {c.withdrawalSigns.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          </section>
          <section>
            <h3>Too much baclofen</h3>
            <p>{c.overdoseSigns.join(' · ')}</p>
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
              <ul className="compact-list">
                {[...c.oralBackupPlan.use, ...c.oralBackupPlan.cautions].map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </section>
          )}
        </div>
      </article>
    </div>
  );
}

/** The next refill; once the due date has passed the card says so first, in words that cannot be missed. */
function NextRefill({ p, tz }: { p: EmergencyCard['pumps'][number]; tz: string }) {
  const booked = p.nextAppointmentAt ? `booked ${formatInstant(p.nextAppointmentAt, tz)}` : null;
  if (p.overdueSince) {
    return (
      <>
        <strong className="card-overdue" data-testid="card-overdue">
          OVERDUE since {formatLocalDate(p.overdueSince)}
        </strong>
        {booked ? ` — ${booked}` : ' — not booked: call the clinic'}
      </>
    );
  }
  return (
    <>
      <strong>{formatLocalDate(p.nextRefillDate)}</strong>
      {booked ? ` (${booked})` : ' (due date, not yet booked)'}
    </>
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
        <DrugWithConcentration name={p.drugName} mcgPerMl={p.concentrationMcgPerMl} testId="card-drug" />
      </dd>
      <dt>Daily dose</dt>
      <dd>
        <strong>{formatMcgPerDay(p.dailyDoseMcgPerDay)}</strong>
      </dd>
      <dt>Next refill</dt>
      <dd>
        <NextRefill p={p} tz={tz} />
      </dd>
    </>
  );
}
