import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { ErrorState, Loading } from '../../../components/ui/States';
import { useSession } from '../../../lib/session';
import { mfaStatusQuery } from '../api/mfa';
import { MfaSetup } from '../components/MfaSetup';

/** Account security: the second factor. Signed in without one the clinic requires, this is the only screen. */
export default function AccountSecurityRoute() {
  const { mfaEnrollmentRequired, markMfaEnrolled } = useSession();
  const navigate = useNavigate();
  const status = useQuery(mfaStatusQuery());
  return (
    <section>
      <h2>Account security</h2>
      {status.isPending ? (
        <Loading />
      ) : status.isError ? (
        <ErrorState error={status.error} onRetry={() => void status.refetch()} />
      ) : (
        <MfaSetup
          status={status.data}
          onEnabled={() => {
            if (!mfaEnrollmentRequired) return void status.refetch();
            markMfaEnrolled();
            void navigate('/', { replace: true });
          }}
        />
      )}
    </section>
  );
}
