import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { ErrorState, Loading } from '../../../components/ui/States';
import { DISCREPANCY_WORDS, DUE_REASON_WORDS, RISK_FACTOR_WORDS, words } from '../../../lib/codes';
import {
  formatConcentration,
  formatInstant,
  formatLocalDate,
  formatMcg,
  formatMcgPerDay,
  formatMl,
  formatMlPerDay,
} from '../../../lib/format';
import { refillSheetQuery, type RefillSheet } from '../api/reports';
import { DrugWithConcentration } from '../components/DrugWithConcentration';
import { PrintBar } from '../components/PrintBar';
import '../reports.css';

function Program({ p, tz }: { p: NonNullable<RefillSheet['currentProgram']>; tz: string }) {
  return (
    <dl className="facts">
      <dt>Programmed daily dose</dt>
      <dd>
        <strong>{formatMcgPerDay(p.programmedDoseMcgPerDay)}</strong>
        {p.flexSteps ? ' (flex)' : ' (simple continuous)'}
      </dd>
      {p.flexSteps && (
        <>
          <dt>Flex steps</dt>
          <dd>{p.flexSteps.map((s) => `${s.durationMinutes} min @ ${s.doseRateMcgPerHour} mcg/h`).join('; ')}</dd>
        </>
      )}
      {p.bolusDoseMcg && p.maxBolusesPerDay ? (
        <>
          <dt>Patient bolus</dt>
          <dd>
            {formatMcg(p.bolusDoseMcg)} × up to {p.maxBolusesPerDay}/day (planning dose{' '}
            {formatMcgPerDay(p.planningDoseMcgPerDay)})
          </dd>
        </>
      ) : null}
      <dt>In force since</dt>
      <dd>{formatInstant(p.effectiveAt, tz)}</dd>
      <dt>Second-clinician verification</dt>
      <dd>
        {p.verified ? 'Verified' : <strong className="print-warn">NOT VERIFIED — verify before refilling</strong>}
      </dd>
    </dl>
  );
}

/** A4 sheet the nurse and second checker take to the refill visit and sign. */
export default function RefillSheetRoute() {
  const { pumpId = '' } = useParams();
  const query = useQuery(refillSheetQuery(pumpId));
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const s = query.data;
  const tz = s.clinic.timeZone;
  return (
    <article className="print-page refill-sheet" aria-labelledby="sheet-title">
      <PrintBar label="Print refill sheet" />
      <header className="print-head">
        <h2 id="sheet-title">Intrathecal baclofen refill sheet</h2>
        <p className="muted">
          {s.clinic.name} · printed {formatInstant(s.generatedAt, tz)}
        </p>
      </header>
      <div className="print-cols">
        <section>
          <h3>Patient</h3>
          <dl className="facts">
            <dt>Name</dt>
            <dd>
              <strong>
                {s.patient.familyName}, {s.patient.givenName}
              </strong>
            </dd>
            <dt>MRN</dt>
            <dd>{s.patient.mrn}</dd>
            <dt>Born</dt>
            <dd>{formatLocalDate(s.patient.birthDate)}</dd>
            <dt>Withdrawal risk</dt>
            <dd>
              {s.patient.highRisk ? <strong className="print-warn">HIGH RISK</strong> : 'standard'}
              {s.patient.riskFactors.length > 0 &&
                ` — ${s.patient.riskFactors.map((f) => words(RISK_FACTOR_WORDS, f)).join(', ')}`}
            </dd>
          </dl>
        </section>
        <section>
          <h3>Pump</h3>
          <dl className="facts">
            <dt>Model</dt>
            <dd>
              {s.pump.manufacturer ? `${s.pump.manufacturer} ` : ''}
              {s.pump.model}
            </dd>
            <dt>Serial</dt>
            <dd>{s.pump.serialNumber}</dd>
            <dt>Reservoir</dt>
            <dd>
              {formatMl(s.pump.reservoirCapacityMl)}, alarm at {formatMl(s.pump.lowReservoirAlarmMl)}
            </dd>
            {s.pump.catheterModel && (
              <>
                <dt>Catheter</dt>
                <dd>
                  {s.pump.catheterModel}
                  {s.pump.catheterVolumeMl !== null && ` (${formatMl(s.pump.catheterVolumeMl)})`}
                </dd>
              </>
            )}
          </dl>
        </section>
      </div>

      <section>
        <h3>Drug and program</h3>
        <dl className="facts">
          <dt>Drug in pump</dt>
          <dd>
            <DrugWithConcentration
              name={s.drugName ?? 'Baclofen intrathecal'}
              mcgPerMl={s.concentrationMcgPerMl}
              testId="sheet-drug"
            />
          </dd>
        </dl>
        {s.currentProgram ? <Program p={s.currentProgram} tz={tz} /> : <p>No dose program in force.</p>}
      </section>

      <section>
        <h3>Expected now (engine projection)</h3>
        {s.projection ? (
          <dl className="facts">
            <dt>Expected residual now</dt>
            <dd data-testid="sheet-expected-residual">
              <strong>{formatMl(s.projection.expectedResidualNowMl)}</strong>
            </dd>
            <dt>Rate</dt>
            <dd>{formatMlPerDay(s.projection.rateMlPerDay)}</dd>
            <dt>Low-reservoir alarm</dt>
            <dd>
              {formatInstant(s.projection.lowReservoirAlarmAt, tz)} (worst case{' '}
              {formatInstant(s.projection.worstCaseLowReservoirAlarmAt, tz)})
            </dd>
            <dt>Refill due</dt>
            <dd>
              {formatLocalDate(s.projection.refillDueDate)} ({words(DUE_REASON_WORDS, s.projection.refillDueReason)})
            </dd>
          </dl>
        ) : (
          <p>Initial fill: no projection yet.</p>
        )}
      </section>

      <section>
        <h3>Last refills</h3>
        <table className="table table-compact print-table">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Residual aspirated</th>
              <th scope="col">Expected</th>
              <th scope="col">Added</th>
              <th scope="col">Concentration</th>
              <th scope="col">Discrepancy</th>
            </tr>
          </thead>
          <tbody>
            {s.lastRefills.map((r) => (
              <tr key={r.at}>
                <td>{formatInstant(r.at, tz)}</td>
                <td>{formatMl(r.actualResidualMl)}</td>
                <td>{formatMl(r.expectedResidualMl)}</td>
                <td>{formatMl(r.volumeAddedMl)}</td>
                <td>{formatConcentration(r.concentrationMcgPerMl)}</td>
                <td>
                  {r.discrepancy === 'NONE'
                    ? 'none'
                    : `${formatMl(r.discrepancyMl)} — ${words(DISCREPANCY_WORDS, r.discrepancy)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section>
        <h3>This visit</h3>
        <table className="table print-table write-in">
          <tbody>
            <tr>
              <th scope="row">Residual aspirated (mL)</th>
              <td />
              <th scope="row">Volume added (mL)</th>
              <td />
            </tr>
            <tr>
              <th scope="row">Concentration filled (mcg/mL)</th>
              <td />
              <th scope="row">Lot / expiry</th>
              <td />
            </tr>
          </tbody>
        </table>
        <h3>Two-person check</h3>
        <ul className="checklist">
          {s.checks.map((c) => (
            <li key={c}>
              <span className="box" aria-hidden="true" /> {c}
            </li>
          ))}
        </ul>
      </section>

      <section className="signatures">
        {s.signatures.map((sig) => (
          <div key={sig.role} className="signature">
            <div className="signature-line" />
            <p>{sig.label} — name, signature, date/time</p>
          </div>
        ))}
      </section>
    </article>
  );
}
