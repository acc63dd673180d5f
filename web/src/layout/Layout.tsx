import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { VaOfficialGovBanner } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api } from '../api/client';
import { useSession } from '../identity/session';
import { FlowMonitoring } from '../monitoring/FlowMonitoring';

export function Layout({ children }: { children: ReactNode }) {
  const { session, refresh } = useSession();
  const navigate = useNavigate();
  const user = session?.user;

  async function signOut() {
    await api('POST', '/api/auth/sign-out');
    await refresh();
    void navigate('/sign-in'); // the last step of sign-out: nothing waits for the route change
  }

  return (
    <>
      <a className="show-on-focus" href="#main-content">
        Skip to content
      </a>
      <VaOfficialGovBanner />
      <header className="rxb-header">
        <Link className="rxb-brand" to="/">
          VA.gov | My HealtheVet
        </Link>
        <nav aria-label="Account">
          {user ? (
            <>
              <span>{user.displayName}</span>{' '}
              <button type="button" className="rxb-linklike" onClick={() => void signOut()}>
                Sign out
              </button>
            </>
          ) : (
            <Link to="/sign-in">Sign in</Link>
          )}
        </nav>
      </header>
      <main id="main-content" className="rxb-main">
        {children}
      </main>
      {/* Funnel/error beacons and page feedback on flow-URL registry pages (web/src/monitoring). */}
      <FlowMonitoring />
      <footer className="rxb-footer">
        <p>Veterans Crisis Line: call 988 and select 1. If you think your life or health is in danger, call 911.</p>
      </footer>
    </>
  );
}
