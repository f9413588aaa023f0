import {
  SEVERE_SYMPTOMS,
  TRIAGE_CALLERS,
  type CreateTriageCallRequest,
  type TriageCaller,
  type TriageSymptom,
} from '@pumpwatch/contracts';
import { useState } from 'react';
import { CALLER_WORDS, SYMPTOM_GROUPS } from '../../../lib/triage-words';

/** What the caller reports, ticked in plain words; the engine classifies it on submit. */
export function TriageForm({
  pending,
  onSubmit,
}: {
  pending: boolean;
  onSubmit: (body: CreateTriageCallRequest) => void;
}) {
  const [caller, setCaller] = useState<TriageCaller | ''>('');
  const [symptoms, setSymptoms] = useState<TriageSymptom[]>([]);
  const [pumpAlarmHeard, setPumpAlarmHeard] = useState(false);
  const [notes, setNotes] = useState('');
  const [callerMissing, setCallerMissing] = useState(false);
  const toggle = (s: TriageSymptom) =>
    setSymptoms((prev) => (prev.includes(s) ? prev.filter((x) => x !== s) : [...prev, s]));

  return (
    <form
      className="form triage-form"
      aria-label="Triage call"
      onSubmit={(e) => {
        e.preventDefault();
        if (!caller) {
          setCallerMissing(true);
          return;
        }
        onSubmit({ caller, symptoms, pumpAlarmHeard, ...(notes.trim() ? { notes: notes.trim() } : {}) });
      }}
    >
      <fieldset aria-describedby={callerMissing ? 'caller-missing' : undefined}>
        <legend>Who is calling?</legend>
        <div className="radio-row">
          {TRIAGE_CALLERS.map((c) => (
            <label key={c}>
              <input
                type="radio"
                name="caller"
                value={c}
                checked={caller === c}
                onChange={() => {
                  setCaller(c);
                  setCallerMissing(false);
                }}
              />{' '}
              {CALLER_WORDS[c]}
            </label>
          ))}
        </div>
        {callerMissing && (
          <span id="caller-missing" className="field-error" role="alert">
            <span aria-hidden="true">⚠ </span>Choose who is calling.
          </span>
        )}
      </fieldset>
      <div className="symptom-groups">
        {SYMPTOM_GROUPS.map((g) => (
          <fieldset key={g.title}>
            <legend>
              {g.title} <span className="muted">({g.hint})</span>
            </legend>
            {g.symptoms.map(([code, text]) => (
              <div key={code} className="field-check">
                <label>
                  <input type="checkbox" checked={symptoms.includes(code)} onChange={() => toggle(code)} /> {text}
                  {SEVERE_SYMPTOMS.includes(code) && <span className="tag tag-risk">severe</span>}
                </label>
              </div>
            ))}
          </fieldset>
        ))}
      </div>
      <div className="field-check">
        <label>
          <input type="checkbox" checked={pumpAlarmHeard} onChange={(e) => setPumpAlarmHeard(e.target.checked)} /> The
          caller heard the pump alarm (beeping)
        </label>
      </div>
      <div className="field">
        <label htmlFor="triage-notes">Notes (what the caller says, in their words)</label>
        <textarea
          id="triage-notes"
          rows={2}
          maxLength={4000}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
        />
      </div>
      <p className="muted small">
        {symptoms.length === 0 && !pumpAlarmHeard
          ? 'Nothing ticked: the call is recorded as routine.'
          : `${symptoms.length} sign${symptoms.length === 1 ? '' : 's'} ticked.`}
      </p>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? 'Classifying…' : 'Classify the call'}
        </button>
      </div>
    </form>
  );
}
