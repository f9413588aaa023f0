import type { CreateDoseProgramRequest, DoseProgramDto } from '@pumpwatch/contracts';
import { apiFetch } from '../../../lib/api-client';

export const createDoseProgram = ({ pumpId, body }: { pumpId: string; body: CreateDoseProgramRequest }) =>
  apiFetch<DoseProgramDto>(`/api/pumps/${pumpId}/dose-programs`, { method: 'POST', json: body });

/** Second-person verification; the version read guards against verifying a program that changed meanwhile. */
export const verifyDoseProgram = ({ id, version }: { id: string; version: number }) =>
  apiFetch<DoseProgramDto>(`/api/dose-programs/${id}/verify`, { method: 'POST', json: { version } });

/** The API's refusals of a verification, in words. */
export const VERIFY_CODE_WORDS: Record<string, string> = {
  VERIFIER_IS_AUTHOR: 'You wrote this dose program: a second clinician, not the author, must verify it.',
  ALREADY_VERIFIED: 'Another clinician has already verified this dose program.',
  VERSION_CONFLICT: 'This dose program changed since you opened it: close and check it again.',
  FORBIDDEN: 'Only a nurse or physician may verify a dose program.',
  NOT_FOUND: 'This dose program no longer exists.',
};
