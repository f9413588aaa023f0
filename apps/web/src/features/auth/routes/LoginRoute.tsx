import { Navigate, useLocation, useNavigate } from 'react-router';
import { useSession } from '../../../lib/session';
import { LoginForm } from '../components/LoginForm';

export default function LoginRoute() {
  const { user, signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  if (user) return <Navigate to={from ?? '/'} replace />;
  return (
    <div className="login-page">
      <LoginForm
        onSignedIn={(res) => {
          signIn(res);
          void navigate(from ?? '/', { replace: true });
        }}
      />
    </div>
  );
}
