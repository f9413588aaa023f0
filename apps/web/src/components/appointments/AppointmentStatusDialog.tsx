import { useQuery } from '@tanstack/react-query';
import { Dialog } from '../ui/Dialog';
import { ErrorState, Loading } from '../ui/States';
import { ApiError } from '../../lib/api-client';
import { formatInstant } from '../../lib/format';
import { APPOINTMENT_CODE_WORDS, bookedAppointmentsQuery, useUpdateAppointmentStatus } from '../../lib/appointments';

export type AppointmentAction = 'cancelled' | 'missed';

const errorText = (e: unknown) =>
  e instanceof ApiError
    ? (APPOINTMENT_CODE_WORDS[e.code] ?? `${e.message} (${e.code})`)
    : 'Could not reach the server.';

/**
 * Confirms cancelling, or marking missed, the pump's booked refill appointment. "Missed" is offered only
 * once the appointment time has passed (the API refuses earlier with APPOINTMENT_NOT_YET_DUE).
 */
export function AppointmentStatusDialog({
  pumpId,
  patientName,
  action,
  timeZone,
  nowMs,
  onDone,
  onClose,
}: {
  pumpId: string;
  patientName: string;
  action: AppointmentAction;
  timeZone: string;
  nowMs: number;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const booked = useQuery(bookedAppointmentsQuery(pumpId));
  const appointment = booked.data?.[0];
  const mutation = useUpdateAppointmentStatus(pumpId, () =>
    onDone(action === 'cancelled' ? 'Appointment cancelled.' : 'Appointment marked missed.'),
  );
  const notYetDue = action === 'missed' && !!appointment && Date.parse(appointment.at) > nowMs;
  const verb = action === 'cancelled' ? 'Cancel' : 'Mark missed';

  return (
    <Dialog title={`${verb}: refill appointment — ${patientName}`} onClose={onClose}>
      {booked.isPending ? (
        <Loading label="Loading appointment…" />
      ) : booked.isError ? (
        <ErrorState error={booked.error} onRetry={() => void booked.refetch()} />
      ) : !appointment ? (
        <p className="state state-empty">No booked appointment for this pump.</p>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!notYetDue)
              mutation.mutate({ id: appointment.id, body: { status: action, version: appointment.version } });
          }}
        >
          <p data-testid="appointment-restated">
            Refill appointment <strong>{formatInstant(appointment.at, timeZone)}</strong>.
          </p>
          {notYetDue ? (
            <p className="alert alert-warning" role="alert">
              <span aria-hidden="true">▲ </span>
              {APPOINTMENT_CODE_WORDS.APPOINTMENT_NOT_YET_DUE}
            </p>
          ) : action === 'cancelled' ? (
            <p>The refill will show as not booked again: book a new time before the due date.</p>
          ) : (
            <p>The patient did not come: the missed-appointment alarm follows until a refill is recorded.</p>
          )}
          {mutation.isError && (
            <p className="alert alert-error" role="alert" data-testid="appointment-error">
              <span aria-hidden="true">⚠ </span>
              {errorText(mutation.error)}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={notYetDue || mutation.isPending}>
              {action === 'cancelled' ? 'Cancel appointment' : 'Mark as missed'}
            </button>
            <button type="button" className="btn" onClick={onClose}>
              Keep appointment
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
