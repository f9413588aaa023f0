import type { MfaConfirmedDto, MfaEnrolmentDto, MfaStatusDto } from '@pumpwatch/contracts';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';

const MFA_KEY = ['auth', 'mfa'] as const;

export const mfaStatusQuery = () =>
  queryOptions({ queryKey: MFA_KEY, queryFn: () => apiFetch<MfaStatusDto>('/api/auth/mfa') });

export const useStartMfa = () =>
  useMutation({ mutationFn: () => apiFetch<MfaEnrolmentDto>('/api/auth/mfa/totp', { method: 'POST' }) });

export function useConfirmMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) =>
      apiFetch<MfaConfirmedDto>('/api/auth/mfa/totp/confirm', { method: 'POST', json: { code } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: MFA_KEY }),
  });
}

export function useRemoveMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => apiFetch<void>('/api/auth/mfa/totp', { method: 'DELETE', json: { code } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: MFA_KEY }),
  });
}
