/** The longest an access token may live: revocation is checked on every request, but a leaked token expires. */
export const MAX_ACCESS_TOKEN_SECONDS = 15 * 60;
/** The alarm stream re-checks its user at least this often. */
export const MAX_STREAM_RECHECK_MS = 30_000;

/** Security settings from the environment (see the README's configuration table). */
export interface SecurityConfig {
  /** Absolute session length in hours: refreshing never extends a sign-in past it (a clinic shift). */
  sessionHours: number;
  /** How often an open alarm stream re-checks that its session and user are still valid, in ms. */
  streamRecheckMs: number;
}

const positive = (value: string | undefined, fallback: number): number => {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
};

/** PUMPWATCH_JWT_TTL_SECONDS, capped at 15 minutes. */
export function accessTokenSeconds(env: NodeJS.ProcessEnv): number {
  return Math.min(positive(env.PUMPWATCH_JWT_TTL_SECONDS, MAX_ACCESS_TOKEN_SECONDS), MAX_ACCESS_TOKEN_SECONDS);
}

export function loadSecurityConfig(env: NodeJS.ProcessEnv, _dataDir: string): SecurityConfig {
  return {
    sessionHours: positive(env.PUMPWATCH_SESSION_HOURS, 12),
    streamRecheckMs: Math.min(positive(env.PUMPWATCH_STREAM_RECHECK_MS, MAX_STREAM_RECHECK_MS), MAX_STREAM_RECHECK_MS),
  };
}
