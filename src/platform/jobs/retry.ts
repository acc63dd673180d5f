/**
 * The one retry decision for outbound calls made by jobs (VA Notify sends, AAL posts, e-mail
 * re-sends): is it worth trying again, have we tried enough, and when is the next try. Pure.
 *
 *  - not retryable (the other side refused the request itself)   → give up now;
 *  - attempt ≥ maxAttempts                                        → give up;
 *  - else retry after base × 2^(attempt − 1) seconds, capped, so attempts spread over the outage
 *    instead of hammering it — but never sooner than `notBeforeSeconds`: after a timeout the other
 *    side may still be working on the request, and the next try first asks it what it did (VA
 *    Notify: look the e-mail up by reference); asking before it is done would send a second e-mail.
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

export interface RetryInput {
  retryable: boolean;
  /** 1 for the first attempt. */
  attempt: number;
  /** Earliest next try, whatever the backoff says (e.g. the client timeout, after a timeout). */
  notBeforeSeconds?: number;
}

export type RetryDecision = { action: 'retry'; delaySeconds: number } | { action: 'give-up'; reason: 'not-retryable' | 'attempts-exhausted' };

export function decideRetry(policy: RetryPolicy, input: RetryInput): RetryDecision {
  if (!input.retryable) return { action: 'give-up', reason: 'not-retryable' };
  if (input.attempt >= policy.maxAttempts) return { action: 'give-up', reason: 'attempts-exhausted' };
  const exp = Math.min(Math.max(input.attempt - 1, 0), 30);
  const backoff = Math.min(policy.baseDelaySeconds * 2 ** exp, policy.maxDelaySeconds);
  return { action: 'retry', delaySeconds: Math.max(backoff, input.notBeforeSeconds ?? 0) };
}
