import type { LoginRequest, LoginResponse, UserDto } from './resources';
import type { Role } from './enums';

/** POST /api/auth/login: the password, plus the second-factor code once the user has one enrolled. */
export interface SignInRequest extends LoginRequest {
  /** 6-digit code from the authenticator app, or one of the user's recovery codes. */
  totp?: string;
}

/**
 * POST /api/auth/login and /api/auth/refresh. The access token lives `expiresInSeconds` (≤ 15 min); the refresh
 * token travels only in an httpOnly cookie and renews it.
 */
export interface SignInResponse extends LoginResponse {
  expiresInSeconds: number;
  /** The clinic requires a second factor for this account and none is enrolled yet: the app asks to set one up. */
  mfaEnrollmentRequired?: boolean;
  /** Signed in through the hospital's identity provider: signing out goes through POST /api/auth/oidc/logout. */
  sso?: boolean;
}

/** GET /api/users (admins): every account. */
export interface UserAccountDto extends UserDto {
  active: boolean;
  version: number;
  mfaEnabled: boolean;
}

/** GET /api/auth/mfa: the signed-in user's second factor. */
export interface MfaStatusDto {
  enabled: boolean;
  /** The clinic requires one for this account (PUMPWATCH_REQUIRE_MFA; never for the demo clinic's accounts). */
  required: boolean;
  recoveryCodesLeft: number;
}

/** POST /api/auth/mfa/totp: a new secret to add to an authenticator app (confirmed with a code before it counts). */
export interface MfaEnrolmentDto {
  /** base32, for typing into the app */
  secret: string;
  /** otpauth://totp/… (the app's QR code or link) */
  otpauthUrl: string;
}

/** POST /api/auth/mfa/totp/confirm: the factor is on; the recovery codes are shown this once. */
export interface MfaConfirmedDto {
  recoveryCodes: string[];
}

/**
 * GET /api/users/directory (every role): active nurses and physicians, for pickers such as a refill's second
 * checker; `?former=include` adds deactivated ones (active: false) so names in a record's history still resolve.
 */
export interface ClinicianDto {
  id: string;
  name: string;
  role: Role;
  active: boolean;
}
