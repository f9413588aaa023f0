// Machine-readable error codes of the API: the `code` of every error envelope. The API's status map
// (apps/api/src/common/errors/domain-error.ts) is a Record over ApiErrorCode, so a new code does not compile
// until it has a status; the web keys its messages by the same union.
import {
  DOSE_ERROR_CODES,
  ENGINE_ERROR_CODES,
  REFILL_ERROR_CODES,
  type DoseErrorCode,
  type EngineErrorCode,
  type RefillErrorCode,
} from '@pumpwatch/domain';

export {
  DOSE_ERROR_CODES,
  ENGINE_ERROR_CODES,
  REFILL_ERROR_CODES,
  type DoseErrorCode,
  type EngineErrorCode,
  type RefillErrorCode,
} from '@pumpwatch/domain';

/** 400: the request itself is malformed (shape, types, a value that cannot be read). */
export const BAD_REQUEST_CODES = [
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'INVALID_CURSOR',
  'EMAIL_RESERVED',
  'PASSWORD_TOO_WEAK',
] as const;

/** 401: who is calling is not established (no, wrong or ended credentials; a hospital sign-in that failed). */
export const UNAUTHORIZED_CODES = [
  'UNAUTHORIZED',
  'INVALID_CREDENTIALS',
  'MFA_INVALID',
  'MFA_REQUIRED',
  'SESSION_ENDED',
  'SSO_FAILED',
] as const;

/** 403: the caller is known but may not do this (hospital sign-on: the account cannot be given access). */
export const FORBIDDEN_CODES = [
  'FORBIDDEN',
  'MFA_ENROLMENT_REQUIRED',
  'SSO_NO_EMAIL',
  'SSO_EMAIL_UNVERIFIED',
  'SSO_NO_ROLE',
  'SSO_ROLE_AMBIGUOUS',
  'SSO_DEACTIVATED',
] as const;

/** 404 / 405: no such record or route. */
export const NOT_FOUND_CODES = ['NOT_FOUND', 'METHOD_NOT_ALLOWED'] as const;

/**
 * 409: the request clashes with what is stored — an identifier someone else already uses, a version edited in
 * between, or a record another action already closed, verified or booked. Reload and look again.
 */
export const CONFLICT_CODES = [
  'CONFLICT',
  'VERSION_CONFLICT',
  'IDEMPOTENCY_KEY_REUSED',
  'MRN_TAKEN',
  'SERIAL_TAKEN',
  'EMAIL_TAKEN',
  'APPOINTMENT_ALREADY_BOOKED',
  'APPOINTMENT_NOT_BOOKED',
  'ALREADY_VERIFIED',
  'ALARM_RESOLVED',
  'TRIAGE_CALL_CLOSED',
  'ON_CALL_OVERLAP',
  'LAST_ACTIVE_ADMIN',
  'MFA_ALREADY_ENABLED',
  'MFA_NOT_ENABLED',
  'MFA_NOT_STARTED',
] as const;

/** 413 / 415: the upload is too large or not a kind the API reads. */
export const PAYLOAD_CODES = [
  'PAYLOAD_TOO_LARGE',
  'IMPORT_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'IMPORT_UNSUPPORTED_FILE',
] as const;

/**
 * 422: understood, but a clinical or clinic rule refuses it (nothing was stored). The engine's own refusals
 * (ENGINE_ERROR_CODES, REFILL_ERROR_CODES, DOSE_ERROR_CODES) are 422 too.
 */
export const RULE_CODES = [
  'APPOINTMENT_IN_PAST',
  'APPOINTMENT_NOT_YET_DUE',
  'BRIDGE_BOLUS_MISSING',
  'CALL_IN_FUTURE',
  'CALL_TOO_OLD',
  'CHANNEL_INVALID',
  'CONCENTRATION_CHANGE_UNCONFIRMED',
  'DISCREPANCY_NOT_ACKNOWLEDGED',
  'EFFECTIVE_AT_BEFORE_IMPLANT',
  'EFFECTIVE_AT_BEFORE_LAST_REFILL',
  'EFFECTIVE_AT_TOO_FAR_AHEAD',
  'EVENT_IN_FUTURE',
  'IMPORT_DUPLICATE_COLUMNS',
  'IMPORT_HAS_ERRORS',
  'IMPORT_MISSING_COLUMNS',
  'IMPORT_UNREADABLE',
  'LOT_EXPIRED',
  'MFA_CODE_INVALID',
  'NO_REFILL_RECORDED',
  'ON_CALL_INVALID',
  'ORAL_BACKUP_PLAN_INVALID',
  'POLICY_INVALID',
  'PUMP_EXPLANTED',
  'REFILL_BEFORE_IMPLANT',
  'REFILL_BEFORE_PREVIOUS',
  'REFILL_IN_FUTURE',
  'SECOND_CHECKER_INVALID',
  'SECOND_CHECKER_REQUIRED',
  'SNOOZE_IN_PAST',
  'SNOOZE_TOO_LONG',
  'TRIAGE_CALL_OPEN',
  'VERIFIER_IS_AUTHOR',
] as const;

/** 429: wait before trying again (`Retry-After`). */
export const RATE_LIMIT_CODES = ['TOO_MANY_REQUESTS', 'SIGN_IN_DELAYED'] as const;

/** 5xx: the server or something it depends on failed; nothing was stored. */
export const SERVER_CODES = ['INTERNAL_ERROR', 'DATABASE_UNAVAILABLE', 'SSO_UNAVAILABLE'] as const;

/** Codes the API raises itself (the engine's are added in ApiErrorCode). */
export const API_OWN_ERROR_CODES = [
  ...BAD_REQUEST_CODES,
  ...UNAUTHORIZED_CODES,
  ...FORBIDDEN_CODES,
  ...NOT_FOUND_CODES,
  ...CONFLICT_CODES,
  ...PAYLOAD_CODES,
  ...RULE_CODES,
  ...RATE_LIMIT_CODES,
  ...SERVER_CODES,
] as const;
export type ApiOwnErrorCode = (typeof API_OWN_ERROR_CODES)[number];

/** Every code an API error can carry: the API's own and the clinical engine's refusals. */
export type ApiErrorCode = ApiOwnErrorCode | EngineErrorCode | RefillErrorCode | DoseErrorCode;

export const API_ERROR_CODES: readonly ApiErrorCode[] = [
  ...API_OWN_ERROR_CODES,
  ...ENGINE_ERROR_CODES,
  ...REFILL_ERROR_CODES,
  ...DOSE_ERROR_CODES,
];

/**
 * The body of every failed API call. `code` is an ApiErrorCode, or `HTTP_<status>` for a status the framework
 * raised that no code names (rare: e.g. 406); `details` is code-specific.
 */
export interface ApiErrorEnvelope {
  statusCode: number;
  code: ApiErrorCode | `HTTP_${number}`;
  message: string;
  details?: unknown;
}
