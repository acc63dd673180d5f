import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { VaLoadingIndicator } from '@department-of-veterans-affairs/web-components/react-bindings';
import type { Role } from '../api/types';
import { useSession } from './session';

/** Renders children only for a signed-in user with one of `roles`; otherwise sends them to sign in. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) return <VaLoadingIndicator message="Loading your session..." />;
  if (!session.user || !roles.includes(session.user.role)) {
    return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  return <>{children}</>;
}
