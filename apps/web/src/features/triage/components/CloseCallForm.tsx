import { TRIAGE_OUTCOMES, type TriageCallDto, type TriageOutcome } from '@pumpwatch/contracts';
import { useState } from 'react';
import { ApiError } from '../../../lib/api-client';
import { formatInstant } from '../../../lib/format';
import { OUTCOME_WORDS } from '../../../lib/triage-words';
import { useCloseCall } from '../api/triage';

/** Records what was done: the call then leaves the alarm board. */
export function CloseCallForm({
  call,
  timeZone,
  canClose,
}: {
  call: TriageCallDto;
  timeZone: string;
  canClose: boolean;
}) {
  const [outcome, setOutcome] = useState<TriageOutcome | ''>('');
  const [notes, setNotes] = useState('');
  const mutation = useCloseCall();
  if (call.status === 'closed') {
    return (
      <p className="alert alert-info" data-testid="call-closed">
        Outcome recorded {formatInstant(call.closedAt, timeZone)}: <strong>{OUTCOME_WORDS[call.outcome!]}</strong>
        {call.outcomeNotes ? ` — ${call.outcomeNotes}` : ''}
      </p>
    );
  }
  if (!canClose) return <p className="muted">A nurse or physician records the outcome of this call.</p>;
  const error = mutation.error;
  return (
    <form
      className="form card"
      aria-label="Record the outcome"
      onSubmit={(e) => {
        e.preventDefault();
        if (!outcome) return;
        mutation.mutate({
          id: call.id,
          body: { outcome, version: call.version, ...(notes.trim() ? { notes: notes.trim() } : {}) },
        });
      }}
    >
      <fieldset>
        <legend>Record the outcome (the call stays on the alarm board until you do)</legend>
        <div className="radio-row">
          {TRIAGE_OUTCOMES.map((o) => (
            <label key={o}>
              <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />{' '}
              {OUTCOME_WORDS[o]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="outcome-notes">Notes</label>
        <textarea
          id="outcome-notes"
          rows={2}
          maxLength={4000}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
        />
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error instanceof ApiError && (error.code === 'VERSION_CONFLICT' || error.code === 'TRIAGE_CALL_CLOSED')
            ? 'Someone else updated this call: reload it to see what was recorded.'
            : error instanceof Error
              ? error.message
              : 'Could not save.'}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={!outcome || mutation.isPending}>
          {mutation.isPending ? 'Saving…' : 'Record outcome'}
        </button>
      </div>
    </form>
  );
}
