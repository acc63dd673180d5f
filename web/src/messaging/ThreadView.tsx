/** One conversation and its reply box; shared by the Veteran's and the care team's thread pages. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { VaAlert, VaButton, VaLoadingIndicator, VaTextarea } from '@department-of-veterans-affairs/web-components/react-bindings';
import { api, ApiError, newIdempotencyKey } from '../api/client';
import { charactersLeft } from './characters-left';
import { formatDateTime } from './format';
import type { Thread } from './types';

export function ThreadView({ threadId, audience, onLoaded }: { threadId: string; audience: 'veteran' | 'care_team'; onLoaded?: (t: Thread) => void }) {
  const [thread, setThread] = useState<Thread | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [reply, setReply] = useState('');
  const [replyError, setReplyError] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<{ status: 'success' | 'error'; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const outcomeRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      const t = await api<Thread>('GET', `/api/messaging/threads/${encodeURIComponent(threadId)}`);
      setThread(t);
      onLoaded?.(t);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'error', 'Something went wrong.'));
    }
  }, [threadId, onLoaded]);
  useEffect(() => void load(), [load]);

  const replyKey = useRef(newIdempotencyKey());

  async function send() {
    if (!reply.trim()) {
      setReplyError('Enter a message');
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      // The same key for retries of this reply; a new one once it is sent (so the next reply is its own message).
      await api('POST', `/api/messaging/threads/${encodeURIComponent(threadId)}/replies`, { body: reply }, { idempotencyKey: replyKey.current });
      replyKey.current = newIdempotencyKey();
      setReply('');
      setOutcome({
        status: 'success',
        message:
          audience === 'care_team' ? 'Reply sent. We’ll e-mail the Veteran that they have a new message (the e-mail has no message content).' : 'Reply sent.',
      });
      await load();
    } catch (e) {
      if (e instanceof ApiError && e.fieldError('body.body')) setReplyError(e.fieldError('body.body'));
      else setOutcome({ status: 'error', message: e instanceof ApiError ? e.message : 'We couldn’t send your reply. Try again later.' });
    } finally {
      setBusy(false);
      requestAnimationFrame(() => outcomeRef.current?.focus());
    }
  }

  if (error) {
    return (
      <VaAlert status="error" visible>
        <h2 slot="headline">{error.status === 404 ? 'We can’t find this conversation' : 'We can’t load this conversation right now'}</h2>
        <p>{error.message}</p>
      </VaAlert>
    );
  }
  if (!thread) return <VaLoadingIndicator message="Loading the conversation..." />;

  return (
    <>
      <dl className="rxb-dl">
        <dt>Category</dt>
        <dd>{thread.categoryLabel}</dd>
        <dt>Care team</dt>
        <dd>
          {thread.careTeam.name} ({thread.careTeam.facilityName})
        </dd>
        {thread.veteranName && (
          <>
            <dt>Veteran</dt>
            <dd>{thread.veteranName}</dd>
          </>
        )}
      </dl>
      {thread.renewal && (
        <VaAlert status="info" visible slim data-testid="renewal-flag">
          <p>
            <strong>Medication renewal request.</strong>{' '}
            {audience === 'care_team'
              ? 'The Veteran asked to renew a prescription; details are in the message.'
              : 'You sent this to ask for a prescription renewal.'}
          </p>
        </VaAlert>
      )}
      <ol className="usa-unstyled-list" aria-label="Messages in this conversation">
        {thread.messages.map((m) => (
          <li key={m.id} className="rxb-rx-card" data-testid="thread-message" data-from={m.from}>
            <h2 className="vads-u-font-size--h4 vads-u-margin-top--0">
              From {m.senderName} <span className="vads-u-font-weight--normal">on {formatDateTime(m.sentAt)}</span>
            </h2>
            <p style={{ whiteSpace: 'pre-wrap' }}>{m.body}</p>
          </li>
        ))}
      </ol>
      <div ref={outcomeRef} tabIndex={-1}>
        {outcome && (
          <VaAlert status={outcome.status} visible data-testid="reply-outcome">
            <p>{outcome.message}</p>
          </VaAlert>
        )}
      </div>
      {thread.canReply ? (
        <>
          <VaTextarea
            label="Reply"
            name="reply"
            required
            hint={charactersLeft(reply, 2000)}
            value={reply}
            error={replyError}
            onInput={(e) => {
              setReply((e.target as HTMLTextAreaElement).value);
              setReplyError(undefined);
            }}
          />
          <VaButton className="vads-u-margin-top--2" text="Send reply" onClick={() => void send()} disabled={busy} />
        </>
      ) : (
        <VaAlert status="warning" visible>
          <p>You can’t reply to this care team anymore. Start a new message to a different care team, or call your VA facility.</p>
        </VaAlert>
      )}
    </>
  );
}
