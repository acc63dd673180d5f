/** Clinicians' inbox: conversations for every care team they belong to; renewal requests flagged. */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { VaAlert, VaLoadingIndicator } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError } from '../api/client';
import { usePageTitle } from '../layout/usePageTitle';
import { formatDateTime } from './format';
import { SmBreadcrumbs } from './SmBreadcrumbs';
import { careTeamThreadUrl, SM_PATHS } from './paths';
import type { CareTeamInbox } from './types';

export function CareTeamInboxPage() {
  usePageTitle('Care team inbox');
  const [inbox, setInbox] = useState<CareTeamInbox | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<CareTeamInbox>('GET', '/api/messaging/care-team/inbox')
      .then(setInbox)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : 'Something went wrong.'));
  }, []);
  const renewals = inbox?.threads.filter((t) => t.renewal && t.awaitingReply).length ?? 0;

  return (
    <>
      <SmBreadcrumbs crumbs={[{ href: SM_PATHS.careTeamInbox, label: 'Care team inbox' }]} />
      <h1>Care team inbox</h1>
      {error && (
        <VaAlert status="error" visible>
          <h2 slot="headline">We can’t load the inbox right now</h2>
          <p>{error}</p>
        </VaAlert>
      )}
      {!error && !inbox && <VaLoadingIndicator message="Loading messages..." />}
      {inbox && (
        <>
          <p className="vads-u-font-size--lg">
            {inbox.threads.length} conversations. {renewals} renewal {renewals === 1 ? 'request is' : 'requests are'} waiting for a reply.
          </p>
          {inbox.threads.length === 0 && <p>There are no messages for your care teams.</p>}
          <ul className="usa-unstyled-list" aria-label="Conversations">
            {inbox.threads.map((t) => (
              <li key={t.threadId} className="rxb-rx-card" data-testid="care-team-thread" data-thread-id={t.threadId}>
                <h2 className="vads-u-font-size--h3 vads-u-margin-top--0">
                  <Link to={careTeamThreadUrl(t.threadId)}>
                    {t.categoryLabel}: {t.subject}
                  </Link>
                </h2>
                {t.renewal && (
                  <span className="usa-tag" data-testid="renewal-tag">
                    Renewal request
                  </span>
                )}{' '}
                {t.unreadCount > 0 && <span className="usa-tag">{t.unreadCount} unread</span>}{' '}
                {t.awaitingReply && <span className="usa-tag">Awaiting reply</span>}
                <p className="vads-u-margin-y--0p5">
                  From {t.veteranName} to {t.careTeamName} ({t.facilityName})
                </p>
                <p className="vads-u-margin-y--0p5">Last message {formatDateTime(t.lastMessageAt)}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
