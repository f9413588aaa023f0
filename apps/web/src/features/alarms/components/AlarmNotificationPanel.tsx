import { useQuery } from '@tanstack/react-query';
import { PriorityBadge } from '../../../components/ui/PriorityBadge';
import { ErrorState, Loading } from '../../../components/ui/States';
import { alarmWords } from '../../../lib/codes';
import { formatInstant } from '../../../lib/format';
import { useClinicTimeZone } from '../../../lib/reference-data';
import { useRole } from '../../../lib/session';
import { alarmQuery } from '../api/alarms';
import { AlarmDeliveries } from './AlarmDeliveries';

/**
 * The alarm a notification links to (`/alarms?id=…`): what it is, and for physicians and admins who was told
 * and whether it arrived.
 */
export function AlarmNotificationPanel({ alarmId, onClose }: { alarmId: string; onClose: () => void }) {
  const role = useRole();
  const timeZone = useClinicTimeZone();
  const alarm = useQuery(alarmQuery(alarmId));
  return (
    <section className="card" aria-labelledby="alarm-detail-title" data-testid="alarm-detail">
      <div className="card-head">
        <h3 id="alarm-detail-title">Alarm detail</h3>
        <button type="button" className="btn btn-small" onClick={onClose}>
          Close
        </button>
      </div>
      {alarm.isPending ? (
        <Loading />
      ) : alarm.isError ? (
        <ErrorState error={alarm.error} />
      ) : (
        <p>
          <PriorityBadge priority={alarm.data.priority} /> <strong>{alarmWords(alarm.data.code)}</strong>
          {alarm.data.patient ? ` · MRN ${alarm.data.patient.mrn}` : ' · whole clinic'} · raised{' '}
          {formatInstant(alarm.data.raisedAt, timeZone)} · {alarm.data.status}
        </p>
      )}
      {role === 'physician' || role === 'admin' ? (
        <>
          <h4>Notifications</h4>
          <AlarmDeliveries alarmId={alarmId} />
        </>
      ) : null}
    </section>
  );
}
