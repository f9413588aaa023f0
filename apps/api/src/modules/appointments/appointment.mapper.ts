import type { AppointmentDto } from '@pumpwatch/contracts';
import type { AppointmentEntity } from './appointment.entity';

export function toAppointmentDto(a: AppointmentEntity): AppointmentDto {
  return {
    id: a.id,
    pumpId: a.pumpId,
    at: a.at.toISOString(),
    kind: a.kind,
    status: a.status,
    refillId: a.refillId,
    notes: a.notes,
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    version: a.version,
  };
}
