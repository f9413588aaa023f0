import type { ApiErrorEnvelope } from '@pumpwatch/contracts';

/** A failed API call: the envelope `{ statusCode, code, message, details? }` every error answers with. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorEnvelope['code'],
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let token: string | null = null;
let onUnauthorized: (() => void) | null = null;

export const setAccessToken = (value: string | null) => {
  token = value;
};
export const getAccessToken = () => token;

/** The session registers this so an expired token (401 on an authenticated call) signs the user out. */
export const setUnauthorizedHandler = (handler: (() => void) | null) => {
  onUnauthorized = handler;
};

let refreshSession: (() => Promise<boolean>) | null = null;
/** The session registers this: on a 401 the access token is renewed (refresh cookie) and the call tried once more. */
export const setSessionRefresher = (refresher: (() => Promise<boolean>) | null) => {
  refreshSession = refresher;
};

/**
 * fetch wrapper: JSON in/out, bearer token, envelope errors thrown as ApiError. `onHeaders` receives the headers
 * of a successful response (paged lists carry their next cursor there).
 */
export async function apiFetch<T>(
  path: string,
  init: RequestInit & { json?: unknown; onHeaders?: (headers: Headers) => void } = {},
  renewed = false,
): Promise<T> {
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  if (init.json !== undefined) headers.set('Content-Type', 'application/json');
  const { json, onHeaders, ...rest } = init;
  const res = await fetch(path, {
    ...rest,
    headers,
    body: json !== undefined ? JSON.stringify(json) : init.body,
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const env = (body ?? {}) as Partial<ApiErrorEnvelope>;
    // an expired access token: renew it once and repeat the call (sign-in calls answer 401 for themselves)
    if (
      res.status === 401 &&
      token &&
      !renewed &&
      refreshSession &&
      !/^\/api\/auth\/(login|refresh|logout)\b/.test(path)
    ) {
      if (await refreshSession()) return apiFetch<T>(path, init, true);
    }
    if (res.status === 401 && token && onUnauthorized) onUnauthorized();
    throw new ApiError(res.status, env.code ?? `HTTP_${res.status}`, env.message ?? res.statusText, env.details);
  }
  onHeaders?.(res.headers);
  return body as T;
}

const CODE_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/**
 * Engine codes of a 422 (`details.errors`), else the envelope's code. Entries that are not codes (a validation
 * failure lists `{ field, problems }`) are skipped, so a screen never shows "[object Object]".
 */
export function errorCodes(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  const details = error.details as { errors?: unknown } | undefined;
  if (details && Array.isArray(details.errors)) {
    const codes = details.errors
      .map((e: unknown) => (typeof e === 'string' ? e : (e as { code?: unknown } | null)?.code))
      .filter((c): c is string => typeof c === 'string' && CODE_PATTERN.test(c));
    if (codes.length > 0) return codes;
  }
  return [error.code];
}

/** A random idempotency key per submission attempt (same key on retry of the same attempt). */
export const newIdempotencyKey = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
