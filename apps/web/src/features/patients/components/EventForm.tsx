import type { PumpEventType, Role } from '@pumpwatch/contracts';
import { isRecordInFuture } from '@pumpwatch/domain';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ClinicDateTimeField } from '../../../components/ui/ClinicDateInput';
import { Field } from '../../../components/ui/Field';
import { ApiError, errorCodes } from '../../../lib/api-client';
import { EVENT_WORDS, words } from '../../../lib/codes';
import { instantToZonedInput, zonedInputToInstant } from '../../../lib/format';
import { EVENT_ERROR_WORDS, EVENT_EXPLANATIONS, eventTypesFor, type RecordPumpEventRequest } from '../api/pump-events';

export interface EventFormProps {
  role: Role | undefined;
  timeZone: string;
  nowMs: number;
  serverError?: unknown;
  pending?: boolean;
  onSubmit: (body: RecordPumpEventRequest) => void;
  onCancel: () => void;
}

export const eventErrorText = (e: unknown): string =>
  e instanceof ApiError
    ? errorCodes(e)
        .map((c) => EVENT_ERROR_WORDS[c] ?? `${e.message} (${c})`)
        .join(' ')
    : 'Could not reach the server.';

/** Type (with what it means), time in the clinic zone (default now) and notes. */
export function EventForm({ role, timeZone, nowMs, serverError, pending, onSubmit, onCancel }: EventFormProps) {
  const types = eventTypesFor(role);
  const schema = z.object({
    type: z.string().refine((v) => (types as string[]).includes(v), 'Choose what happened.'),
    at: z
      .string()
      .min(1, 'Enter when it happened.')
      .refine((v) => zonedInputToInstant(v, timeZone) !== null, 'Enter a date and a 24-hour time.')
      .refine((v) => {
        const iso = zonedInputToInstant(v, timeZone);
        // the domain's rule, as the API applies it (a few minutes of clock difference are tolerated)
        return iso === null || !isRecordInFuture(Date.parse(iso), nowMs);
      }, 'An event cannot be in the future.'),
    notes: z.string().max(4000, 'At most 4000 characters.'),
  });
  const {
    register,
    handleSubmit,
    watch,
    control,
    formState: { errors },
  } = useForm({
    resolver: zodResolver(schema),
    defaultValues: { type: '', at: instantToZonedInput(new Date(nowMs).toISOString(), timeZone), notes: '' },
  });
  const chosen = watch('type') as PumpEventType | '';

  return (
    <form
      noValidate
      aria-label="Record pump event"
      onSubmit={handleSubmit((v) =>
        onSubmit({
          type: v.type as PumpEventType,
          at: zonedInputToInstant(v.at, timeZone)!,
          ...(v.notes.trim() ? { notes: v.notes.trim() } : {}),
        }),
      )}
    >
      <fieldset className={`event-types${errors.type ? ' field-invalid' : ''}`}>
        <legend>What happened</legend>
        {types.map((t) => (
          <div key={t} className="event-type">
            <label>
              <input type="radio" value={t} {...register('type')} /> <strong>{words(EVENT_WORDS, t)}</strong>
              <span className="muted small"> — {EVENT_EXPLANATIONS[t]}</span>
            </label>
          </div>
        ))}
        {role === 'nurse' && <p className="muted small">A restart after an interruption is recorded by a physician.</p>}
        {errors.type && (
          <span className="field-error" role="alert">
            <span aria-hidden="true">⚠ </span>
            {errors.type.message}
          </span>
        )}
      </fieldset>
      {chosen && (
        <p className="alert alert-info" data-testid="event-explanation">
          {EVENT_EXPLANATIONS[chosen]}
        </p>
      )}
      <Field label="When" error={errors.at?.message}>
        <ClinicDateTimeField control={control} name="at" timeZone={timeZone} />
      </Field>
      <Field label="Notes" error={errors.notes?.message}>
        <textarea rows={2} {...register('notes')} />
      </Field>
      {serverError !== undefined && serverError !== null && (
        <p className="alert alert-error" role="alert" data-testid="event-error">
          <span aria-hidden="true">⚠ </span>
          {eventErrorText(serverError)}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          Record event
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
