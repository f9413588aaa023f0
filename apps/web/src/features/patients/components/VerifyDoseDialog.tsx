import type { DoseProgramDto, UserDto } from '@pumpwatch/contracts';
import { rateMlPerDay, roundRateMlPerDay } from '@pumpwatch/domain';
import { useState } from 'react';
import { Dialog } from '../../../components/ui/Dialog';
import { ApiError } from '../../../lib/api-client';
import { DOSE_CODE_WORDS, words } from '../../../lib/codes';
import { formatConcentration, formatInstant, formatMcg, formatMcgPerDay, formatMlPerDay } from '../../../lib/format';
import { VERIFY_CODE_WORDS } from '../../dosing/api';

export interface VerifyDoseDialogProps {
  program: DoseProgramDto;
  /** Concentration in the pump now (latest refill); null when none is on record. */
  concentrationMcgPerMl: number | null;
  timeZone: string;
  authorName: string;
  error?: unknown;
  pending?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

export const verifyErrorText = (e: unknown): string =>
  e instanceof ApiError ? (VERIFY_CODE_WORDS[e.code] ?? `${e.message} (${e.code})`) : 'Could not reach the server.';

/**
 * Restates what was programmed (dose, rate, effective time) so the verifier compares the pump printout
 * with the record line by line, and makes them say they did before the verification is sent.
 */
export function VerifyDoseDialog(props: VerifyDoseDialogProps) {
  const { program: p, concentrationMcgPerMl: conc, timeZone } = props;
  const [checked, setChecked] = useState(false);
  const rate = conc ? roundRateMlPerDay(rateMlPerDay(p.planningDoseMcgPerDay, conc)) : null;
  return (
    <Dialog title="Verify dose program" onClose={props.onClose}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (checked) props.onConfirm();
        }}
      >
        <p>Compare the pump programmer printout with this record. Verify only if every line matches.</p>
        <dl className="facts" data-testid="verify-restated">
          <dt>Programmed dose</dt>
          <dd>
            <strong>{formatMcgPerDay(p.programmedDoseMcgPerDay)}</strong>
            {p.flexSteps && (
              <ul>
                {p.flexSteps.map((s, i) => (
                  <li key={i}>
                    Step {i + 1}: {s.durationMinutes} min at {s.doseRateMcgPerHour} mcg/h
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>Bolus</dt>
          <dd>{p.bolusDoseMcg != null ? `${formatMcg(p.bolusDoseMcg)} × ${p.maxBolusesPerDay ?? 0}/day` : 'None'}</dd>
          <dt>Rate</dt>
          <dd>
            <strong>{rate === null ? 'No concentration on record' : formatMlPerDay(rate)}</strong>
            {conc !== null && <span className="muted"> at {formatConcentration(conc)}</span>}
          </dd>
          <dt>Effective</dt>
          <dd>
            <strong>{formatInstant(p.effectiveAt, timeZone)}</strong>
          </dd>
          <dt>Programmed by</dt>
          <dd>{props.authorName}</dd>
          {p.overrideReason && (
            <>
              <dt>Override</dt>
              <dd>
                {p.overridden.map((c) => words(DOSE_CODE_WORDS, c)).join(' ')} Reason: “{p.overrideReason}”
              </dd>
            </>
          )}
        </dl>
        <div className="field field-check">
          <label>
            <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} /> I have checked
            the printout: dose, rate and effective time match this record.
          </label>
        </div>
        {props.error !== undefined && props.error !== null && (
          <p className="alert alert-error" role="alert" data-testid="verify-error">
            <span aria-hidden="true">⚠ </span>
            {verifyErrorText(props.error)}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!checked || props.pending}>
            Confirm verification
          </button>
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Who may verify: a nurse or physician who did not write the program (the API enforces the same). */
export const mayVerify = (user: Pick<UserDto, 'id' | 'role'> | null | undefined, program: DoseProgramDto): boolean =>
  !!user && (user.role === 'nurse' || user.role === 'physician') && user.id !== program.createdBy;
