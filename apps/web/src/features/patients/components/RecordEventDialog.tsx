import type { PumpDto, Role } from '@pumpwatch/contracts';
import { Dialog } from '../../../components/ui/Dialog';
import { useRecordPumpEvent } from '../api/pump-events';
import { EventForm } from './EventForm';

/** Records a pump event; the API updates the pump's flags and re-evaluates its alarms after the write. */
export function RecordEventDialog({
  pump,
  role,
  timeZone,
  nowMs,
  onDone,
  onClose,
}: {
  pump: PumpDto;
  role: Role | undefined;
  timeZone: string;
  nowMs: number;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const mutation = useRecordPumpEvent(pump, () => onDone('Event recorded.'));
  return (
    <Dialog title={`Record event — ${pump.model} SN ${pump.serialNumber}`} onClose={onClose}>
      <EventForm
        role={role}
        timeZone={timeZone}
        nowMs={nowMs}
        serverError={mutation.error ?? undefined}
        pending={mutation.isPending}
        onSubmit={(body) => mutation.mutate(body)}
        onCancel={onClose}
      />
    </Dialog>
  );
}
