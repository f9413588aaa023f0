import { ApiError } from '../../../lib/api-client';
import { REFILL_CODE_WORDS, words } from '../../../lib/codes';
import type { RefillFormState } from './useRefillForm';

/**
 * What the server said that has no field of its own (or that it could not be reached: the entry is kept), or that
 * the fields marked ⚠ need correcting.
 */
export function RefillServerAlerts({ refill, serverError }: { refill: RefillFormState; serverError: unknown }) {
  const { serverCodes, otherServerCodes } = refill;
  return (
    <>
      {serverError != null && (otherServerCodes.length > 0 || !(serverError instanceof ApiError)) && (
        <div className="alert alert-error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {serverError instanceof ApiError
            ? otherServerCodes.map((c) => words(REFILL_CODE_WORDS, c)).join(' ') + ` (${serverError.message})`
            : 'Could not reach the server. Your entry is kept: try again.'}
        </div>
      )}
      {serverCodes.length > 0 && otherServerCodes.length === 0 && (
        <p className="alert alert-error" role="alert">
          The refill was not recorded: correct the fields marked ⚠.
        </p>
      )}
    </>
  );
}
