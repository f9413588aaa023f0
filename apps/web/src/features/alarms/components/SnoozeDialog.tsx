import { zodResolver } from '@hookform/resolvers/zod';
import { DEFAULT_ALARM_POLICY, maxSnoozeHoursFor, type AlarmLifecyclePolicy } from '@pumpwatch/domain';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ClinicDateTimeField } from '../../../components/ui/ClinicDateInput';
import { Dialog } from '../../../components/ui/Dialog';
import { Field } from '../../../components/ui/Field';
import { alarmWords } from '../../../lib/codes';
import { instantToZonedInput, zonedInputToInstant } from '../../../lib/format';
import type { AlarmView } from '../api/alarms';

const HOUR_MS = 3_600_000;

/**
 * Snooze until + reason, at most the clinic's limit for the alarm's priority (the domain's maxSnoozeHoursFor, which
 * the API enforces too; 4 h for a critical alarm and 24 h for others by default).
 */
export function SnoozeDialog({
  alarm,
  policy = DEFAULT_ALARM_POLICY,
  timeZone,
  nowMs,
  error,
  pending,
  onSubmit,
  onClose,
}: {
  alarm: AlarmView;
  /** The clinic's alarm lifecycle policy (resolveAlarmPolicy of its settings). */
  policy?: AlarmLifecyclePolicy;
  timeZone: string;
  nowMs: number;
  error?: string;
  pending?: boolean;
  onSubmit: (v: { until: string; reason: string }) => void;
  onClose: () => void;
}) {
  const maxHours = maxSnoozeHoursFor(alarm.priority, policy);
  const schema = z.object({
    until: z
      .string()
      .min(1, 'Choose until when.')
      .refine((v) => zonedInputToInstant(v, timeZone) !== null, 'Enter a date and a 24-hour time.')
      .refine((v) => {
        const iso = zonedInputToInstant(v, timeZone);
        return iso !== null && Date.parse(iso) > nowMs;
      }, 'Choose a time in the future.')
      .refine((v) => {
        const iso = zonedInputToInstant(v, timeZone);
        return iso !== null && Date.parse(iso) - nowMs <= maxHours * HOUR_MS;
      }, `At most ${maxHours} hours ahead for a ${alarm.priority} alarm.`),
    reason: z.string().trim().min(3, 'Give a reason (at least 3 characters).'),
  });
  const {
    register,
    handleSubmit,
    control,
    formState: { errors },
  } = useForm({
    resolver: zodResolver(schema),
    defaultValues: {
      until: instantToZonedInput(new Date(nowMs + Math.min(maxHours, 2) * HOUR_MS).toISOString(), timeZone),
      reason: '',
    },
  });
  return (
    <Dialog title={`Snooze: ${alarmWords(alarm.code)}`} onClose={onClose}>
      <form
        noValidate
        onSubmit={handleSubmit((v) =>
          onSubmit({ until: zonedInputToInstant(v.until, timeZone)!, reason: v.reason.trim() }),
        )}
      >
        {error && (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        )}
        <Field label="Snooze until" hint={`At most ${maxHours} h ahead.`} error={errors.until?.message}>
          <ClinicDateTimeField control={control} name="until" timeZone={timeZone} />
        </Field>
        <Field label="Reason" error={errors.reason?.message}>
          <textarea rows={2} {...register('reason')} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={pending}>
            Snooze alarm
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function ResolveDialog({
  alarm,
  error,
  pending,
  onSubmit,
  onClose,
}: {
  alarm: AlarmView;
  error?: string;
  pending?: boolean;
  onSubmit: (note: string) => void;
  onClose: () => void;
}) {
  const schema = z.object({ note: z.string().trim().min(3, 'Document the review (at least 3 characters).') });
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm({ resolver: zodResolver(schema), defaultValues: { note: '' } });
  return (
    <Dialog title={`Resolve: ${alarmWords(alarm.code)}`} onClose={onClose}>
      <form noValidate onSubmit={handleSubmit((v) => onSubmit(v.note.trim()))}>
        {error && (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        )}
        <Field label="Review note" error={errors.note?.message}>
          <textarea rows={3} {...register('note')} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={pending}>
            Resolve alarm
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
