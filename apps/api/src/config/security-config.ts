import path from 'node:path';
import { resolveKey } from '../common/crypto/key-file';

/** The longest an access token may live: revocation is checked on every request, but a leaked token expires. */
export const MAX_ACCESS_TOKEN_SECONDS = 15 * 60;
/** The alarm stream re-checks its user at least this often. */
export const MAX_STREAM_RECHECK_MS = 30_000;

/** Roles a hospital group may grant (kept here so config does not depend on the contracts package's runtime). */
const SSO_ROLES = ['nurse', 'physician', 'staff', 'admin'] as const;
export type SsoRole = (typeof SSO_ROLES)[number];

/** Single sign-on with the hospital's OpenID Connect provider (set when PUMPWATCH_OIDC_ISSUER is). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Hospital group → PumpWatch role (PUMPWATCH_OIDC_ROLE_MAP); a group not listed grants nothing. */
  roleMap: Record<string, SsoRole>;
  /** The claim holding the user's groups (PUMPWATCH_OIDC_GROUPS_CLAIM, default `groups`). */
  groupsClaim: string;
  scopes: string;
  /** Where the provider sends the browser back: `<PUMPWATCH_PUBLIC_URL>/api/auth/oidc/callback`. */
  redirectUri: string;
  /** Where the provider sends the browser after signing out there: `<PUMPWATCH_PUBLIC_URL>/login`. */
  postLogoutRedirectUri: string;
}

/**
 * PUMPWATCH_OIDC_ROLE_MAP: JSON (`{"itb-nurses":"nurse"}`) or `group=role` pairs separated by commas. Refused
 * at start when a role is unknown: a typo must not silently grant or withhold access.
 */
export function parseRoleMap(text: string): Record<string, SsoRole> {
  const pairs: [string, string][] = text.trim().startsWith('{')
    ? Object.entries(JSON.parse(text) as Record<string, string>)
    : text
        .split(',')
        .filter((p) => p.trim())
        .map((p) => {
          const i = p.lastIndexOf('=');
          return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
        });
  const map: Record<string, SsoRole> = {};
  for (const [group, role] of pairs) {
    if (!group || !(SSO_ROLES as readonly string[]).includes(role)) {
      throw new Error(
        `PUMPWATCH_OIDC_ROLE_MAP: "${group}=${role}" is not group=role with a role of ${SSO_ROLES.join(', ')}`,
      );
    }
    map[group] = role as SsoRole;
  }
  return map;
}

function loadOidc(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  if (!env.PUMPWATCH_OIDC_ISSUER) return undefined;
  const publicUrl = (env.PUMPWATCH_PUBLIC_URL || `http://127.0.0.1:${Number(env.PORT ?? 3000)}`).replace(/\/+$/, '');
  if (!env.PUMPWATCH_OIDC_CLIENT_ID || !env.PUMPWATCH_OIDC_CLIENT_SECRET) {
    throw new Error('PUMPWATCH_OIDC_ISSUER needs PUMPWATCH_OIDC_CLIENT_ID and PUMPWATCH_OIDC_CLIENT_SECRET');
  }
  return {
    issuer: env.PUMPWATCH_OIDC_ISSUER,
    clientId: env.PUMPWATCH_OIDC_CLIENT_ID,
    clientSecret: env.PUMPWATCH_OIDC_CLIENT_SECRET,
    roleMap: parseRoleMap(env.PUMPWATCH_OIDC_ROLE_MAP ?? ''),
    groupsClaim: env.PUMPWATCH_OIDC_GROUPS_CLAIM || 'groups',
    scopes: env.PUMPWATCH_OIDC_SCOPES || 'openid email profile groups',
    redirectUri: `${publicUrl}/api/auth/oidc/callback`,
    postLogoutRedirectUri: `${publicUrl}/login`,
  };
}

/** Who must sign in with a second factor (the demo clinic's accounts never: they document the demo). */
export type MfaRequirement = 'admin' | 'all' | 'none';

