import type { QueryClient } from '@tanstack/react-query';

/** Query keys shared across features so a write in one feature invalidates what others show. */
export const queryKeys = {
  alarms: ['alarms'] as const,
  alarm: (id: string) => ['alarms', 'one', id] as const,
  worklist: ['worklist'] as const,
  patients: ['patients'] as const,
  patient: (id: string) => ['patients', id] as const,
  pumps: ['pumps'] as const,
  pump: (id: string) => ['pumps', id] as const,
  pumpStatus: (id: string) => ['pumps', id, 'status'] as const,
  pumpRefills: (id: string) => ['pumps', id, 'refills'] as const,
  pumpDosePrograms: (id: string) => ['pumps', id, 'dose-programs'] as const,
  pumpEvents: (id: string) => ['pumps', id, 'events'] as const,
  pumpAppointments: (id: string) => ['pumps', id, 'appointments'] as const,
  clinicSettings: ['clinic-settings'] as const,
  drugLibrary: ['drug-library'] as const,
  users: ['users'] as const,
};

/**
 * What a clinical write on one pump changes everywhere: the pump's own reads (status, refills, programs, events,
 * appointments), the alarm board (the API re-evaluates the pump's alarms after the write) and the worklist.
 */
export function invalidatePumpViews(client: QueryClient, pumpId: string): void {
  void client.invalidateQueries({ queryKey: queryKeys.pump(pumpId) });
  void client.invalidateQueries({ queryKey: queryKeys.alarms });
  void client.invalidateQueries({ queryKey: queryKeys.worklist });
}
