/**
 * Local mock sign-in, like VA.gov's mock sign-in: pick a demo user. Not available in production,
 * where an OIDC identity provider replaces it.
 */
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { VaAlert, VaButton } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError } from '../api/client';
import { useSession } from './session';
import { usePageTitle } from '../layout/usePageTitle';

interface DemoUser {
  id: string;
  role: string;
  displayName: string;
  description: string;
}

const HOME: Record<string, string> = { veteran: '/my-health/medications', care_team: '/care-team/inbox', ops: '/ops' };

/** Only same-site relative paths are accepted as post-sign-in destinations. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

export function SignInPage() {
  usePageTitle('Sign in');
  const { session, refresh } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [users, setUsers] = useState<DemoUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (session?.mockSignIn === false) return;
    api<{ users: DemoUser[] }>('GET', '/api/auth/demo-users')
      .then((r) => setUsers(r.users))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : 'Could not load demo users.'));
  }, [session?.mockSignIn]);

  async function signIn(user: DemoUser) {
    try {
      await api('POST', '/api/auth/mock-sign-in', { userId: user.id });
      await refresh();
      void navigate(safeNext(params.get('next')) ?? HOME[user.role] ?? '/', { replace: true }); // the route change is the last step: nothing waits for it
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Sign in failed.');
    }
  }

  return (
    <>
      <h1>Sign in</h1>
      {session?.mockSignIn === false ? (
        <VaAlert status="info" visible>
          <h2 slot="headline">Sign in with your VA.gov account</h2>
          <p>Mock sign-in is turned off in this environment.</p>
        </VaAlert>
      ) : (
        <>
          <p className="vads-u-font-size--lg">Local demo sign-in. Choose a demo user. This page is not available in production.</p>
          {error && (
            <VaAlert status="error" visible>
              <p>{error}</p>
            </VaAlert>
          )}
          <ul className="rxb-user-list">
            {users?.map((u) => (
              <li key={u.id}>
                <VaButton text={`Sign in as ${u.displayName}`} label={`Sign in as ${u.displayName} (${u.description})`} onClick={() => void signIn(u)} />{' '}
                <span className="vads-u-color--gray-medium">{u.description}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
