import type { ReactNode } from 'react';
import { ApiError } from '../../lib/api-client';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span aria-hidden="true" className="spinner" /> {label}
    </p>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message =
    error instanceof ApiError
      ? error.statusCode === 403
        ? 'You do not have access to this.'
        : error.statusCode === 404
          ? 'Not found.'
          : `${error.message} (${error.code})`
      : 'Could not reach the server.';
  return (
    <div className="state state-error" role="alert">
      <span aria-hidden="true">⚠</span> {message}
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state state-empty">{children}</p>;
}
