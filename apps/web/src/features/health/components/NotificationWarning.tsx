import { useQuery } from '@tanstack/react-query';
import { notificationStatusQuery } from '../../notifications/api';

/**
 * Beside the health badge: says when alarms cannot reach people away from the board — e-mail not configured,
 * deliveries given up (NOTIFICATIONS_FAILING) or being retried. Text + symbol, never colour alone; nothing when
 * all is well.
 */
export function NotificationWarning() {
  const { data } = useQuery(notificationStatusQuery());
  if (!data) return null;
  const problems: string[] = [];
  if (!data.emailConfigured) problems.push('Alarm e-mail off (no mail server configured)');
  if (data.alarmOpen || data.deadLast24h > 0) {
    problems.push(`Notifications failing: ${data.deadLast24h} given up in 24 h`);
  } else if (data.failing > 0) {
    problems.push(`${data.failing} notification${data.failing === 1 ? '' : 's'} being retried`);
  }
  if (!problems.length) return null;
  return (
    <span role="status" data-testid="notify-health" className="badge badge-bad">
      <span aria-hidden="true">▲</span> {problems.join(' · ')}
    </span>
  );
}
