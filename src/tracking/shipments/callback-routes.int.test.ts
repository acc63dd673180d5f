/**
 * The VA Notify callback route and the per-client-IP rate limit: VA Notify never retries a
 * service-level callback answered 429 (reference A9.2), so callbacks must not be throttled by it.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';

const LIMIT = 5;
const t = useTestApp({ config: { RATE_LIMIT_PER_MINUTE: String(LIMIT) } });

function callback(status: string) {
  const body = JSON.stringify({
    id: randomUUID(),
    reference: null,
    to: 'x@example.com',
    status,
    created_at: '2026-12-01T00:00:00.000000Z',
    completed_at: null,
    sent_at: null,
    notification_type: 'email',
    status_reason: null,
    provider: 'ses',
  });
  return t.app.inject({
    method: 'POST',
    url: '/api/tracking/va-notify/callbacks',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.ctx.config.VA_NOTIFY_CALLBACK_BEARER_TOKEN}` },
    payload: body,
  });
}

describe('VA Notify callbacks and the rate limit', () => {
  it('accepts more callbacks from one address in a minute than the per-IP limit, while other routes get 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT * 3; i++) statuses.push((await callback(i % 2 ? 'delivered' : 'permanent-failure')).statusCode);
    expect(statuses).toEqual(Array(LIMIT * 3).fill(200));

    const other: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) other.push((await t.app.inject({ method: 'GET', url: '/api/session' })).statusCode);
    expect(other.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(200));
    expect(other[LIMIT]).toBe(429);
  });

  it('still refuses a callback without a valid bearer token or signature; such callers count as anonymous (per IP)', async () => {
    const bad = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/tracking/va-notify/callbacks',
        remoteAddress: '10.9.9.9',
        headers: { 'content-type': 'application/json', authorization: 'Bearer not-the-token-at-all' },
        payload: JSON.stringify({ id: randomUUID(), status: 'delivered' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) statuses.push((await bad()).statusCode);
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429]);
    // The valid credential's budget is not touched by that address being spent.
    expect((await callback('delivered')).statusCode).toBe(200);
  });
});
