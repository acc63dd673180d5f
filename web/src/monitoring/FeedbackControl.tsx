/**
 * Page feedback (Medallia / VSignals-like intake), rendered by the layout on every page of the
 * flow-URL registry. Rating 1–5 and an optional comment; the server scrubs identifiers from the
 * comment before storing it, and the form asks Veterans not to include any.
 */
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import type { FlowUrl } from '../../../src/shared/flow-urls';
import { monitoringSessionId } from './beacon';
import './monitoring.css';

const RATINGS = [
  { value: 1, label: 'Very dissatisfied' },
  { value: 2, label: 'Dissatisfied' },
  { value: 3, label: 'Neutral' },
  { value: 4, label: 'Satisfied' },
  { value: 5, label: 'Very satisfied' },
];

export function FeedbackControl({ page }: { page: FlowUrl }) {
  const id = useId();
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (rating === null) {
      setError('Choose a rating.');
      return;
    }
    setState('sending');
    setError(null);
    try {
      await api('POST', '/api/monitoring/feedback', {
        urlId: page.id,
        rating,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        sessionId: monitoringSessionId(),
      });
      setState('sent');
    } catch (err) {
      setState('idle');
      setError(err instanceof ApiError ? err.message : 'We couldn’t save your feedback. Try again.');
    }
  }

  return (
    <aside className="rxb-feedback" aria-label="Page feedback" data-testid="page-feedback">
      <details>
        <summary>Give feedback on this page</summary>
        {state === 'sent' ? (
          <p role="status">Thank you for your feedback.</p>
        ) : (
          <form onSubmit={(e) => void submit(e)} noValidate>
            <fieldset>
              <legend>How satisfied are you with this page?</legend>
              {error && (
                <p className="rxb-feedback-error" id={`${id}-error`} role="alert">
                  {error}
                </p>
              )}
              {RATINGS.map((r) => (
                // The design system hides [type=radio] and draws it on the label that FOLLOWS it
                // ([type=radio] + label::before); a radio nested inside its label is never drawn.
                <div key={r.value} className="rxb-feedback-rating">
                  <input
                    type="radio"
                    id={`${id}-rating-${r.value}`}
                    name={`${id}-rating`}
                    value={r.value}
                    checked={rating === r.value}
                    onChange={() => setRating(r.value)}
                    aria-describedby={error ? `${id}-error` : undefined}
                  />
                  <label htmlFor={`${id}-rating-${r.value}`}>
                    {r.value} – {r.label}
                  </label>
                </div>
              ))}
            </fieldset>
            <label htmlFor={`${id}-comment`}>Tell us more (optional)</label>
            <p className="rxb-feedback-hint" id={`${id}-hint`}>
              Don’t include personal information such as your name, phone number, or prescription numbers.
            </p>
            <textarea
              id={`${id}-comment`}
              aria-describedby={`${id}-hint`}
              maxLength={2000}
              rows={3}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
            <button type="submit" className="usa-button usa-button--outline" disabled={state === 'sending'}>
              Submit page feedback
            </button>
          </form>
        )}
      </details>
    </aside>
  );
}
