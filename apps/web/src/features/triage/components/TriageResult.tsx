import type { PatientDto, TriageCallDto } from '@pumpwatch/contracts';
import { formatInstant } from '../../../lib/format';
import {
  ACTION_ORDER,
  ACTION_WORDS,
  CALLER_WORDS,
  REASON_WORDS,
  SUSPECTED_WORDS,
  SYMPTOM_WORDS,
  URGENCY_WORDS,
} from '../../../lib/triage-words';
import { OralBackupPanel } from './OralBackupPanel';

/** The engine's answer in words and colour (never colour alone): how urgent, why, and what to do now. */
export function TriageResult({
  call,
  patient,
  timeZone,
}: {
  call: TriageCallDto;
  patient?: PatientDto;
  timeZone: string;
}) {
  const urgency = URGENCY_WORDS[call.urgency];
  const actions = ACTION_ORDER.filter((a) => call.actions.includes(a));
  return (
    <div className="triage-result">
      <div
        className={`urgency urgency-${call.urgency}`}
        role="status"
        data-testid="urgency"
        data-urgency={call.urgency}
      >
        <span aria-hidden="true">{urgency.icon} </span>
        <strong>{urgency.title}</strong>
        <span className="urgency-suspected">{SUSPECTED_WORDS[call.suspected]}</span>
      </div>
      <div className="grid-2">
        <section className="card" aria-label="What to do now">
          <h3>What to do now</h3>
          <ol className="triage-actions" data-testid="actions">
            {actions.map((a) => (
              <li key={a} data-action={a}>
                {ACTION_WORDS[a]}
              </li>
            ))}
          </ol>
          <h3>Why</h3>
          {call.reasons.length === 0 ? (
            <p className="muted">
              {call.urgency === 'ROUTINE'
                ? 'Nothing reported that needs action today.'
                : 'Symptoms reported, and nothing about this pump makes them an emergency.'}
            </p>
          ) : (
            <ul data-testid="reasons">
              {call.reasons.map((r) => (
                <li key={r} data-reason={r}>
                  {REASON_WORDS[r]}
                </li>
              ))}
            </ul>
          )}
          {!call.projectionAvailable && call.pumpId && (
            <p className="muted small">
              The pump&apos;s reservoir could not be worked out from its records, so it was treated as low.
            </p>
          )}
          {!call.pumpId && <p className="muted small">No active pump on record: classified from the symptoms alone.</p>}
        </section>
        <OralBackupPanel call={call} patient={patient} />
      </div>
      <details className="card">
        <summary>What was reported and what the pump records said</summary>
        <dl className="facts">
          <dt>Call</dt>
          <dd>
            {formatInstant(call.at, timeZone)} · {CALLER_WORDS[call.caller]}
            {call.pumpAlarmHeard ? ' · pump alarm heard' : ''}
          </dd>
          <dt>Signs</dt>
          <dd>{call.symptoms.length ? call.symptoms.map((s) => SYMPTOM_WORDS[s]).join(', ') : 'none'}</dd>
          {call.notes && (
            <>
              <dt>Notes</dt>
              <dd>{call.notes}</dd>
            </>
          )}
          <dt>Reservoir</dt>
          <dd>
            {call.context.pastWorstCaseAlarm || call.context.reservoirAtOrBelowAlarm
              ? 'at or past its alarm'
              : 'above its alarm'}
          </dd>
          <dt>Open pump alarms</dt>
          <dd>{call.context.openAlarms.length ? call.context.openAlarms.join(', ') : 'none'}</dd>
          <dt>Last refill</dt>
          <dd>{formatInstant(call.context.lastRefillAt, timeZone)}</dd>
          <dt>Last dose increase</dt>
          <dd>{formatInstant(call.context.lastDoseIncreaseAt, timeZone)}</dd>
        </dl>
      </details>
    </div>
  );
}
