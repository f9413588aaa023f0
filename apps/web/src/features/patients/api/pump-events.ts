import type { PumpDto, PumpEventDto, PumpEventType, Role } from '@pumpwatch/contracts';
import { PUMP_EVENT_TYPES } from '@pumpwatch/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { invalidatePumpViews, queryKeys } from '../../../lib/query-keys';

export { pumpEventsQuery } from '../../../lib/pump-queries';

export interface RecordPumpEventRequest {
  type: PumpEventType;
  at: string;
  notes?: string;
}

export const recordPumpEvent = ({ pumpId, body }: { pumpId: string; body: RecordPumpEventRequest }) =>
  apiFetch<PumpEventDto>(`/api/pumps/${pumpId}/events`, { method: 'POST', json: body });

/** Records a pump event; the API updates the pump's flags and re-evaluates its alarms after the write. */
export function useRecordPumpEvent(pump: Pick<PumpDto, 'id' | 'patientId'>, onRecorded: (event: PumpEventDto) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordPumpEventRequest) => recordPumpEvent({ pumpId: pump.id, body }),
    onSuccess: (event) => {
      invalidatePumpViews(queryClient, pump.id);
      // flags (MRI check, interruption, ERI, explant) are read through the patient too
      void queryClient.invalidateQueries({ queryKey: queryKeys.patient(pump.patientId) });
      onRecorded(event);
    },
  });
}

/**
 * One line per event type: what it means and what follows, in plain words (docs/clinical/PROJECTION-AND-ALARMS.md §8).
 */
export const EVENT_EXPLANATIONS: Record<PumpEventType, string> = {
  MRI: 'SynchroMed motors stall during MRI: interrogate right after the scan.',
  INTERROGATION: 'Pump read with the programmer: confirms the motor runs and the settings (clears the MRI check).',
  ERI_REPORTED: 'The pump shows its battery replacement indicator: plan replacement before the battery stops.',
  EMPTY_RESERVOIR: 'Reservoir found empty: no drug delivered, withdrawal risk. Therapy counts as interrupted.',
  MOTOR_STALL: 'The motor stopped turning: no drug delivered, withdrawal risk. Therapy counts as interrupted.',
  PUMP_STOPPED: 'Delivery stopped (programmed stop or failure). Therapy counts as interrupted.',
  RESTARTED: 'Delivery restarted after an interruption: a physician decides (withdrawal vs overdose risk).',
  CATHETER_REVISION: 'Catheter repaired or replaced: watch for withdrawal or overdose while delivery settles.',
  EXPLANT: 'Pump removed from the patient: it is no longer projected or alarmed.',
  REPLACEMENT: 'Pump replaced by a new device: register the new pump and its first fill.',
};

/** RESTARTED after an interruption is a physician's decision; nurses record everything else. */
export const eventTypesFor = (role: Role | undefined): PumpEventType[] =>
  role === 'physician'
    ? [...PUMP_EVENT_TYPES]
    : role === 'nurse'
      ? PUMP_EVENT_TYPES.filter((t) => t !== 'RESTARTED')
      : [];

export const EVENT_ERROR_WORDS: Record<string, string> = {
  EVENT_IN_FUTURE: 'An event cannot be recorded in the future: check the time.',
  PUMP_EXPLANTED: 'This pump has been explanted: register the new pump instead.',
  FORBIDDEN: 'Your role may not record this event (a restart is recorded by a physician).',
  VALIDATION_FAILED: 'Some values are missing or invalid.',
};
