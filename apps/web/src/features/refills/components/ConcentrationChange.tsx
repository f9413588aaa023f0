import type { UseFormRegisterReturn } from 'react-hook-form';
import { Field } from '../../../components/ui/Field';
import { REFILL_CODE_WORDS } from '../../../lib/codes';
import { formatConcentration } from '../../../lib/format';

/**
 * Shown when the engine reports CONCENTRATION_CHANGED: pump and catheter still hold the old concentration,
 * so a bridge bolus (> 0 mcg) is programmed and documented, and the nurse confirms the change.
 */
export function ConcentrationChange({
  lastConcentrationMcgPerMl,
  bridgeBolus,
  confirm,
  bridgeBolusError,
  confirmError,
}: {
  lastConcentrationMcgPerMl: number | null;
  bridgeBolus: UseFormRegisterReturn<'bridgeBolusMcg'>;
  confirm: UseFormRegisterReturn<'concentrationChangeConfirmed'>;
  bridgeBolusError?: string;
  confirmError?: string;
}) {
  return (
    <fieldset className="alert alert-warning" data-testid="concentration-change">
      <legend>
        <span aria-hidden="true">⚠ </span>Concentration change
      </legend>
      <p>
        {REFILL_CODE_WORDS.CONCENTRATION_CHANGED}
        {lastConcentrationMcgPerMl !== null && ` Last refill: ${formatConcentration(lastConcentrationMcgPerMl)}.`}
      </p>
      <Field
        label="Bridge bolus (mcg)"
        hint="The bolus programmed to clear the old drug from the catheter: more than 0."
        error={bridgeBolusError}
      >
        <input inputMode="decimal" autoComplete="off" {...bridgeBolus} />
      </Field>
      <div className={`field field-check${confirmError ? ' field-invalid' : ''}`}>
        <label>
          <input type="checkbox" {...confirm} /> I confirm the concentration change and the bridge bolus are programmed
        </label>
        {confirmError && (
          <span className="field-error">
            <span aria-hidden="true">⚠ </span>
            {confirmError}
          </span>
        )}
      </div>
    </fieldset>
  );
}
