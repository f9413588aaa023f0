/** Error envelope of every failed API call (see API-CONTRACT.md). */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
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

/** fetch wrapper: JSON in/out, bearer token, envelope errors thrown as ApiError. */
export async function apiFetch<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  if (init.json !== undefined) headers.set('Content-Type', 'application/json');
  const { json, ...rest } = init;
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
    const env = (body ?? {}) as { code?: string; message?: string; details?: unknown };
    if (res.status === 401 && token && onUnauthorized) onUnauthorized();
    throw new ApiError(res.status, env.code ?? `HTTP_${res.status}`, env.message ?? res.statusText, env.details);
  }
  return body as T;
}

/** Engine codes of a 422 (`details.errors`), else the envelope's code. */
export function errorCodes(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  const details = error.details as { errors?: unknown } | undefined;
  if (details && Array.isArray(details.errors)) {
    return details.errors.map((e) => (typeof e === 'string' ? e : String((e as { code?: string }).code ?? e)));
  }
  return [error.code];
}

/** A random idempotency key per submission attempt (same key on retry of the same attempt). */
export const newIdempotencyKey = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
