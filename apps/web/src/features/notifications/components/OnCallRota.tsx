import type { OnCallLevel, OnCallShiftDto } from '@pumpwatch/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ClinicDateTimeInput } from '../../../components/ui/ClinicDateInput';
import { Field } from '../../../components/ui/Field';
import { ErrorState, Loading } from '../../../components/ui/States';
import { ApiError } from '../../../lib/api-client';
import { formatInstant, zonedInputToInstant } from '../../../lib/format';
import { useClinicTimeZone, usersQuery } from '../../../lib/reference-data';
import { rotaQuery, useCreateShift, useDeleteShift } from '../api/notifications';

const LEVEL_WORDS: Record<OnCallLevel, string> = {
  1: 'Level 1 (paged first)',
  2: 'Level 2 (unacknowledged critical alarms)',
};
const FALLBACK: Record<OnCallLevel, string> = {
  1: 'Nobody: every physician is paged',
  2: 'Nobody: every administrator is paged',
};

/** Who is on call now and next, per level, from the shifts of the coming days. */
export function rotaSummary(shifts: OnCallShiftDto[], nowMs: number) {
  return ([1, 2] as OnCallLevel[]).map((level) => {
    const ofLevel = shifts.filter((s) => s.level === level);
    const now = ofLevel.find((s) => Date.parse(s.startsAt) <= nowMs && Date.parse(s.endsAt) > nowMs) ?? null;
    const next =
      ofLevel.filter((s) => Date.parse(s.startsAt) > nowMs).sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0] ??
      null;
    return { level, now, next };
  });
}

/** The on-call rota: now and next per level, the coming shifts, and (admin, physician) adding or removing one. */
export function OnCallRota({ canEdit, nowMs = Date.now() }: { canEdit: boolean; nowMs?: number }) {
  const timeZone = useClinicTimeZone();
  const [fromIso] = useState(() => new Date(nowMs - 86_400_000).toISOString());
  const rota = useQuery(rotaQuery(fromIso));
  const users = useQuery({ ...usersQuery(), enabled: canEdit });
  const create = useCreateShift();
  const remove = useDeleteShift();
  const [userId, setUserId] = useState('');
  const [level, setLevel] = useState<OnCallLevel>(1);
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [submitted, setSubmitted] = useState(false);

  if (rota.isPending) return <Loading />;
  if (rota.isError) return <ErrorState error={rota.error} onRetry={() => void rota.refetch()} />;
  const when = (s: OnCallShiftDto) => `${formatInstant(s.startsAt, timeZone)} – ${formatInstant(s.endsAt, timeZone)}`;
  // Shift times are the clinic's wall clock, never the browser's own zone.
  const startsAtIso = zonedInputToInstant(startsAt, timeZone);
  const endsAtIso = zonedInputToInstant(endsAt, timeZone);
  const timesMissing = submitted && (!startsAtIso || !endsAtIso);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!startsAtIso || !endsAtIso) return;
    create.mutate({ userId, level, startsAt: startsAtIso, endsAt: endsAtIso });
  };
  const clinicians = (users.data ?? []).filter((u) => u.active && (u.role === 'nurse' || u.role === 'physician'));

  return (
    <section className="card" aria-labelledby="rota-title">
      <h3 id="rota-title">On call</h3>
      <dl className="facts">
        {rotaSummary(rota.data, nowMs).map(({ level: l, now, next }) => (
          <div key={l} data-testid={`on-call-level-${l}`}>
            <dt>{LEVEL_WORDS[l]}</dt>
            <dd>
              <strong>
                Now: {now ? `${now.userName} (until ${formatInstant(now.endsAt, timeZone)})` : FALLBACK[l]}
              </strong>
              <br />
              <span className="muted">
                Next: {next ? `${next.userName}, from ${formatInstant(next.startsAt, timeZone)}` : 'no shift booked'}
              </span>
            </dd>
          </div>
        ))}
      </dl>
      <table className="table table-compact">
        <thead>
          <tr>
            <th>Level</th>
            <th>Who</th>
            <th>When</th>
            {canEdit && <th aria-label="Actions" />}
          </tr>
        </thead>
        <tbody>
          {rota.data.map((s) => (
            <tr key={s.id}>
              <td>{s.level}</td>
              <td>{s.userName}</td>
              <td>{when(s)}</td>
              {canEdit && (
                <td>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={remove.isPending}
                    onClick={() => remove.mutate(s.id)}
                    aria-label={`Remove the shift of ${s.userName}`}
                  >
                    Remove
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit && (
        <form className="form" onSubmit={submit} aria-label="Add a shift">
          <h4>Add a shift</h4>
          <div className="form-grid">
            <Field label="Clinician">
              <select value={userId} onChange={(e) => setUserId(e.target.value)} required>
                <option value="">Choose…</option>
                {clinicians.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name} ({u.role})
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Level">
              <select value={level} onChange={(e) => setLevel(Number(e.target.value) as OnCallLevel)}>
                <option value={1}>{LEVEL_WORDS[1]}</option>
                <option value={2}>{LEVEL_WORDS[2]}</option>
              </select>
            </Field>
            <Field
              label="Starts"
              error={timesMissing && !startsAtIso ? 'Enter the start as a date and a 24-hour time.' : undefined}
            >
              <ClinicDateTimeInput value={startsAt} onChange={setStartsAt} timeZone={timeZone} />
            </Field>
            <Field
              label="Ends"
              error={timesMissing && !endsAtIso ? 'Enter the end as a date and a 24-hour time.' : undefined}
            >
              <ClinicDateTimeInput value={endsAt} onChange={setEndsAt} timeZone={timeZone} />
            </Field>
          </div>
          {create.error && (
            <p className="alert alert-error" role="alert">
              {create.error instanceof ApiError ? create.error.message : 'Could not add the shift.'}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={create.isPending}>
              Add shift
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
