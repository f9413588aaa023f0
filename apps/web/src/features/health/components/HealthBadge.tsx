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
  const label = isPending ? 'Checking system…' : isError || !up ? 'System degraded: database down' : 'System healthy';
  return (
    <>
      <span role="status" data-testid="health" className={`badge ${up ? 'badge-ok' : 'badge-bad'}`}>
        <span aria-hidden="true">{up ? '●' : '▲'}</span> {label}
      </span>
      {signedIn && <NotificationWarning />}
    </>
  );
}
