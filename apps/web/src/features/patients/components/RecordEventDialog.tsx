import type { PumpDto, Role } from '@pumpwatch/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../../components/ui/Dialog';
import { queryKeys } from '../../../lib/query-keys';
import { recordPumpEvent } from '../api/pump-events';
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
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: recordPumpEvent,
    onSuccess: () => {
      // Flags (MRI check, interruption, ERI, explant) live on the pump, read through the patient too.
      void queryClient.invalidateQueries({ queryKey: queryKeys.pump(pump.id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.patient(pump.patientId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.alarms });
      void queryClient.invalidateQueries({ queryKey: queryKeys.worklist });
      onDone('Event recorded.');
    },
  });
  return (
    <Dialog title={`Record event — ${pump.model} SN ${pump.serialNumber}`} onClose={onClose}>
      <EventForm
        role={role}
        timeZone={timeZone}
        nowMs={nowMs}
        serverError={mutation.error ?? undefined}
        pending={mutation.isPending}
        onSubmit={(body) => mutation.mutate({ pumpId: pump.id, body })}
        onCancel={onClose}
      />
    </Dialog>
  );
}
