import { ORAL_BACKUP_LIMITS, type PatientDto } from '@pumpwatch/contracts';
import { useState } from 'react';
import { ApiError } from '../../../lib/api-client';
import { useRole } from '../../../lib/session';
import { oralBackupDirections } from '../../../lib/triage-words';
import { useSaveOralBackupPlan } from '../../triage/api';

/**
 * The patient page's oral backup plan: everyone reads it (it prints on the emergency card and shows on the
 * triage screen); a physician or an admin writes it.
 */
export function OralBackupPlanCard({ patient }: { patient: PatientDto }) {
  const role = useRole();
  const [editing, setEditing] = useState(false);
  const canEdit = role === 'physician' || role === 'admin';
  const plan = patient.oralBackupPlan;
  const has = (f: 'RENAL_IMPAIRMENT' | 'CNS_DEPRESSANTS') => patient.riskFactors.includes(f);
  return (
    <section className="card" aria-labelledby="oral-backup-title">
      <div className="card-head">
        <h3 id="oral-backup-title">Oral baclofen backup plan</h3>
        {canEdit && !editing && (
          <button type="button" className="btn btn-small" onClick={() => setEditing(true)}>
            {plan ? 'Change plan' : 'Add plan'}
          </button>
        )}
      </div>
      {editing ? (
        <PlanForm patient={patient} onDone={() => setEditing(false)} />
      ) : plan ? (
        <p data-testid="oral-backup-plan">
          <strong>{oralBackupDirections(plan)}</strong>
          {plan.notes ? ` — ${plan.notes}` : ''}
        </p>
      ) : (
        <p className="muted" data-testid="oral-backup-plan">
          None documented{canEdit ? '' : ' (a physician adds it)'}.
        </p>
      )}
      <p className="muted small">
        A bridge for withdrawal while the patient reaches care; it never replaces the pump.
        {has('RENAL_IMPAIRMENT') && ' Kidney problems on record: baclofen builds up.'}
        {has('CNS_DEPRESSANTS') && ' Other sedating medicines on record: watch for drowsiness.'}
      </p>
    </section>
  );
}

function PlanForm({ patient, onDone }: { patient: PatientDto; onDone: () => void }) {
  const plan = patient.oralBackupPlan;
  const [doseMg, setDoseMg] = useState(plan ? String(plan.doseMg) : '');
  const [timesPerDay, setTimesPerDay] = useState(plan ? String(plan.timesPerDay) : '3');
  const [notes, setNotes] = useState(plan?.notes ?? '');
  const mutation = useSaveOralBackupPlan(patient, onDone);
  const error = mutation.error;
  return (
    <form
      className="form"
      aria-label="Oral backup plan"
      onSubmit={(e) => {
        e.preventDefault();
        mutation.mutate({
          doseMg: Number(doseMg),
          timesPerDay: Number(timesPerDay),
          notes: notes.trim() || null,
        });
      }}
    >
      <div className="form-grid">
        <div className="field">
          <label htmlFor="ob-dose">Dose per intake (mg)</label>
          <input
            id="ob-dose"
            type="number"
            inputMode="decimal"
            min="0.5"
            max={ORAL_BACKUP_LIMITS.maxDoseMg}
            step="0.5"
            required
            value={doseMg}
            onChange={(e) => setDoseMg(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="ob-times">Times a day</label>
          <input
            id="ob-times"
            type="number"
            min="1"
            max={ORAL_BACKUP_LIMITS.maxTimesPerDay}
            step="1"
            required
            value={timesPerDay}
            onChange={(e) => setTimesPerDay(e.target.value)}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor="ob-notes">Notes</label>
        <input id="ob-notes" maxLength={500} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error instanceof ApiError ? error.message : 'Could not save.'}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
          Save plan
        </button>
        {plan && (
          <button type="button" className="btn" disabled={mutation.isPending} onClick={() => mutation.mutate(null)}>
            Remove plan
          </button>
        )}
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
