/**
 * Limits that fit users (src/platform/http/rate-limits.ts, budgets in src/server/app.ts): signed-in
 * traffic counts per session and per user, anonymous traffic per IP. 20 people signed in behind one
 * address do not limit each other, though together they send far more than the per-IP budget.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/app.js';
import type { TestClient } from '../../test/helpers/http.js';

const IP = 45;
const SESSION = 40;
const USER = 100;
const t = useTestApp({
  config: { RATE_LIMIT_PER_MINUTE: String(IP), RATE_LIMIT_PER_SESSION_PER_MINUTE: String(SESSION), RATE_LIMIT_PER_USER_PER_MINUTE: String(USER) },
});
const USERS = ['mock:alex', 'mock:jordan', 'mock:casey', 'mock:shah', 'mock:lee', 'mock:brooks', 'mock:ops'];
const EACH = 25;

async function until429(c: TestClient, max: number): Promise<number> {
  for (let n = 1; n <= max; n++) if ((await c.get('/api/session')).status === 429) return n;
  return -1;
}

describe('rate limits per session, per user, per IP', () => {
  const sessions: Array<{ user: string; c: TestClient }> = [];

  it(`20 sessions from one address (${20 * (EACH + 1)} requests, per-IP budget ${IP}) are not limited by each other`, async () => {
    // Sign-in is anonymous: 2 requests each from 127.0.0.1 (40 < 45).
    for (let i = 0; i < 20; i++) sessions.push({ user: USERS[i % USERS.length]!, c: await t.signIn(USERS[i % USERS.length]!) });
    const statuses: number[] = [];
    for (let round = 0; round < EACH; round++) for (const s of sessions) statuses.push((await s.c.get('/api/session')).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(statuses).toHaveLength(20 * EACH);
  });

  it('one session that goes over its own budget gets 429 (with Retry-After); the others carry on', async () => {
    const ops = sessions.find((s) => s.user === 'mock:ops')!.c;
    // It has made 1 (after sign-in) + 25 requests: the 41st in the window is refused.
    expect(await until429(ops, 50)).toBe(SESSION - (1 + EACH) + 1);
    const refused = await ops.get('/api/session');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'rate_limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    for (const s of sessions.filter((x) => x.c !== ops)) expect((await s.c.get('/api/session')).status).toBe(200);
  });

  it('a user’s sessions together are capped per user', async () => {
    // Alex has 3 sessions with 1 + 25 (+1 above) requests each = 81; a 4th session has 19 left, not 40.
    const fourth = await t.signIn('mock:alex');
    const n = await until429(fourth, 50);
    expect(n).toBeGreaterThan(1);
    expect(n).toBeLessThan(SESSION);
    expect((await sessions.find((s) => s.user === 'mock:jordan')!.c.get('/api/session')).status).toBe(200);
  });

  it('anonymous callers share their address’s budget; another address is unaffected', async () => {
    const anon = () => t.app.inject({ method: 'GET', url: '/api/session' });
    const statuses: number[] = [];
    for (let i = 0; i < IP; i++) statuses.push((await anon()).statusCode);
    expect(statuses.at(-1)).toBe(429);
    expect((await t.app.inject({ method: 'GET', url: '/api/session', remoteAddress: '10.1.2.3' })).statusCode).toBe(200);
    // Signed-in people behind the spent address still get through.
    expect((await sessions.find((s) => s.user === 'mock:casey')!.c.get('/api/session')).status).toBe(200);
  });
});
