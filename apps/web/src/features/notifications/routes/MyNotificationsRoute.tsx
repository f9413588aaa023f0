import { MyNotifications } from '../components/MyNotifications';

export default function MyNotificationsRoute() {
  return (
    <section aria-labelledby="my-notify-title">
      <div className="page-head">
        <h2 id="my-notify-title">My notification settings</h2>
      </div>
      <MyNotifications />
    </section>
  );
}
