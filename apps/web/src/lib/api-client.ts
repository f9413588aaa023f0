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
export const setAccessToken = (value: string | null) => {
  token = value;
};

/** fetch wrapper: JSON in/out, bearer token, envelope errors thrown as ApiError. */
export async function apiFetch<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  if (init.json !== undefined) headers.set('Content-Type', 'application/json');
  const res = await fetch(path, {
    ...init,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const env = (body ?? {}) as { code?: string; message?: string; details?: unknown };
    throw new ApiError(res.status, env.code ?? `HTTP_${res.status}`, env.message ?? res.statusText, env.details);
  }
  return body as T;
}
