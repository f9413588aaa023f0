import type { CreateDoseProgramRequest, DoseProgramDto } from '@pumpwatch/contracts';
import { apiFetch } from '../../../lib/api-client';

export const createDoseProgram = ({ pumpId, body }: { pumpId: string; body: CreateDoseProgramRequest }) =>
  apiFetch<DoseProgramDto>(`/api/pumps/${pumpId}/dose-programs`, { method: 'POST', json: body });

export const verifyDoseProgram = (id: string) =>
  apiFetch<DoseProgramDto>(`/api/dose-programs/${id}/verify`, { method: 'POST', json: {} });
