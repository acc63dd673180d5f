import { describe, expect, it } from 'vitest';
import { pendingRenewalRequest } from './renewal-duplicates.js';

const NOW = new Date('2026-07-10T12:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

describe('pendingRenewalRequest', () => {
  it.each([
    { case: 'none sent', threads: [], window: 7, expected: null },
    { case: 'sent yesterday, unanswered', threads: [{ threadId: 'a', createdAt: ago(1), answered: false }], window: 7, expected: 'a' },
    { case: 'sent yesterday, answered', threads: [{ threadId: 'a', createdAt: ago(1), answered: true }], window: 7, expected: null },
    { case: 'exactly at the window edge counts', threads: [{ threadId: 'a', createdAt: ago(7), answered: false }], window: 7, expected: 'a' },
    { case: 'older than the window', threads: [{ threadId: 'a', createdAt: ago(7.01), answered: false }], window: 7, expected: null },
    {
      case: 'the most recent unanswered one',
      threads: [
        { threadId: 'old', createdAt: ago(5), answered: false },
        { threadId: 'new', createdAt: ago(2), answered: false },
        { threadId: 'answered', createdAt: ago(1), answered: true },
      ],
      window: 7,
      expected: 'new',
    },
    { case: 'window 0 turns the check off', threads: [{ threadId: 'a', createdAt: ago(0), answered: false }], window: 0, expected: null },
    { case: 'a longer window', threads: [{ threadId: 'a', createdAt: ago(20), answered: false }], window: 30, expected: 'a' },
  ])('$case', ({ threads, window, expected }) => {
    expect(pendingRenewalRequest(threads, NOW, window)?.threadId ?? null).toBe(expected);
  });
});
