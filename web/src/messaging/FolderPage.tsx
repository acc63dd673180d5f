/** A Veteran's Inbox, Sent or Drafts folder. */
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { VaAlert, VaLoadingIndicator } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError } from '../api/client';
import { usePageTitle } from '../layout/usePageTitle';
import { formatDateTime } from './format';
import { MESSAGES_CRUMB, SmBreadcrumbs } from './SmBreadcrumbs';
import { SmNav } from './SmNav';
import { SM_PATHS, threadUrl, withRx } from './paths';
import type { Draft, FolderMessage } from './types';

type Folder = 'inbox' | 'sent' | 'drafts';
const TITLES: Record<Folder, string> = { inbox: 'Inbox', sent: 'Sent', drafts: 'Drafts' };

export function FolderPage({ folder }: { folder: Folder }) {
  usePageTitle(`${TITLES[folder]} - Messages`);
  const location = useLocation();
  const sentSubject = (location.state as { sentSubject?: string } | null)?.sentSubject;
  const [messages, setMessages] = useState<FolderMessage[] | null>(null);
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setMessages(null);
    setDrafts(null);
    setError(null);
    const fail = (e: unknown) => setError(e instanceof ApiError ? e.message : 'Something went wrong.');
    if (folder === 'drafts')
      api<{ drafts: Draft[] }>('GET', '/api/messaging/drafts')
        .then((r) => setDrafts(r.drafts))
        .catch(fail);
    else
      api<{ messages: FolderMessage[] }>('GET', `/api/messaging/${folder}`)
        .then((r) => setMessages(r.messages))
        .catch(fail);
  }, [folder]);

  const crumbs = folder === 'inbox' ? [MESSAGES_CRUMB] : [MESSAGES_CRUMB, { href: SM_PATHS[folder], label: TITLES[folder] }];
  const loaded = folder === 'drafts' ? drafts : messages;

  return (
    <>
      <SmBreadcrumbs crumbs={crumbs} />
      <h1>{TITLES[folder]}</h1>
      <SmNav />
      {folder === 'sent' && sentSubject && (
        <VaAlert status="success" visible data-testid="sent-alert">
          <h2 slot="headline">Message sent</h2>
          <p>We sent your message “{sentSubject}”. Your care team may take up to 3 business days to reply.</p>
        </VaAlert>
      )}
      {error && (
        <VaAlert status="error" visible>
          <h2 slot="headline">We can’t load your messages right now</h2>
          <p>{error} Try again later.</p>
        </VaAlert>
      )}
      {!error && !loaded && <VaLoadingIndicator message="Loading your messages..." />}
      {loaded && loaded.length === 0 && <p>There are no messages in this folder.</p>}
      {messages && messages.length > 0 && (
        <ul className="usa-unstyled-list" aria-label={`${TITLES[folder]} messages`}>
          {messages.map((m) => (
            <li key={m.messageId} className="rxb-rx-card" data-testid="message-item" data-thread-id={m.threadId}>
              <h2 className="vads-u-font-size--h3 vads-u-margin-top--0">
                <Link to={threadUrl(m.threadId)}>
                  {!m.read && <span className="usa-sr-only">New message: </span>}
                  {m.categoryLabel}: {m.subject}
                </Link>
              </h2>
              {!m.read && <span className="usa-tag">New</span>}{' '}
              {m.isRenewal && (
                <span className="usa-tag" data-testid="renewal-tag">
                  Renewal request
                </span>
              )}
              <p className="vads-u-margin-y--0p5">
                {folder === 'inbox' ? `From: ${m.senderName}, ${m.careTeamName}` : `To: ${m.careTeamName}`} ({m.facilityName})
              </p>
              <p className="vads-u-margin-y--0p5">{formatDateTime(m.sentAt)}</p>
            </li>
          ))}
        </ul>
      )}
      {drafts && drafts.length > 0 && (
        <ul className="usa-unstyled-list" aria-label="Drafts">
          {drafts.map((d) => (
            <li key={d.id} className="rxb-rx-card" data-testid="draft-item">
              <h2 className="vads-u-font-size--h3 vads-u-margin-top--0">
                <Link to={withRx(SM_PATHS.compose, d.renewalPrescriptionId, { draftId: d.id })}>{d.subject || '(No subject)'}</Link>
              </h2>
              <p className="vads-u-margin-y--0p5">To: {d.careTeam ? `${d.careTeam.name} (${d.careTeam.facilityName})` : 'No care team selected'}</p>
              <p className="vads-u-margin-y--0p5">Last saved {formatDateTime(d.updatedAt)}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
