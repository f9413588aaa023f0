import type { DeliveryStatus } from '@pumpwatch/contracts';
import { useQuery } from '@tanstack/react-query';
import { Empty, ErrorState, Loading } from '../../../components/ui/States';
import { formatInstant } from '../../../lib/format';
import { useClinicTimeZone } from '../../../lib/reference-data';
import { deliveriesQuery } from '../../notifications/api';

const STATUS_WORDS: Record<DeliveryStatus, string> = {
  pending: '… Waiting to send',
  sent: '✓ Delivered',
  failed: '↻ Failed, will retry',
  dead: '✗ Given up',
  cancelled: '– Cancelled (channel deleted)',
};

/** Who was told about this alarm, how and whether it arrived (physicians and admins: the delivery log). */
export function AlarmDeliveries({ alarmId }: { alarmId: string }) {
  const timeZone = useClinicTimeZone();
  const q = useQuery(deliveriesQuery(alarmId));
  if (q.isPending) return <Loading label="Loading notifications…" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data.length) return <Empty>Nobody was notified about this alarm (no page or channel applies).</Empty>;
  return (
    <table className="table table-compact" aria-label="Notifications sent">
      <thead>
        <tr>
          <th>Event</th>
          <th>To</th>
          <th>Status</th>
          <th>Tries</th>
          <th>Time</th>
        </tr>
      </thead>
      <tbody>
        {q.data.map((d) => (
          <tr key={d.id} data-status={d.status}>
            <td>{d.event}</td>
            <td>
              {d.channel === 'email' ? 'E-mail' : 'Webhook'}: {d.recipient}
            </td>
            <td>
              {STATUS_WORDS[d.status]}
              {d.lastError && d.status !== 'sent' && <span className="muted small"> ({d.lastError})</span>}
            </td>
            <td>{d.attempts}</td>
            <td>
              {d.sentAt
                ? `sent ${formatInstant(d.sentAt, timeZone)}`
                : d.nextAttemptAt
                  ? `next try ${formatInstant(d.nextAttemptAt, timeZone)}`
                  : formatInstant(d.createdAt, timeZone)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
