/**
 * Our clients over real HTTP against the stand-ins: VA Notify error classification and the
 * client-side rate limiter, AAL sessions (cache, refresh on 401, shared by concurrent callers)
 * and error classification, VA Profile reads.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { SANDBOX_AAL_API_KEY, SANDBOX_API_KEY, SANDBOX_SERVICE_ID, SM_NEW_MESSAGE_TEMPLATE_ID } from '../shared/local-defaults.js';
import { eventually, useSandboxes } from '../../test/helpers/sandboxes.js';
import { AalApiError, type AalActivity } from '../platform/activity-log-port.js';
import { NotifyApiError } from '../platform/notify-port.js';
import { AalClient } from './aal/client.js';
import { createNotifyJwt, parseApiKey } from './va-notify/api-key.js';
import { VaNotifyClient } from './va-notify/client.js';
import { SlidingWindowLimiter } from './va-notify/sliding-window-limiter.js';
import { VaProfileApiError, VaProfileClient } from './va-profile/client.js';

const s = useSandboxes({ rateLimitPerMinute: 1000 });
const email = { template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify' };

describe('SlidingWindowLimiter', () => {
  it('never lets more than N through in any window, and serves waiters in order', async () => {
    let t = 0;
    const limiter = new SlidingWindowLimiter(3, 100, () => t);
    const order: number[] = [];
    for (let i = 0; i < 3; i++) await limiter.acquire().then(() => order.push(i));
    let fourth = false;
    const p = limiter.acquire().then(() => (fourth = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(fourth).toBe(false);
    t = 101;
    await p;
    expect(order).toEqual([0, 1, 2]);
    expect(fourth).toBe(true);
    expect(limiter.inWindow()).toBe(1);
  });

  it('close() rejects waiters instead of leaving them hanging', async () => {
    const limiter = new SlidingWindowLimiter(1, 60_000);
    await limiter.acquire();
    const waiting = limiter.acquire();
    limiter.close();
    await expect(waiting).rejects.toThrow('rate limiter closed');
  });
});

describe('VaNotifyClient against the stand-in', () => {
  it('classifies errors: 4xx permanent with VA Notify’s error name; 429, 5xx, timeouts, network retryable', async () => {
    const bad = await s.notifyClient.sendEmail({ template_id: 'nope', email_address: 'a@example.com' }).catch((e) => e);
    expect(bad).toMatchObject({ status: 400, errorName: 'ValidationError', message: 'template_id is not a valid UUID', retryable: false });
    const wrongKey = new VaNotifyClient({ baseUrl: s.notifyUrl, credentials: { serviceId: SANDBOX_SERVICE_ID, secret: 'not-the-secret' } });
    expect(await wrongKey.sendEmail(email).catch((e) => e)).toMatchObject({
      status: 403,
      errorName: 'AuthError',
      message: 'Invalid token: signature, api token not found',
      retryable: false,
    });
    expect(await s.notifyClient.getNotification('6b1f8f0e-1111-4222-8333-444444444444').catch((e) => e)).toMatchObject({
      status: 404,
      errorName: 'NoResultFound',
      retryable: false,
    });
    const unreachable = new VaNotifyClient({ baseUrl: 'http://127.0.0.1:9', apiKey: SANDBOX_API_KEY, timeoutMs: 1000 });
    const net = await unreachable.sendEmail(email).catch((e) => e);
    expect(net).toBeInstanceOf(NotifyApiError);
    expect(net).toMatchObject({ status: 0, errorName: 'NetworkError', retryable: true });
  });

  it('JWT: header {typ, alg HS256}, claims exactly iss + iat (epoch seconds from the real clock)', () => {
    const token = createNotifyJwt(parseApiKey(SANDBOX_API_KEY));
    const [h, c] = token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(h).toEqual({ typ: 'JWT', alg: 'HS256' });
    expect(Object.keys(c)).toEqual(['iss', 'iat']);
    expect(c.iss).toBe(SANDBOX_SERVICE_ID);
    expect(Math.abs(c.iat - Date.now() / 1000)).toBeLessThan(2);
  });
});

describe('client-side rate limiter keeps steady sending under VA Notify’s limit', () => {
  const limited = useSandboxes({ rateLimitPerMinute: 5 });

  it('without it the 6th request in a minute gets 429; with it the 6th waits and VA Notify sees no 429', async () => {
    const bare = new VaNotifyClient({ baseUrl: limited.notifyUrl, apiKey: SANDBOX_API_KEY });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => bare.sendEmail(email)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { status: 429, errorName: 'RateLimitError', retryable: true } });

    await fetch(`${limited.notifyUrl}/_sandbox/reset`, { method: 'POST' });
    const client = new VaNotifyClient({ baseUrl: limited.notifyUrl, apiKey: SANDBOX_API_KEY, rateLimitPerMinute: 5 });
    let done = 0;
    const sends = Array.from({ length: 6 }, () => client.sendEmail(email).then(() => (done += 1)));
    await eventually(() => done === 5, 5000);
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(5); // the 6th is held back by our limiter, not refused by VA Notify
    expect(limited.notify.stats()).toMatchObject({ posts: 5, accepted: 5, rejected429: 0 });
    client.close();
    await expect(sends[5]).rejects.toMatchObject({ errorName: 'ClientClosed', retryable: true });
  });
});

describe('AalClient', () => {
  const activity = (over: Partial<AalActivity> = {}): AalActivity => ({
    userProfileId: '5001',
    activityType: 'Prescription tracking email',
    action: 'Email delivered',
    completionTime: 'Mon, 15 Jun 2026 15:00:00 GMT',
    performerType: 'System',
    detailValue: null,
    status: 1,
    ...over,
  });

  it('opens one MHV session per user, reuses it, and posts the documented fields', async () => {
    const client = new AalClient({ baseUrl: s.aalBaseUrl, apiKey: SANDBOX_AAL_API_KEY, appToken: 'rxbridge-rx' });
    const sessions = s.aal.counters.sessions;
    await Promise.all([client.postActivity(activity()), client.postActivity(activity({ status: 0 }))]);
    await client.postActivity(activity({ detailValue: 'third' }));
    expect(s.aal.counters.sessions - sessions).toBe(1);
    expect(s.aal.activities.slice(-3).map((a) => [a.userProfileId, a.status, a.detailValue])).toEqual(
      expect.arrayContaining([
        ['5001', 1, null],
        ['5001', 0, null],
        ['5001', 1, 'third'],
      ]),
    );
  });

  it('opens a new session after a 401 and succeeds', async () => {
    const client = new AalClient({ baseUrl: s.aalBaseUrl, apiKey: SANDBOX_AAL_API_KEY, appToken: 'rxbridge-rx' });
    await client.postActivity(activity());
    s.aal.expireSessions();
    const sessions = s.aal.counters.sessions;
    await client.postActivity(activity({ action: 'after refresh' }));
    expect(s.aal.counters.sessions - sessions).toBe(1);
    expect(s.aal.activities.at(-1)?.action).toBe('after refresh');
  });

  it('classifies 5xx/429/timeouts as retryable and 4xx as permanent', async () => {
    const client = new AalClient({ baseUrl: s.aalBaseUrl, apiKey: SANDBOX_AAL_API_KEY, appToken: 'rxbridge-rx', timeoutMs: 300 });
    try {
      s.aal.faults.error500Rate = 1;
      expect(await client.postActivity(activity()).catch((e) => e)).toMatchObject({ status: 500, retryable: true });
      Object.assign(s.aal.faults, { error500Rate: 0, rate429Rate: 1 });
      expect(await client.postActivity(activity()).catch((e) => e)).toMatchObject({ status: 429, retryable: true });
      Object.assign(s.aal.faults, { rate429Rate: 0, timeoutRate: 1, timeoutMs: 2000 });
      const t = await client.postActivity(activity()).catch((e) => e);
      expect(t).toBeInstanceOf(AalApiError);
      expect(t).toMatchObject({ status: 0, retryable: true });
    } finally {
      Object.assign(s.aal.faults, { error500Rate: 0, rate429Rate: 0, timeoutRate: 0 });
    }
    expect(await client.postActivity(activity({ activityType: '' })).catch((e) => e)).toMatchObject({
      status: 400,
      retryable: false,
      message: 'activityType is required',
    });
    const badKey = new AalClient({ baseUrl: s.aalBaseUrl, apiKey: 'wrong', appToken: 'rxbridge-rx' });
    expect(await badKey.postActivity(activity()).catch((e) => e)).toMatchObject({ status: 401, retryable: false });
  });
});

describe('VaProfileClient', () => {
  it('reads contact information and permissions and applies VA Notify’s choice rules', async () => {
    const jordan = await s.profileClient.getContact(1002);
    expect(VaProfileClient.preferredEmail(jordan!)).toBe('jordan.rivera@example.com'); // newest createDate
    expect(VaProfileClient.emailAllowed(jordan!, 4, true)).toBe(false);
    expect(VaProfileClient.emailAllowed((await s.profileClient.getContact(1001))!, 4, true)).toBe(true);
    const casey = (await s.profileClient.getContact(1003))!;
    expect([VaProfileClient.allowed(casey, 4, true), VaProfileClient.allowed(casey, 4, false)]).toEqual([true, false]); // allowed null → default
    expect(await s.profileClient.getContact(424242)).toBeNull();
  });

  it('VA Profile 5xx is a retryable VaProfileApiError', async () => {
    s.profile.faults.error500Rate = 1;
    try {
      const err = await s.profileClient.getContact(1001).catch((e) => e);
      expect(err).toBeInstanceOf(VaProfileApiError);
      expect(err).toMatchObject({ status: 500, retryable: true });
    } finally {
      s.profile.faults.error500Rate = 0;
    }
  });
});

describe('VaNotifyClient JWT', () => {
  it('carries iat = the current whole second on every request (a token signed once a second is the fresh one)', async () => {
    const tokens: string[] = [];
    const server = createServer((req, res) => {
      tokens.push(String(req.headers.authorization).replace('Bearer ', ''));
      req.resume().on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"x","reference":null}'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const c = new VaNotifyClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: SANDBOX_API_KEY });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      for (const ms of [1_700_000_000_200, 1_700_000_000_900, 1_700_000_001_000, 1_700_000_000_500]) {
        vi.setSystemTime(ms);
        await c.sendEmail(email);
      }
    } finally {
      vi.useRealTimers();
      server.close();
    }
    const creds = parseApiKey(SANDBOX_API_KEY);
    const iats = tokens.map((t) => (JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()) as { iat: number }).iat);
    expect(iats).toEqual([1_700_000_000, 1_700_000_000, 1_700_000_001, 1_700_000_000]);
    expect(tokens).toEqual(iats.map((iat) => createNotifyJwt(creds, iat * 1000)));
  });
});
