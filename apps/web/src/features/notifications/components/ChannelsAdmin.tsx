import {
  ALARM_PRIORITIES,
  NOTIFICATION_EVENTS,
  type AlarmPriority,
  type NotificationEvent,
} from '@pumpwatch/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/ui/Field';
import { Empty, ErrorState, Loading } from '../../../components/ui/States';
import { ApiError } from '../../../lib/api-client';
import { channelsQuery, useCreateChannel, useDeleteChannel, useSendDigest } from '../api/notifications';

const EVENT_WORDS: Record<NotificationEvent, string> = {
  'alarm.raised': 'Alarm raised',
  'alarm.escalated': 'Alarm escalated (not acknowledged)',
  'alarm.resolved': 'Alarm resolved',
  'digest.daily': 'Daily digest',
  'reminder.patient': 'Patient refill reminder',
};

/** The problems the API found, in its words (422 CHANNEL_INVALID carries one per field). */
function problemsOf(error: unknown): string[] {
  if (!(error instanceof ApiError)) return error ? ['Could not save the channel.'] : [];
  const errors = (error.details as { errors?: { problem?: string }[] } | undefined)?.errors;
  return errors?.length ? errors.map((e) => e.problem ?? String(e)) : [error.message];
}

/** Admin: webhook channels (pager, chat, SMS gateway). The secret is write-only: never shown again. */
export function ChannelsAdmin() {
  const channels = useQuery(channelsQuery());
  const create = useCreateChannel();
  const remove = useDeleteChannel();
  const digest = useSendDigest();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [events, setEvents] = useState<NotificationEvent[]>(['alarm.raised', 'alarm.escalated']);
  const [minPriority, setMinPriority] = useState<AlarmPriority>('high');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name, kind: 'webhook', url, secret, events, minPriority },
      {
        onSuccess: () => {
          setName('');
          setUrl('');
          setSecret('');
        },
      },
    );
  };
  const toggle = (ev: NotificationEvent) =>
    setEvents((cur) => (cur.includes(ev) ? cur.filter((x) => x !== ev) : [...cur, ev]));

  return (
    <section className="card" aria-labelledby="channels-title">
      <div className="card-head">
        <h3 id="channels-title">Webhook channels</h3>
        <button type="button" className="btn btn-small" disabled={digest.isPending} onClick={() => digest.mutate()}>
          Send the daily digest now
        </button>
      </div>
      {digest.isSuccess && <p className="alert alert-info">Digest queued ({digest.data.queued} deliveries).</p>}
      {channels.isPending ? (
        <Loading />
      ) : channels.isError ? (
        <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />
      ) : channels.data.length === 0 ? (
        <Empty>No channel yet: alarms reach people by e-mail only.</Empty>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th>Name</th>
              <th>Address</th>
              <th>Events</th>
              <th>From priority</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {channels.data.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{c.url}</td>
                <td>{c.events.map((ev) => EVENT_WORDS[ev]).join(', ')}</td>
                <td>{c.minPriority}</td>
                <td>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={remove.isPending}
                    onClick={() => remove.mutate(c.id)}
                    aria-label={`Delete channel ${c.name}`}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <form className="form" onSubmit={submit} aria-label="Add a webhook channel">
        <h4>Add a channel</h4>
        <div className="form-grid">
          <Field label="Name">
            <input value={name} onChange={(e) => setName(e.target.value)} required />
          </Field>
          <Field label="Address (http or https)" hint="Loopback and private addresses are allowed">
            <input value={url} onChange={(e) => setUrl(e.target.value)} required />
          </Field>
          <Field label="Secret" hint="At least 16 characters; signs every delivery (HMAC-SHA256)">
            <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} required />
          </Field>
          <Field label="From priority">
            <select value={minPriority} onChange={(e) => setMinPriority(e.target.value as AlarmPriority)}>
              {ALARM_PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <fieldset>
          <legend>Events</legend>
          {NOTIFICATION_EVENTS.map((ev) => (
            <label key={ev} className="field-check">
              <input type="checkbox" checked={events.includes(ev)} onChange={() => toggle(ev)} /> {EVENT_WORDS[ev]}
            </label>
          ))}
        </fieldset>
        {problemsOf(create.error).map((p) => (
          <p key={p} className="alert alert-error" role="alert">
            {p}
          </p>
        ))}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            Add channel
          </button>
        </div>
      </form>
    </section>
  );
}
