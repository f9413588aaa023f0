import { useState } from 'react';
import { AppointmentStatusDialog, type AppointmentAction } from './AppointmentStatusDialog';

/** "Cancel" / "Mark missed" for a pump's booked refill appointment, each behind a confirmation. */
export function AppointmentActions({
  pumpId,
  patientName,
  appointmentAt,
  timeZone,
  nowMs,
  onDone,
}: {
  pumpId: string;
  patientName: string;
  appointmentAt: string;
  timeZone: string;
  nowMs: number;
  onDone?: (message: string) => void;
}) {
  const [action, setAction] = useState<AppointmentAction | null>(null);
  const passed = Date.parse(appointmentAt) <= nowMs;
  return (
    <span className="appointment-actions">
      {/* The accessible names start with the visible words (speech input users say what they see). */}
      <button type="button" className="btn btn-small" onClick={() => setAction('cancelled')}>
        Cancel <span className="visually-hidden">appointment for {patientName}</span>
      </button>{' '}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => setAction('missed')}
        title={passed ? undefined : 'Only once the appointment time has passed'}
      >
        Mark missed <span className="visually-hidden">appointment for {patientName}</span>
      </button>
      {action && (
        <AppointmentStatusDialog
          pumpId={pumpId}
          patientName={patientName}
          action={action}
          timeZone={timeZone}
          nowMs={nowMs}
          onDone={(message) => {
            setAction(null);
            onDone?.(message);
          }}
          onClose={() => setAction(null)}
        />
      )}
    </span>
  );
}
