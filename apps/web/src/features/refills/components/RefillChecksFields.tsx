import type { ClinicianDto } from '@pumpwatch/contracts';
import { Field } from '../../../components/ui/Field';
import type { RefillFormState } from './useRefillForm';

/**
 * The four-eyes part: the needle position and the second checker (any active nurse or physician but the
 * recorder), and notes.
 */
export function RefillChecksFields({
  refill,
  users,
  currentUserId,
}: {
  refill: RefillFormState;
  users: ClinicianDto[];
  currentUserId: string;
}) {
  const { form, fieldError } = refill;
  const checkers = users.filter(
    (u) => u.active && u.id !== currentUserId && (u.role === 'nurse' || u.role === 'physician'),
  );
  const needleError = fieldError('needlePositionConfirmed');
  return (
    <fieldset>
      <legend>Checks</legend>
      <div className={`field field-check${needleError ? ' field-invalid' : ''}`}>
        <label>
          <input type="checkbox" {...form.register('needlePositionConfirmed')} /> Needle position in the reservoir
          confirmed
        </label>
        {needleError && (
          <span className="field-error" role="alert">
            <span aria-hidden="true">⚠ </span>
            {needleError}
          </span>
        )}
      </div>
      <Field
        label="Second checker"
        hint={
          checkers.length === 0
            ? 'No other nurse or physician is on record: a refill cannot be saved without a second checker.'
            : 'The nurse or physician who checked the drug, volumes and programming with you'
        }
        error={fieldError('secondCheckerId')}
      >
        <select {...form.register('secondCheckerId')}>
          <option value="" disabled>
            Choose who checked
          </option>
          {checkers.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} ({u.role})
            </option>
          ))}
        </select>
      </Field>
      <Field label="Notes" error={fieldError('notes')}>
        <textarea rows={2} {...form.register('notes')} />
      </Field>
    </fieldset>
  );
}
