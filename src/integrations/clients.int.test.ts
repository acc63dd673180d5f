/** Our clients over real HTTP against the stand-ins: limiter, AAL session + activity, VA Profile. */
import { describe, expect, it } from 'vitest';
import { AalApiError } from '../platform/activity-log-port.js';
import { VaProfileClient } from './va-profile/client.js';
import { SlidingWindowLimiter } from './va-notify/sliding-window-limiter.js';
import { useSandboxes } from '../../test/helpers/sandboxes.js';

const s = useSandboxes();

describe('SlidingWindowLimiter', () => {
  it('never lets more than N through in any window, and serves waiters in order', async () => {
    let t = 0;
    const limiter = new SlidingWindowLimiter(3, 1000, () => t);
    const order: number[] = [];
    for (let i = 0; i < 3; i++) await limiter.acquire().then(() => order.push(i));
    let fourth = false;
    const p = limiter.acquire().then(() => (fourth = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(fourth).toBe(false);
    t = 1001;
    await p;
    expect(order).toEqual([0, 1, 2]);
    expect(fourth).toBe(true);
  });
});

describe('AalClient', () => {
  it('opens an MHV session per user and posts the activity with the documented fields', async () => {
    await s.aalClient.postActivity({ userProfileId: '5001', activityType: 'Prescription tracking email', action: 'Email delivered', completionTime: 'Mon, 15 Jun 2026 15:00:00 GMT', performerType: 'System', detailValue: null, status: 1 });
    expect(s.aal.activities.at(-1)).toMatchObject({ userProfileId: '5001', activityType: 'Prescription tracking email', status: 1, completionTime: 'Mon, 15 Jun 2026 15:00:00 GMT' });
  });
  it('classifies 5xx as retryable and 4xx as permanent', async () => {
    s.aal.faults.error500Rate = 1;
    const e1 = await s.aalClient.postActivity({ userProfileId: '5001', activityType: 'x', action: 'y', completionTime: 'now', performerType: 'System', status: 1 }).catch((e) => e);
    s.aal.faults.error500Rate = 0;
    expect(e1).toBeInstanceOf(AalApiError);
    expect(e1).toMatchObject({ status: 500, retryable: true });
    const e2 = await s.aalClient.postActivity({ userProfileId: '5001', activityType: '', action: 'y', completionTime: 'now', performerType: 'System', status: 1 }).catch((e) => e);
    expect(e2).toMatchObject({ status: 400, retryable: false, message: 'activityType is required' });
  });
});

describe('VaProfileClient', () => {
  it('reads contact information and communication permissions', async () => {
    const client = new VaProfileClient(s.profileUrl);
    const jordan = await client.getContact(1002);
    expect(jordan?.emails[0]?.emailAddressText).toBe('jordan.rivera@example.com');
    expect(VaProfileClient.emailAllowed(jordan!, 4, true)).toBe(false);
    expect(VaProfileClient.emailAllowed((await client.getContact(1001))!, 4, true)).toBe(true);
    expect(await client.getContact(424242)).toBeNull();
  });
});
