/**
 * The signed-in user. The token lives in sessionStorage: it survives a reload but not closing the tab
 * (shared clinic workstations), and is cleared on logout or on any 401.
 */
import type { LoginResponse, Role, UserDto } from '@pumpwatch/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setAccessToken, setUnauthorizedHandler } from './api-client';

const STORAGE_KEY = 'pumpwatch.session';

interface StoredSession {
  accessToken: string;
  user: UserDto;
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

export interface Session {
  user: UserDto | null;
  token: string | null;
  signIn: (res: LoginResponse) => void;
  signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<StoredSession | null>(() => {
    const stored = readStored();
    setAccessToken(stored?.accessToken ?? null);
    return stored;
  });

  const signIn = useCallback((res: LoginResponse) => {
    const next = { accessToken: res.accessToken, user: res.user };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setAccessToken(next.accessToken);
    setSession(next);
  }, []);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setAccessToken(null);
    setSession(null);
    // Nothing of one user's clinical data may linger for the next one at a shared workstation.
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'health' });
  }, [queryClient]);

  useEffect(() => {
    setUnauthorizedHandler(signOut);
    return () => setUnauthorizedHandler(null);
  }, [signOut]);

  const value = useMemo<Session>(
    () => ({ user: session?.user ?? null, token: session?.accessToken ?? null, signIn, signOut }),
    [session, signIn, signOut],
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
