import type { Control, FieldErrors, UseFormRegister } from 'react-hook-form';
import { useFieldArray } from 'react-hook-form';
import { Field } from '../../../components/ui/Field';
import { parseNumber } from '../../../lib/numbers';
import { MINUTES_PER_DAY, type DoseFormValues } from './dose-form-model';

/** Flex program steps: durations over 24 h, each with its rate in mcg/h. */
export function FlexSteps({
  control,
  register,
  errors,
  steps,
}: {
  control: Control<DoseFormValues>;
  register: UseFormRegister<DoseFormValues>;
  errors: FieldErrors<DoseFormValues>;
  steps: { durationMinutes?: string }[] | undefined;
}) {
  const fields = useFieldArray({ control, name: 'flexSteps' });
  const totalMinutes = (steps ?? []).reduce((s, x) => s + (parseNumber(x?.durationMinutes) ?? 0), 0);
  return (
    <fieldset>
      <legend>
        Flex steps (total {totalMinutes} of {MINUTES_PER_DAY} min)
      </legend>
      {fields.fields.map((f, i) => (
        <div className="flex-step" key={f.id}>
          <Field label={`Step ${i + 1} duration (min)`}>
            <input inputMode="numeric" {...register(`flexSteps.${i}.durationMinutes`)} />
          </Field>
          <Field label={`Step ${i + 1} rate (mcg/h)`}>
            <input inputMode="decimal" {...register(`flexSteps.${i}.doseRateMcgPerHour`)} />
          </Field>
          {fields.fields.length > 1 && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => fields.remove(i)}
              aria-label={`Remove step ${i + 1}`}
            >
              Remove
            </button>
          )}
        </div>
      ))}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => fields.append({ durationMinutes: '', doseRateMcgPerHour: '' })}
      >
        Add step
      </button>
      {errors.flexSteps?.message && <span className="field-error">{errors.flexSteps.message}</span>}
    </fieldset>
  );
}
