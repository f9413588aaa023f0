/** The one error type services throw; DomainErrorFilter maps `code` to an HTTP status. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** HTTP status per code; clinical rule codes not listed here are 422. */
export const STATUS_BY_CODE: Record<string, number> = {
  VALIDATION_FAILED: 400,
  INVALID_CURSOR: 400,
  BAD_REQUEST: 400,
  EMAIL_RESERVED: 400,
  PASSWORD_TOO_WEAK: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  MFA_INVALID: 401,
  MFA_REQUIRED: 401,
  SESSION_ENDED: 401,
  FORBIDDEN: 403,
  MFA_ENROLMENT_REQUIRED: 403,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  MRN_TAKEN: 409,
  SERIAL_TAKEN: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  APPOINTMENT_ALREADY_BOOKED: 409,
  ON_CALL_OVERLAP: 409,
  CONFLICT: 409,
  MFA_NOT_ENABLED: 409,
  MFA_NOT_STARTED: 409,
  MFA_ALREADY_ENABLED: 409,
  LAST_ACTIVE_ADMIN: 409,
  TRIAGE_CALL_CLOSED: 409,
  PAYLOAD_TOO_LARGE: 413,
  IMPORT_TOO_LARGE: 413,
  IMPORT_UNSUPPORTED_FILE: 415,
  TOO_MANY_REQUESTS: 429,
  SIGN_IN_DELAYED: 429,
  ACCOUNT_LOCKED: 429,
  DATABASE_UNAVAILABLE: 503,
};

export const httpStatusFor = (code: string): number => STATUS_BY_CODE[code] ?? 422;
