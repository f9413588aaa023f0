import { useQuery } from '@tanstack/react-query';
import { ErrorState, Loading } from '../../../components/ui/States';
import { prefsQuery, useUpdatePrefs } from '../api/notifications';

/** The signed-in user's own choices. Pages while on call are sent whatever is chosen here. */
export function MyNotifications() {
  const prefs = useQuery(prefsQuery());
  const update = useUpdatePrefs();
  if (prefs.isPending) return <Loading />;
  if (prefs.isError) return <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />;
  const { email, digest } = update.data ?? prefs.data;
  return (
    <section className="card" aria-labelledby="my-notifications-title">
      <h3 id="my-notifications-title">My notifications</h3>
      <p className="muted">
        When you are on call, critical alarms are e-mailed to you whatever you choose here: pages are not optional.
      </p>
      <label className="field-check">
        <input
          type="checkbox"
          checked={email}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ email: e.target.checked })}
        />{' '}
        Optional e-mail (off: pages only)
      </label>
      <label className="field-check">
        <input
          type="checkbox"
          checked={digest}
          disabled={update.isPending || !email}
          onChange={(e) => update.mutate({ digest: e.target.checked })}
        />{' '}
        Daily digest at 07:00 (refills due, pumps without a booking, open high and critical alarms)
      </label>
      {update.isError && (
        <p className="alert alert-error" role="alert">
          Could not save your choice; try again.
        </p>
      )}
    </section>
  );
}
