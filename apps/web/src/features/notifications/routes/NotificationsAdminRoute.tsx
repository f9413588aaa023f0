import { useRole } from '../../../lib/session';
import { ChannelsAdmin } from '../components/ChannelsAdmin';
import { OnCallRota } from '../components/OnCallRota';

/** On call and channels: everyone sees who is on call; admins and physicians edit the rota; admins the channels. */
export default function NotificationsAdminRoute() {
  const role = useRole();
  return (
    <section aria-labelledby="notify-admin-title">
      <div className="page-head">
        <h2 id="notify-admin-title">On call and notification channels</h2>
      </div>
      <OnCallRota canEdit={role === 'admin' || role === 'physician'} />
      {role === 'admin' && <ChannelsAdmin />}
    </section>
  );
}
