import { useQuery } from '@tanstack/react-query';
import { formatInstant } from '../../../lib/format';
import { clinicSettingsQuery } from '../../../lib/reference-data';
import { healthQuery } from '../api/health-query';
import { NotificationWarning } from './NotificationWarning';

/**
 * System status in the header: text + symbol, never colour alone. Signed in, it also warns when alarms cannot
 * reach people away from the board (e-mail off, notifications failing).
 */
export function HealthBadge({ signedIn = false }: { signedIn?: boolean }) {
  const { data, isPending, isError } = useQuery(healthQuery());
  // the clinic's zone once signed in (the layout loads the settings); UTC before, named, never the browser's
  const timeZone = useQuery({ ...clinicSettingsQuery(), enabled: false }).data?.timeZone ?? 'UTC';
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
          stale ? `Last alarm check finished: ${lastSweep ? formatInstant(lastSweep, timeZone) : 'never'}` : undefined
        }
      >
        <span aria-hidden="true">{healthy ? '●' : '▲'}</span> {label}
      </span>
      {signedIn && <NotificationWarning />}
    </>
  );
}
