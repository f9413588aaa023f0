import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { Loading } from '../components/ui/States';
import { useSession } from '../lib/session';
import { AppLayout, RequireAuth } from './AppLayout';

// Route-level code splitting: each screen (and recharts with the patient page) loads on first visit.
const page = (load: () => Promise<{ default: ComponentType }>) => {
  const Component = lazy(load);
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
};

/** Home by role: nurses start on the refill worklist, everyone else on the alarm board. */
function Home() {
  const { user } = useSession();
  return <Navigate to={user?.role === 'nurse' ? '/worklist' : '/alarms'} replace />;
}

function NotFound() {
  return (
    <section>
      <h2>Page not found</h2>
      <p>
        <a href="/">Go to the start page</a>
      </p>
    </section>
  );
}

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      { path: '/login', element: page(() => import('../features/auth/routes/LoginRoute')) },
      {
        element: <RequireAuth />,
        children: [
          { index: true, element: <Home /> },
          { path: '/alarms', element: page(() => import('../features/alarms/routes/AlarmsRoute')) },
          { path: '/worklist', element: page(() => import('../features/worklist/routes/WorklistRoute')) },
          { path: '/patients', element: page(() => import('../features/patients/routes/PatientsRoute')) },
          { path: '/patients/:patientId', element: page(() => import('../features/patients/routes/PatientRoute')) },
          { path: '/pumps/:pumpId/refill', element: page(() => import('../features/refills/routes/RefillRoute')) },
          { path: '/pumps/:pumpId/dose', element: page(() => import('../features/dosing/routes/DoseRoute')) },
          { path: '/quality', element: page(() => import('../features/reports/routes/QualityRoute')) },
          {
            path: '/on-call',
            element: page(() => import('../features/notifications/routes/NotificationsAdminRoute')),
          },
          {
            path: '/me/notifications',
            element: page(() => import('../features/notifications/routes/MyNotificationsRoute')),
          },
          { path: '/import', element: page(() => import('../features/import/routes/ImportRoute')) },
          { path: '/triage', element: page(() => import('../features/triage/routes/TriageRoute')) },
          {
            path: '/account/security',
            element: page(() => import('../features/auth/routes/AccountSecurityRoute')),
          },
          {
            path: '/print/refill-sheet/:pumpId',
            element: page(() => import('../features/reports/routes/RefillSheetRoute')),
          },
          {
            path: '/print/emergency-card/:patientId',
            element: page(() => import('../features/reports/routes/EmergencyCardRoute')),
          },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
