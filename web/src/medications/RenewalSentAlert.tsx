/**
 * Back on Medications after a renewal request was sent (VA.gov: redirectPath with
 * ?rxRenewalMessageSuccess=true): "Message Sent", focused, with a link to the sent message.
 * Medications pages render <RenewalSentAlert /> once; it shows only with that query.
 */
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { VaAlert } from '@department-of-veterans-affairs/web-components/react-bindings';
import { RENEWAL_SENT_ALERT as T } from '../../../src/shared/secure-messaging-text';
import { buildUrl } from '../../../src/shared/flow-urls';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function useRenewalSent(): { threadId: string | null } | null {
  const [params] = useSearchParams();
  if (params.get('rxRenewalMessageSuccess') !== 'true') return null;
  const threadId = params.get('sentThreadId');
  return { threadId: threadId && UUID.test(threadId) ? threadId : null };
}

export function RenewalSentAlert() {
  const sent = useRenewalSent();
  const ref = useRef<HTMLDivElement>(null);
  const shown = sent !== null;
  useEffect(() => {
    if (!shown) return;
    // After the page title's own focus on the h1 (that effect runs after this child's).
    const id = setTimeout(() => ref.current?.focus(), 0);
    return () => clearTimeout(id);
  }, [shown]);
  if (!sent) return null;
  return (
    <div ref={ref} tabIndex={-1} className="vads-u-margin-y--2" data-testid="renewal-sent-alert">
      <VaAlert status="success" visible>
        <h2 slot="headline">{T.title}</h2>
        <p>{T.text}</p>
        {sent.threadId && (
          <p>
            <Link to={buildUrl('sm.thread', { threadId: sent.threadId })}>{T.link}</Link>
          </p>
        )}
      </VaAlert>
    </div>
  );
}
