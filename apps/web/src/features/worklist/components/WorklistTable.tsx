import type { RefillWorklistItemDto } from '@pumpwatch/contracts';
import { Link } from 'react-router';
import { DUE_REASON_WORDS, words } from '../../../lib/codes';
import { formatFromNow, formatInstant, formatLocalDate, formatMl } from '../../../lib/format';
import { AppointmentActions } from './AppointmentActions';

export function WorklistTable({
  items,
  timeZone,
  nowMs,
  canBook,
  onBook,
  onNotice,
}: {
  items: RefillWorklistItemDto[];
  timeZone: string;
  nowMs: number;
  canBook: boolean;
  onBook: (item: RefillWorklistItemDto) => void;
  /** Outcome of a cancel / mark-missed, for the page's status line. */
  onNotice?: (message: string) => void;
}) {
  return (
    <table className="table" data-testid="worklist">
      <thead>
        <tr>
          <th scope="col">Patient</th>
          <th scope="col">Refill due</th>
          <th scope="col">Reservoir now</th>
          <th scope="col">Low-reservoir alarm</th>
          <th scope="col">Next appointment</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const name = `${item.patient.familyName}, ${item.patient.givenName}`;
          return (
            <tr key={item.pumpId} className={item.overdue ? 'row-overdue' : undefined}>
              <td>
                <Link to={`/patients/${item.patient.id}`}>{name}</Link>
                <span className="muted"> MRN {item.patient.mrn}</span>
                {item.highRisk && (
                  <span className="tag tag-risk">
                    <span aria-hidden="true">⚑ </span>High risk
                  </span>
                )}
              </td>
              <td>
                {item.overdue && (
                  <span className="tag tag-overdue">
                    <span aria-hidden="true">◆ </span>Overdue
                  </span>
                )}{' '}
                <strong>{formatLocalDate(item.refillDueDate)}</strong>
                <span className="muted small"> {words(DUE_REASON_WORDS, item.refillDueReason)}</span>
              </td>
              <td>{formatMl(item.reservoirNowMl)}</td>
              <td>
                {formatInstant(item.lowReservoirAlarmAt, timeZone)}
                <span className="muted small"> {formatFromNow(item.lowReservoirAlarmAt, nowMs)}</span>
              </td>
              <td>
                {item.nextAppointmentAt ? (
                  <>
                    {formatInstant(item.nextAppointmentAt, timeZone)}
                    {canBook && (
                      <div>
                        <AppointmentActions
                          pumpId={item.pumpId}
                          patientName={name}
                          appointmentAt={item.nextAppointmentAt}
                          timeZone={timeZone}
                          nowMs={nowMs}
                          onDone={onNotice}
                        />
                      </div>
                    )}
                  </>
                ) : (
                  <em>Not booked</em>
                )}
              </td>
              <td>
                {canBook && (
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => onBook(item)}
                    aria-label={`Book refill for ${name}`}
                  >
                    {item.nextAppointmentAt ? 'Rebook' : 'Book'}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
