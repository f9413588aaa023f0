import type { SignInRequest, SignInResponse } from '@pumpwatch/contracts';
import { queryOptions, useMutation } from '@tanstack/react-query';
import { ApiError, apiFetch } from '../../../lib/api-client';

export const login = (body: SignInRequest) =>
  apiFetch<SignInResponse>('/api/auth/login', { method: 'POST', json: body });

/**
 * Signs in. An account with a second factor is answered MFA_REQUIRED: `onCodeRequired` lets the form ask for the
 * authenticator app's code and send the same request again with it.
 */
export function useSignIn(on: { signedIn(res: SignInResponse): void; codeRequired(): void }) {
  return useMutation({
    mutationFn: login,
    onSuccess: on.signedIn,
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'MFA_REQUIRED') on.codeRequired();
    },
  });
}

/** Whether the clinic has a hospital sign-in (404 when it has none: then there is no button). */
export const oidcConfigQuery = () =>
  queryOptions({
    queryKey: ['auth', 'oidc-config'] as const,
    queryFn: () => apiFetch<{ enabled: boolean }>('/api/auth/oidc/config').catch(() => ({ enabled: false })),
    staleTime: Infinity,
  });
