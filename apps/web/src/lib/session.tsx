/**
 * The signed-in user. The access token (≤ 15 min) lives in sessionStorage: it survives a reload but not closing
 * the tab (shared clinic workstations). The API renews it through an httpOnly refresh cookie the page cannot read:
 * shortly before it expires, and whenever a call answers 401. Signing out ends the session on the server too.
 */
import type { Role, SignInResponse, UserDto } from '@pumpwatch/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getAccessToken, setAccessToken, setSessionRefresher, setUnauthorizedHandler } from './api-client';

const STORAGE_KEY = 'pumpwatch.session';
/** Renew this long before the access token expires (a sleeping laptop renews on its first 401 instead). */
const RENEW_BEFORE_MS = 60_000;

interface StoredSession {
  accessToken: string;
  user: UserDto;
  /** epoch ms */
  expiresAt: number;
  /** The clinic requires a second factor this user has not set up: only the enrolment screen works until then. */
  mfaEnrollmentRequired?: boolean;
  /** Signed in through the hospital's identity provider: signing out ends the provider's session too. */
  sso?: boolean;
}

function readStored(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as StoredSession;
    return parsed.accessToken && parsed.user ? parsed : null;
  } catch {
    return null;
  }
}

const toStored = (res: SignInResponse): StoredSession => ({
  accessToken: res.accessToken,
  user: res.user,
  expiresAt: Date.now() + (res.expiresInSeconds ?? 15 * 60) * 1000,
  ...(res.mfaEnrollmentRequired ? { mfaEnrollmentRequired: true } : {}),
  ...(res.sso ? { sso: true } : {}),
});

let refreshing: Promise<SignInResponse | null> | null = null;

/**
 * One refresh at a time for the whole page (several calls may hit 401 together). null when the server says the
 * session is over; a network failure throws (the session may well be alive: keep it).
 */
function refreshOnce(): Promise<SignInResponse | null> {
  refreshing ??= fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin' })
    .then(async (res) => (res.ok ? ((await res.json()) as SignInResponse) : null))
    .finally(() => (refreshing = null));
  return refreshing;
}

export interface Session {
  user: UserDto | null;
  token: string | null;
  signIn: (res: SignInResponse) => void;
  signOut: () => void;
  /** Renews the access token; false (and signed out) when the server has ended the session. */
  refresh: () => Promise<boolean>;
  mfaEnrollmentRequired: boolean;
  /** The second factor is set up: this session may now do everything its role allows. */
  markMfaEnrolled: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<StoredSession | null>(() => {
    const stored = readStored();
    setAccessToken(stored?.accessToken ?? null);
    return stored;
  });

  const store = useCallback((next: StoredSession) => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setAccessToken(next.accessToken);
    setSession(next);
  }, []);

  const signIn = useCallback((res: SignInResponse) => store(toStored(res)), [store]);

  const forget = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setAccessToken(null);
    setSession(null);
    // Nothing of one user's clinical data may linger for the next one at a shared workstation.
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'health' });
  }, [queryClient]);

  const signOut = useCallback(() => {
    const token = getAccessToken();
    const viaHospital = readStored()?.sso === true;
    forget();
    if (!token) return;
    const headers = { Authorization: `Bearer ${token}` };
    if (viaHospital) {
      // ends this session, then the hospital's: the provider signs the browser out and sends it back to /login
      void fetch('/api/auth/oidc/logout', { method: 'POST', headers, credentials: 'same-origin' })
        .then(async (res) => (res.ok ? ((await res.json()) as { endSessionUrl: string | null }) : null))
        .then((out) => out?.endSessionUrl && window.location.assign(out.endSessionUrl))
        .catch(() => undefined);
      return;
    }
    // ends the session on the server (its tokens stop working); the screen does not wait for the answer
    void fetch('/api/auth/logout', { method: 'POST', headers, credentials: 'same-origin', keepalive: true }).catch(
      () => undefined,
    );
  }, [forget]);

  const refresh = useCallback(async () => {
    try {
      const res = await refreshOnce();
      if (res) {
        store(toStored(res));
        return true;
      }
      forget();
      return false;
    } catch {
      return false;
    }
  }, [store, forget]);

  useEffect(() => {
    setUnauthorizedHandler(forget);
    setSessionRefresher(refresh);
    return () => {
      setUnauthorizedHandler(null);
      setSessionRefresher(null);
    };
  }, [forget, refresh]);

  // renew before expiry, so a screen left open (the alarm board) stays signed in
  const expiresAt = session?.expiresAt;
  useEffect(() => {
    if (!expiresAt) return;
    const timer = setTimeout(() => void refresh(), Math.max(expiresAt - Date.now() - RENEW_BEFORE_MS, 5_000));
    return () => clearTimeout(timer);
  }, [expiresAt, refresh]);

  const markMfaEnrolled = useCallback(() => {
    const current = readStored();
    if (current) store({ ...current, mfaEnrollmentRequired: false });
  }, [store]);

  const value = useMemo<Session>(
    () => ({
      user: session?.user ?? null,
      token: session?.accessToken ?? null,
      signIn,
      signOut,
      refresh,
      mfaEnrollmentRequired: session?.mfaEnrollmentRequired === true,
      markMfaEnrolled,
    }),
    [session, signIn, signOut, refresh, markMfaEnrolled],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** Role rights mirrored from the API (the API enforces them; the UI only hides what would be refused). */
export const can = {
  recordRefill: (role?: Role) => role === 'nurse' || role === 'physician',
  changeDose: (role?: Role) => role === 'physician',
  book: (role?: Role) => role === 'nurse' || role === 'physician' || role === 'staff',
  snooze: (role?: Role) => role === 'nurse' || role === 'physician',
  acknowledge: (role: Role | undefined, critical: boolean) =>
    role === 'nurse' || role === 'physician' || (role === 'staff' && !critical),
  resolve: (role?: Role) => role === 'physician',
};

export function useRole(): Role | undefined {
  return useSession().user?.role;
}
