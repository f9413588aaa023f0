import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { HealthBadge } from '../features/health/components/HealthBadge';
import { FALLBACK_DATE_FORMAT } from '../lib/clinic-date';
import { ClinicDateFormatProvider } from '../lib/clinic-date-format';
import { clinicSettingsQuery } from '../lib/reference-data';
import { useSession } from '../lib/session';

export const ACCOUNT_SECURITY_PATH = '/account/security';

const ROLE_WORDS = { nurse: 'Nurse', physician: 'Physician', staff: 'Front desk', admin: 'Administrator' } as const;

export function AppLayout() {
  const { user, signOut } = useSession();
  // Every screen reads the clinic's zone and date format; load them once on sign-in.
  const settings = useQuery({ ...clinicSettingsQuery(), enabled: !!user });
  useFocusOnNewScreen();
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="app-header">
        <h1>PumpWatch</h1>
        <HealthBadge signedIn={!!user} />
        {user && (
          <nav aria-label="Main" className="main-nav">
            <NavLink to="/alarms">Alarms</NavLink>
            <NavLink to="/triage">Triage call</NavLink>
            <NavLink to="/worklist">Refill worklist</NavLink>
            <NavLink to="/patients">Patients</NavLink>
            <NavLink to="/quality">Quality</NavLink>
            <NavLink to="/on-call">On call</NavLink>
            <NavLink to="/me/notifications">My notifications</NavLink>
            {(user.role === 'admin' || user.role === 'physician') && <NavLink to="/import">Import</NavLink>}
          </nav>
        )}
        {user && (
          <div className="user-box">
            <span data-testid="current-user">
              {user.name} <span className="role-tag">{ROLE_WORDS[user.role]}</span>
            </span>
            <NavLink to={ACCOUNT_SECURITY_PATH} className="btn btn-small btn-on-dark">
              Account security
            </NavLink>
            <button type="button" className="btn btn-small btn-on-dark" onClick={signOut}>
              Sign out
            </button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <ClinicDateFormatProvider value={settings.data?.dateFormat ?? FALLBACK_DATE_FORMAT}>
          <Outlet />
        </ClinicDateFormatProvider>
      </main>
    </>
  );
}

/**
 * After moving to another screen, focus that was on a link or button of the old screen is lost (the element is
 * gone and the browser would carry on from where it was): the new screen's main region takes it, so Tab goes on
 * from the top of the new content. A field the new screen focused itself keeps it.
 */
function useFocusOnNewScreen() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const active = document.activeElement;
    if (!active || active === document.body) document.getElementById('main')?.focus({ preventScroll: true });
  }, [pathname]);
}

/** Screens behind sign-in; the requested path is kept so the user lands back on it. */
export function RequireAuth() {
  const { user, mfaEnrollmentRequired } = useSession();
  const location = useLocation();
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // the clinic requires a second factor this user has not set up: nothing else opens until they do
  if (mfaEnrollmentRequired && location.pathname !== ACCOUNT_SECURITY_PATH) {
    return <Navigate to={ACCOUNT_SECURITY_PATH} replace />;
  }
  return <Outlet />;
}
