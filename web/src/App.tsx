import { Navigate, Route, Routes } from 'react-router-dom';
import { routePath } from '../../src/shared/flow-urls';
import { Layout } from './layout/Layout';
import { RequireRole } from './identity/RequireRole';
import { SignInPage } from './identity/SignInPage';
import { useSession } from './identity/session';
import { MedicationsPage } from './medications/MedicationsPage';
import { PrescriptionPage } from './medications/PrescriptionPage';
import { PrintPage } from './medications/PrintPage';
import { RefillPage } from './medications/RefillPage';
import { messagingRoutes } from './messaging/routes';
import { NotFoundPage } from './layout/NotFoundPage';
import { OpsHomePage } from './ops/OpsHomePage';
import { TrackingOpsPage } from './ops/TrackingOpsPage';
import { MonitoringPage } from './monitoring/MonitoringPage';
import { ReportPage } from './monitoring/ReportPage';

function Home() {
  const { session } = useSession();
  if (!session) return null;
  const role = session.user?.role;
  if (role === 'veteran') return <Navigate to="/my-health/medications" replace />;
  if (role === 'care_team') return <Navigate to="/care-team/inbox" replace />;
  if (role === 'ops') return <Navigate to="/ops" replace />;
  return <Navigate to="/sign-in" replace />;
}

export function App() {
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/sign-in" element={<SignInPage />} />
        <Route
          path={routePath('meds.list')}
          element={
            <RequireRole roles={['veteran']}>
              <MedicationsPage />
            </RequireRole>
          }
        />
        <Route
          path={routePath('meds.detail')}
          element={
            <RequireRole roles={['veteran']}>
              <PrescriptionPage />
            </RequireRole>
          }
        />
        <Route
          path={routePath('meds.refill')}
          element={
            <RequireRole roles={['veteran']}>
              <RefillPage />
            </RequireRole>
          }
        />
        <Route
          path={routePath('meds.print')}
          element={
            <RequireRole roles={['veteran']}>
              <PrintPage />
            </RequireRole>
          }
        />
        <Route
          path={routePath('meds.detail_print')}
          element={
            <RequireRole roles={['veteran']}>
              <PrintPage />
            </RequireRole>
          }
        />
        {messagingRoutes()}
        <Route
          path="/ops"
          element={
            <RequireRole roles={['ops']}>
              <OpsHomePage />
            </RequireRole>
          }
        />
        <Route
          path="/ops/tracking"
          element={
            <RequireRole roles={['ops']}>
              <TrackingOpsPage />
            </RequireRole>
          }
        />
        <Route
          path="/ops/monitoring"
          element={
            <RequireRole roles={['ops']}>
              <MonitoringPage />
            </RequireRole>
          }
        />
        <Route
          path="/ops/monitoring/report"
          element={
            <RequireRole roles={['ops']}>
              <ReportPage />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Layout>
  );
}
