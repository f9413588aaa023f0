import type { PatientDto, TriageCallDto } from '@pumpwatch/contracts';
import { oralBackupDirections } from '../../../lib/triage-words';

/**
 * The oral backup plan beside the answer, with the two risk factors that make oral baclofen more sedating.
 * The plan shown is the one on record when the call was taken (what the nurse could advise).
 */
export function OralBackupPanel({ call, patient }: { call: TriageCallDto; patient?: PatientDto }) {
  const plan = call.oralBackupPlan;
  const advise = call.actions.includes('START_ORAL_BACKUP_PLAN');
  const overdosePossible = call.suspected === 'OVERDOSE' || call.suspected === 'UNCLEAR';
  const factor = (code: 'RENAL_IMPAIRMENT' | 'CNS_DEPRESSANTS') =>
    patient ? (patient.riskFactors.includes(code) ? 'yes' : 'not recorded') : '…';
  return (
    <section className={`card oral-backup${advise ? ' oral-backup-advise' : ''}`} aria-label="Oral backup plan">
      <h3>Oral baclofen backup plan</h3>
      {overdosePossible && (
        <p className="alert alert-critical" data-testid="no-oral-baclofen">
          <span aria-hidden="true">✕ </span>
          <strong>Do not advise oral baclofen:</strong> an overdose is possible.
        </p>
      )}
      {plan ? (
        <>
          <p className={advise ? 'verdict' : undefined} data-testid="oral-backup-directions">
            {advise ? 'Advise now: ' : overdosePossible ? 'On record, not for this call: ' : 'On record: '}
            {oralBackupDirections(plan)}
          </p>
          {plan.notes && <p className="muted">{plan.notes}</p>}
          {!advise && !overdosePossible && (
            <p className="muted small">Only for signs of withdrawal on the way to care; not suggested for this call.</p>
          )}
        </>
      ) : (
        <p className="muted">No plan documented: ask the physician on call before advising oral baclofen.</p>
      )}
      <dl className="facts facts-inline">
        <dt>Kidney problems (renal impairment)</dt>
        <dd data-testid="renal">{factor('RENAL_IMPAIRMENT')}</dd>
        <dt>Other sedating medicines (CNS depressants)</dt>
        <dd data-testid="cns">{factor('CNS_DEPRESSANTS')}</dd>
      </dl>
    </section>
  );
}
