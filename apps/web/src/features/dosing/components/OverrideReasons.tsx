import { overrideReasonLength, type DoseErrorCode } from '@pumpwatch/domain';
import type { FieldErrors, UseFormRegister } from 'react-hook-form';
import { Field } from '../../../components/ui/Field';
import type { DoseFormValues } from './dose-form-model';
import { guardTitle } from './guard-words';

/**
 * One reason per guard to lift: a single reason must not lift several guards without naming them, and each
 * reason must say something (at least the policy's minimum length, "x" does not count).
 */
export function OverrideReasons({
  codes,
  reasons,
  minChars,
  register,
  errors,
}: {
  codes: readonly DoseErrorCode[];
  reasons: Record<string, string | undefined>;
  minChars: number;
  register: UseFormRegister<DoseFormValues>;
  errors: FieldErrors<DoseFormValues>;
}) {
  if (codes.length === 0) return null;
  return (
    <fieldset className="override-reasons" data-testid="override-reasons">
      <legend>Override reasons (one for each guard you lift)</legend>
      <p className="muted small">
        Each reason is recorded in the audit trail with the guard it lifts; the change then needs a second
        clinician&apos;s verification.
      </p>
      {codes.map((code) => {
        const length = overrideReasonLength(reasons[code]);
        const short = length < minChars;
        return (
          <Field
            key={code}
            label={`Override reason — ${guardTitle(code)}`}
            hint={
              short
                ? `At least ${minChars} characters (${length} so far): say why this guard may be lifted.`
                : 'Reason recorded for this guard.'
            }
            error={errors.overrideReasons?.[code]?.message}
          >
            <textarea rows={2} data-code={code} {...register(`overrideReasons.${code}`)} />
          </Field>
        );
      })}
    </fieldset>
  );
}
