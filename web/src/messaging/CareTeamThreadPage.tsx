import { useCallback, useState } from 'react';
import { useParams } from 'react-router-dom';
import { usePageTitle } from '../layout/usePageTitle';
import { SmBreadcrumbs } from './SmBreadcrumbs';
import { careTeamThreadUrl, SM_PATHS } from './paths';
import { ThreadView } from './ThreadView';
import type { Thread } from './types';

/** A clinician's view of one conversation, with reply. */
export function CareTeamThreadPage() {
  const { threadId = '' } = useParams();
  const [subject, setSubject] = useState<string | null>(null);
  usePageTitle(subject ? `${subject} - Care team inbox` : 'Conversation - Care team inbox');
  const onLoaded = useCallback((t: Thread) => setSubject(t.subject), []);
  return (
    <>
      <SmBreadcrumbs
        crumbs={[
          { href: SM_PATHS.careTeamInbox, label: 'Care team inbox' },
          { href: careTeamThreadUrl(threadId), label: subject ?? 'Conversation' },
        ]}
      />
      <h1>{subject ?? 'Conversation'}</h1>
      <ThreadView threadId={threadId} audience="care_team" onLoaded={onLoaded} />
    </>
  );
}
