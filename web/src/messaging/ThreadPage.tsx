import { useCallback, useState } from 'react';
import { useParams } from 'react-router-dom';
import { usePageTitle } from '../layout/usePageTitle';
import { MESSAGES_CRUMB, SmBreadcrumbs } from './SmBreadcrumbs';
import { SmNav } from './SmNav';
import { threadUrl } from './paths';
import { ThreadView } from './ThreadView';
import type { Thread } from './types';

/** A Veteran's conversation with a care team. */
export function ThreadPage() {
  const { threadId = '' } = useParams();
  const [subject, setSubject] = useState<string | null>(null);
  usePageTitle(subject ? `${subject} - Messages` : 'Conversation - Messages');
  const onLoaded = useCallback((t: Thread) => setSubject(t.subject), []);
  return (
    <>
      <SmBreadcrumbs crumbs={[MESSAGES_CRUMB, { href: threadUrl(threadId), label: subject ?? 'Conversation' }]} />
      <h1>{subject ?? 'Conversation'}</h1>
      <SmNav />
      <ThreadView threadId={threadId} audience="veteran" onLoaded={onLoaded} />
    </>
  );
}
