/** Query keys shared across features so a write in one feature invalidates what others show. */
export const queryKeys = {
  alarms: ['alarms'] as const,
  worklist: ['worklist'] as const,
  patients: ['patients'] as const,
  patient: (id: string) => ['patients', id] as const,
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
