import { useQuery } from '@tanstack/react-query';
import { NotificationWarning } from '../../notifications/components/NotificationWarning';
import { healthQuery } from '../api/health-query';

/**
 * System status in the header: text + symbol, never colour alone. Signed in, it also warns when alarms cannot
 * reach people away from the board (e-mail off, notifications failing).
 */
export function HealthBadge({ signedIn = false }: { signedIn?: boolean }) {
  const { data, isPending, isError } = useQuery(healthQuery());
  const up = data?.database === 'up';
  // the alarm sweep has missed three scheduled runs: the board may be missing alarms or showing resolved ones
  const stale = up && data?.alarmSweep?.ok === false;
  const healthy = up && !stale;
  const label = isPending
    ? 'Checking system…'
    : isError || !up
      ? 'System degraded: database down'
      : stale
        ? 'System degraded: alarms may be stale'
        : 'System healthy';
  const lastSweep = data?.alarmSweep?.lastSuccessAt;
  return (
    <>
      <span
        role="status"
        data-testid="health"
        className={`badge ${healthy ? 'badge-ok' : 'badge-bad'}`}
        title={
          stale ? `Last alarm check finished: ${lastSweep ? new Date(lastSweep).toLocaleString() : 'never'}` : undefined
        }
      >
        <span aria-hidden="true">{healthy ? '●' : '▲'}</span> {label}
      </span>
      {signedIn && <NotificationWarning />}
    </>
  );
}
