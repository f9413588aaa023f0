import { useId, useState, type ChangeEvent, type Ref } from 'react';
import { useController, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import {
  DATE_VALUE,
  dateTimePattern,
  dateTimeProblemWords,
  formatClinicDate,
  formatClinicDateTime,
  parseClinicDate,
  parseClinicDateTime,
  readBackInstant,
  type DateFormat,
} from '../../lib/clinic-date';
import { formatLocalDate, zonedInputToInstant, zoneLabel } from '../../lib/format';
import { useClinicDateFormat } from '../../lib/clinic-date-format';

/**
 * Marks text that is not (yet) a date in the clinic's format: never mistaken for a real value by a form's
 * validation (a date is "YYYY-MM-DD", a date and time "YYYY-MM-DDTHH:MM"), and shown back as typed.
 */
const UNREAD = 'unread:';
export const isUnreadDate = (value: string) => value.startsWith(UNREAD);

interface Props {
  /** "YYYY-MM-DD" (date) or "YYYY-MM-DDTHH:MM" (wall time in the clinic zone); "" when empty. */
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  name?: string;
  ref?: Ref<HTMLInputElement>;
  id?: string;
  disabled?: boolean;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

/** The text field both inputs share: keeps what was typed, hands the form a format-free value. */
function useTyped(
  value: string,
  format: DateFormat,
  show: (value: string) => string,
  read: (text: string) => string | null,
  onChange: (value: string) => void,
) {
  const [typed, setTyped] = useState({ text: show(value), value, format });
  // A value set from outside (a default, a reset) or a change of the clinic's format: show it afresh.
  const current = typed.value === value && typed.format === format ? typed : { text: show(value), value, format };
  if (current !== typed) setTyped(current);
  const change = (e: ChangeEvent<HTMLInputElement>) => {
    const text = e.target.value;
    const next = text.trim() === '' ? '' : (read(text) ?? `${UNREAD}${text}`);
    setTyped({ text, value: next, format });
    onChange(next);
  };
  return { text: current.text, change };
}

const shown = (value: string, format: DateFormat, formatValue: (v: string, f: DateFormat) => string) =>
  isUnreadDate(value) ? value.slice(UNREAD.length) : formatValue(value, format);

/**
 * A calendar date typed in the clinic's format (e.g. DD/MM/YYYY), read back in words underneath so a slip
 * (day and month swapped) is seen before it is saved.
 */
export function ClinicDateInput({ value, onChange, onBlur, name, ref, id, disabled, ...aria }: Props) {
  const format = useClinicDateFormat();
  const readBackId = useId();
  const { text, change } = useTyped(
    value,
    format,
    (v) => shown(v, format, formatClinicDate),
    (t) => parseClinicDate(t, format),
    onChange,
  );
  const valid = DATE_VALUE.test(value);
  return (
    <>
      <input
        ref={ref}
        id={id}
        name={name}
        type="text"
        className="clinic-date"
        autoComplete="off"
        spellCheck={false}
        placeholder={format}
        value={text}
        disabled={disabled}
        onChange={change}
        onBlur={onBlur}
        aria-invalid={aria['aria-invalid']}
        aria-describedby={[readBackId, aria['aria-describedby']].filter(Boolean).join(' ')}
      />
      <span id={readBackId} className="clinic-date-readback" data-testid="date-readback">
        {valid ? formatLocalDate(value) : `Date as ${format}`}
      </span>
    </>
  );
}

/**
 * A date and 24-hour time typed in the clinic's format, in the clinic's time zone (shown beside it), read back
 * in words with the zone's name at that date (e.g. BST or GMT) underneath.
 */
export function ClinicDateTimeInput({
  value,
  onChange,
  onBlur,
  name,
  ref,
  id,
  disabled,
  timeZone,
  ...aria
}: Props & { timeZone: string }) {
  const format = useClinicDateFormat();
  const zoneId = useId();
  const readBackId = useId();
  const { text, change } = useTyped(
    value,
    format,
    (v) => shown(v, format, formatClinicDateTime),
    (t) => {
      const parsed = parseClinicDateTime(t, format, timeZone);
      return 'wall' in parsed ? parsed.wall : null;
    },
    onChange,
  );
  const instant = isUnreadDate(value) ? null : zonedInputToInstant(value, timeZone);
  const problem = isUnreadDate(value) ? parseClinicDateTime(text, format, timeZone) : null;
  const readBack = instant
    ? readBackInstant(instant, timeZone)
    : problem && 'problem' in problem && problem.problem === 'NOT_IN_ZONE'
      ? dateTimeProblemWords('NOT_IN_ZONE', format, timeZone)
      : `Date and time as ${dateTimePattern(format)}`;
  return (
    <>
      <span className="clinic-datetime">
        <input
          ref={ref}
          id={id}
          name={name}
          type="text"
          className="clinic-date clinic-date-time"
          autoComplete="off"
          spellCheck={false}
          placeholder={dateTimePattern(format)}
          value={text}
          disabled={disabled}
          onChange={change}
          onBlur={onBlur}
          aria-invalid={aria['aria-invalid']}
          aria-describedby={[zoneId, readBackId, aria['aria-describedby']].filter(Boolean).join(' ')}
        />
        <span id={zoneId} className="clinic-zone" data-testid="time-zone">
          {zoneLabel(timeZone, instant ? Date.parse(instant) : undefined)}
        </span>
      </span>
      <span id={readBackId} className="clinic-date-readback" data-testid="date-readback">
        {readBack}
      </span>
    </>
  );
}

/** What Field hands its control (label link, hint and error), passed on to the text input. */
type FieldAria = Pick<Props, 'id' | 'aria-describedby' | 'aria-invalid'>;

/** ClinicDateInput bound to a react-hook-form field (as Field's child, so its label and hints reach the input). */
export function ClinicDateField<T extends FieldValues>({
  control,
  name,
  ...aria
}: { control: Control<T>; name: FieldPath<T> } & FieldAria) {
  const { field } = useController({ control, name });
  return <ClinicDateInput {...field} value={String(field.value ?? '')} {...aria} />;
}

/** ClinicDateTimeInput bound to a react-hook-form field (as Field's child). */
export function ClinicDateTimeField<T extends FieldValues>({
  control,
  name,
  timeZone,
  ...aria
}: { control: Control<T>; name: FieldPath<T>; timeZone: string } & FieldAria) {
  const { field } = useController({ control, name });
  return <ClinicDateTimeInput {...field} value={String(field.value ?? '')} timeZone={timeZone} {...aria} />;
}
