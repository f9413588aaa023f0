import type { RefillWorklistItemDto } from '@pumpwatch/contracts';
import { localDate } from '@pumpwatch/domain';
import { Link } from 'react-router';
import { AppointmentActions } from '../../../components/appointments/AppointmentActions';
import { WorstCaseEmpty } from '../../../components/ui/WorstCaseEmpty';
import { DUE_REASON_WORDS, words } from '../../../lib/codes';
import { formatFromNow, formatInstant, formatLocalDate, formatMl } from '../../../lib/format';

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
          <th scope="col">Low-reservoir alarm / empty</th>
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
                {item.proposedSlot && (
                  <div className="small" data-testid="proposed-day">
                    Proposed refill day: {formatLocalDate(localDate(Date.parse(item.proposedSlot), timeZone))}
                    <span className="muted"> (a clinic day on or before the due date)</span>
                  </div>
                )}
              </td>
              <td>{formatMl(item.reservoirNowMl)}</td>
              <td>
                {item.overdue && item.worstCaseEmptyAt ? (
                  <>
                    <WorstCaseEmpty at={item.worstCaseEmptyAt} timeZone={timeZone} nowMs={nowMs} />
                    <div className="muted small">Nominal alarm {formatInstant(item.lowReservoirAlarmAt, timeZone)}</div>
                  </>
                ) : (
                  <>
                    {formatInstant(item.lowReservoirAlarmAt, timeZone)}
                    <span className="muted small"> {formatFromNow(item.lowReservoirAlarmAt, nowMs)}</span>
                    {item.worstCaseLowReservoirAlarmAt && (
                      <div className="muted small">
                        At worst {formatInstant(item.worstCaseLowReservoirAlarmAt, timeZone)}
                      </div>
                    )}
                  </>
                )}
              </td>
              <td>
                {item.nextAppointmentAt ? (
                  <>
                    {formatInstant(item.nextAppointmentAt, timeZone)}
                    {item.appointmentAfterWorstCaseAlarm && (
                      <div className="tag tag-overdue" data-testid="booked-too-late">
                        <span aria-hidden="true">⚠ </span>Booked too late — rebook before{' '}
                        {formatInstant(item.worstCaseLowReservoirAlarmAt, timeZone)}
                      </div>
                    )}
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
                  // The patient's name is read out after the visible word, so a voice command of the word works.
                  <button type="button" className="btn btn-small" onClick={() => onBook(item)}>
                    {item.nextAppointmentAt ? 'Rebook' : 'Book'}{' '}
                    <span className="visually-hidden">refill for {name}</span>
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
