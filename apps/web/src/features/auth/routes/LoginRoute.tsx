import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../../lib/session';
import { oidcConfigQuery } from '../api/login';
import { LoginForm } from '../components/LoginForm';

/** Why a hospital sign-in was refused, in words (the API redirects back with `?sso_error=<code>`). */
export const SSO_ERROR_WORDS: Record<string, string> = {
  SSO_NO_ROLE:
    'Your hospital account is not in a group that gives access to PumpWatch. Ask the PumpWatch administrator.',
  SSO_ROLE_AMBIGUOUS:
    'Your hospital groups give more than one PumpWatch role. Ask the administrator to fix the group mapping.',
  SSO_DEACTIVATED: 'This PumpWatch account has been deactivated.',
  SSO_NO_EMAIL: 'Your hospital account has no e-mail address PumpWatch can use.',
  SSO_EMAIL_UNVERIFIED: 'Your hospital account’s e-mail address is not verified.',
  LAST_ACTIVE_ADMIN:
    'Your hospital groups no longer make you an administrator, but you are the last one: make another user an administrator first.',
  SSO_UNAVAILABLE: 'The hospital sign-in service cannot be reached. Try again later, or sign in with your password.',
};
const ssoErrorText = (code: string) => SSO_ERROR_WORDS[code] ?? 'The hospital sign-in did not complete. Try again.';

export default function LoginRoute() {
  const { user, signIn, refresh } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const from = (location.state as { from?: string } | null)?.from;
  const sso = useQuery(oidcConfigQuery());
  // back from the hospital's sign-in: the API has set the refresh cookie; collect the session from it
  const returning = params.get('sso') === '1';
  const [collectFailed, setCollectFailed] = useState(false);
  useEffect(() => {
    if (returning && !user) void refresh().then((ok) => setCollectFailed(!ok));
  }, [returning, user, refresh]);

  if (user) return <Navigate to={from ?? '/'} replace />;
  const ssoError = params.get('sso_error') ?? (collectFailed ? 'SSO_FAILED' : null);
  return (
    <div className="login-page">
      <LoginForm
        notice={ssoError ? ssoErrorText(ssoError) : undefined}
        onSignedIn={(res) => {
          signIn(res);
          void navigate(from ?? '/', { replace: true });
        }}
        footer={
          sso.data?.enabled ? (
            <p className="login-sso">
              <a className="btn" href="/api/auth/oidc/login">
                Sign in with your hospital account
              </a>
            </p>
          ) : undefined
        }
      />
    </div>
  );
}
