import type { SignInRequest, SignInResponse } from '@pumpwatch/contracts';
import { apiFetch } from '../../../lib/api-client';

export const login = (body: SignInRequest) =>
  apiFetch<SignInResponse>('/api/auth/login', { method: 'POST', json: body });
