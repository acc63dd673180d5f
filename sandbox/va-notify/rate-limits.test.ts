/** Send limits (A8): sliding 60 s window per (service, key type), daily cap not applied to test keys. */
import { describe, expect, it } from 'vitest';
import type { SandboxService } from './model.js';
import { SendLimits } from './rate-limits.js';

const svc = (rateLimit: number, messageLimit: number): SandboxService => ({
  id: 's',
  name: 's',
  active: true,
  rateLimit,
  messageLimit,
  permissions: ['email'],
  apiKeys: [],
});

describe('SendLimits', () => {
  it('allows N per sliding 60 s window, then RateLimitError with VA Notify’s message', () => {
    const l = new SendLimits();
    const s = svc(3, 100);
    expect([0, 10_000, 20_000].map((t) => l.check(s, 'normal', t).ok)).toEqual([true, true, true]);
    expect(l.check(s, 'normal', 59_999)).toEqual({
      ok: false,
      error: 'RateLimitError',
      message: 'Exceeded rate limit for key type LIVE of 3 requests per 60 seconds',
    });
    // The first request leaves the window at t = 60 000 (sliding, not fixed minutes).
    expect(l.check(s, 'normal', 60_001).ok).toBe(true);
    expect(l.check(s, 'normal', 60_002).ok).toBe(false);
  });

  it('counts each key type separately and names it', () => {
    const l = new SendLimits();
    const s = svc(1, 100);
    expect(l.check(s, 'normal', 0).ok).toBe(true);
    expect(l.check(s, 'team', 0).ok).toBe(true);
    expect(l.check(s, 'team', 1)).toMatchObject({ message: 'Exceeded rate limit for key type TEAM of 1 requests per 60 seconds' });
    expect(l.check(s, 'test', 0).ok).toBe(true);
    expect(l.check(s, 'test', 1)).toMatchObject({ message: 'Exceeded rate limit for key type TEST of 1 requests per 60 seconds' });
  });

  it('daily cap: TooManyRequestsError for live keys; test keys are not counted', () => {
    const l = new SendLimits();
    const s = svc(1000, 2);
    expect(l.check(s, 'normal', 0).ok).toBe(true);
    expect(l.check(s, 'team', 1).ok).toBe(true);
    expect(l.check(s, 'normal', 2)).toEqual({ ok: false, error: 'TooManyRequestsError', message: 'Exceeded send limits (2) for today' });
    expect(l.check(s, 'test', 3).ok).toBe(true);
    expect(l.check(s, 'normal', 86_400_000).ok).toBe(true); // next UTC day
  });

  it('an injected 429 does not use up the window', () => {
    const l = new SendLimits();
    const s = svc(1, 100);
    expect(l.check(s, 'normal', 0, true)).toMatchObject({ ok: false, error: 'RateLimitError' });
    expect(l.check(s, 'normal', 1).ok).toBe(true);
  });
});