/** Security settings from the environment (see the README's configuration table). */
export interface SecurityConfig {
  /** Absolute session length in hours: refreshing never extends a sign-in past it (a clinic shift). */
  sessionHours: number;
  /** How often an open alarm stream re-checks that its session and user are still valid, in ms. */
  streamRecheckMs: number;
  /** Failed sign-ins for one e-mail from one address before delays start (typos are free). */
  signInFreeFailures: number;
  /** Ceiling of the growing delay between attempts for one e-mail from one address, in seconds. */
  signInMaxDelaySeconds: number;
  /** Failed sign-ins from one address, across e-mails, per 15 minutes before that address must wait. */
  signInAddressFailureLimit: number;
  /**
   * `trust proxy` in Express's form: set it (e.g. `loopback`, a subnet, or a hop count) when a reverse proxy forwards the
   * client's address in X-Forwarded-For; unset, the socket's address is the client (sign-in limits count by it).
   */
  trustProxy?: string;
  /** PUMPWATCH_REQUIRE_MFA: admin (default), all, none. */
  requireMfa: MfaRequirement;
  /** Seals second-factor secrets in the database (PUMPWATCH_MFA_KEY, else a 0600 file in the data folder). */
  mfaKey: Buffer;
  /** HMACs every audit entry and anchor line (PUMPWATCH_AUDIT_KEY, else a 0600 file in the data folder). */
  auditKey: Buffer;
  /** Where the append-only audit anchor logs live (PUMPWATCH_AUDIT_ANCHOR_DIR, default the data folder). */
  auditAnchorDir: string;
  /** How often the audit log's size and last hash are anchored, in seconds (0 = at start and stop only). */
  auditAnchorSeconds: number;
  oidc?: OidcConfig;
}

const positive = (value: string | undefined, fallback: number): number => {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
};

/** PUMPWATCH_JWT_TTL_SECONDS, capped at 15 minutes. */
export function accessTokenSeconds(env: NodeJS.ProcessEnv): number {
  return Math.min(positive(env.PUMPWATCH_JWT_TTL_SECONDS, MAX_ACCESS_TOKEN_SECONDS), MAX_ACCESS_TOKEN_SECONDS);
}

export function loadSecurityConfig(env: NodeJS.ProcessEnv, dataDir: string): SecurityConfig {
  const requireMfa = env.PUMPWATCH_REQUIRE_MFA ?? 'admin';
  if (requireMfa !== 'admin' && requireMfa !== 'all' && requireMfa !== 'none') {
    throw new Error(`PUMPWATCH_REQUIRE_MFA must be admin, all or none (got ${requireMfa})`);
  }
  return {
    sessionHours: positive(env.PUMPWATCH_SESSION_HOURS, 12),
    streamRecheckMs: Math.min(positive(env.PUMPWATCH_STREAM_RECHECK_MS, MAX_STREAM_RECHECK_MS), MAX_STREAM_RECHECK_MS),
    signInFreeFailures: positive(env.PUMPWATCH_SIGN_IN_FREE_FAILURES, 5),
    signInMaxDelaySeconds: positive(env.PUMPWATCH_SIGN_IN_MAX_DELAY_SECONDS, 15 * 60),
    signInAddressFailureLimit: positive(env.PUMPWATCH_SIGN_IN_ADDRESS_LIMIT, 100),
    trustProxy: env.PUMPWATCH_TRUST_PROXY || undefined,
    requireMfa,
    mfaKey: resolveKey(env.PUMPWATCH_MFA_KEY, dataDir, 'mfa-key'),
    auditKey: resolveKey(env.PUMPWATCH_AUDIT_KEY, dataDir, 'audit-key'),
    auditAnchorDir: path.resolve(env.PUMPWATCH_AUDIT_ANCHOR_DIR || dataDir),
    auditAnchorSeconds:
      env.PUMPWATCH_AUDIT_ANCHOR_SECONDS === '0' ? 0 : positive(env.PUMPWATCH_AUDIT_ANCHOR_SECONDS, 60),
    oidc: loadOidc(env),
  };
}

/** PUMPWATCH_TRUST_PROXY in Express's `trust proxy` form: `true`, a hop count, or addresses/subnets (`loopback`, `10.0.0.0/8`). */
export function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}
