import { describe, expect, it } from 'vitest';
import { decideRetry, type RetryDecision, type RetryPolicy } from './retry.js';

const policy: RetryPolicy = { maxAttempts: 5, baseDelaySeconds: 10, maxDelaySeconds: 60 };

describe('decideRetry', () => {
  it.each<[string, boolean, number, RetryDecision]>([
    ['refused (not retryable), first attempt', false, 1, { action: 'give-up', reason: 'not-retryable' }],
    ['refused (not retryable), even with attempts left', false, 3, { action: 'give-up', reason: 'not-retryable' }],
    ['retryable, first attempt', true, 1, { action: 'retry', delaySeconds: 10 }],
    ['retryable, second attempt doubles', true, 2, { action: 'retry', delaySeconds: 20 }],
    ['retryable, third attempt doubles again', true, 3, { action: 'retry', delaySeconds: 40 }],
    ['retryable, capped', true, 4, { action: 'retry', delaySeconds: 60 }],
    ['retryable, last attempt used', true, 5, { action: 'give-up', reason: 'attempts-exhausted' }],
    ['retryable, past the limit', true, 9, { action: 'give-up', reason: 'attempts-exhausted' }],
  ])('%s', (_name, retryable, attempt, expected) => {
    expect(decideRetry(policy, { retryable, attempt })).toEqual(expected);
  });

  it.each<[string, number, number, RetryDecision]>([
    ['floor above the backoff wins', 1, 25, { action: 'retry', delaySeconds: 25 }],
    ['floor below the backoff changes nothing', 3, 25, { action: 'retry', delaySeconds: 40 }],
    ['floor above the cap still wins (it is about correctness, not pacing)', 4, 90, { action: 'retry', delaySeconds: 90 }],
    ['no floor on the last attempt: giving up', 5, 90, { action: 'give-up', reason: 'attempts-exhausted' }],
  ])('notBeforeSeconds: %s', (_name, attempt, notBeforeSeconds, expected) => {
    expect(decideRetry(policy, { retryable: true, attempt, notBeforeSeconds })).toEqual(expected);
  });

  it('never overflows for huge attempt numbers', () => {
    expect(decideRetry({ ...policy, maxAttempts: 10_000 }, { retryable: true, attempt: 5000 })).toEqual({ action: 'retry', delaySeconds: 60 });
  });
});
