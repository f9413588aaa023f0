import type { LoginRequest, LoginResponse } from '@pumpwatch/contracts';
import { apiFetch } from '../../../lib/api-client';

export const login = (body: LoginRequest) => apiFetch<LoginResponse>('/api/auth/login', { method: 'POST', json: body });
