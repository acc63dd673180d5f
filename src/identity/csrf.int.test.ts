/**
 * CSRF tokens are bound to the session (src/identity/csrf.ts): a token works only with the session
 * or pre-session it was issued for, and rotates at sign-in and sign-out. Cookies are `__Host-` +
 * Secure when the request came over HTTPS (here: through a proxy, TRUST_PROXY on).
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/app.js';
import { type TestClient } from '../../test/helpers/http.js';

const t = useTestApp({ config: { TRUST_PROXY: 'true' } });
const draftFor = async (c: TestClient) => c.post('/api/messaging/drafts', { careTeamId: (await c.get('/api/messaging/care-teams')).body.teams[0].id });

describe('CSRF token bound to the session', () => {
  it('another user’s token does not work with my session (the cross-session case)', async () => {
    const alex = await t.signIn('mock:alex');
    const jordan = await t.signIn('mock:jordan');
    expect((await draftFor(alex)).status).toBe(201);
    // Alex's cookie jar with Jordan's (valid, for Jordan) token.
    const swapped = alex.csrfToken;
    alex.csrfToken = jordan.csrfToken;
    const res = await draftFor(alex);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_invalid');
    alex.csrfToken = swapped;
    expect((await draftFor(alex)).status).toBe(201);
  });

  it('a token is worthless without its session: no cookie, or a stolen token from another browser', async () => {
    const alex = await t.signIn('mock:alex');
    const stranger = t.client();
    await stranger.init();
    stranger.csrfToken = alex.csrfToken;
    expect((await stranger.post('/api/auth/sign-out')).body.code).toBe('csrf_invalid');
  });

  it('rotates at sign-in: the pre-session token stops working, the new one is different', async () => {
    const c = t.client();
    await c.init();
    const before = c.csrfToken!;
    expect((await c.post('/api/auth/mock-sign-in', { userId: await t.userId('mock:alex') })).status).toBe(204);
    expect((await draftFor(c)).body.code).toBe('csrf_invalid');
    await c.init();
    expect(c.csrfToken).not.toBe(before);
    expect((await draftFor(c)).status).toBe(201);
  });

  it('rotates at sign-out: the session’s token dies with it; signing in again gives a new one', async () => {
    const c = await t.signIn('mock:alex');
    const old = c.csrfToken!;
    expect((await c.post('/api/auth/sign-out')).status).toBe(204);
    c.csrfToken = old;
    expect((await c.post('/api/auth/sign-out')).body.code).toBe('csrf_invalid');
    await c.signInAs(await t.userId('mock:alex'));
    expect(c.csrfToken).not.toBe(old);
  });

  it('two anonymous browsers get different tokens, and cannot use each other’s (no login CSRF)', async () => {
    const a = await t.client().init();
    const b = await t.client().init();
    expect(a.csrfToken).not.toBe(b.csrfToken);
    b.csrfToken = a.csrfToken;
    expect((await b.post('/api/auth/mock-sign-in', { userId: await t.userId('mock:alex') })).body.code).toBe('csrf_invalid');
  });

  it('a session that ended: a route that needs a session answers 401 (sign in again), not 403', async () => {
    const c = await t.signIn('mock:alex');
    await t.ctx.db.deleteFrom('sessions').execute();
    const res = await c.post('/api/messaging/drafts', { careTeamId: '4d7a1a55-1111-4222-8333-444444444444' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
  });

  it('no token, an empty one or a forged one: 403', async () => {
    const c = await t.signIn('mock:alex');
    expect((await draftFor(c).then(() => c.post('/api/auth/sign-out', {}, { csrf: false }))).body.code).toBe('csrf_invalid');
    expect((await c.post('/api/auth/sign-out', {}, { csrf: false, headers: { 'x-csrf-token': '' } })).body.code).toBe('csrf_invalid');
    expect((await c.post('/api/auth/sign-out', {}, { csrf: false, headers: { 'x-csrf-token': 'A'.repeat(43) } })).body.code).toBe('csrf_invalid');
  });
});

describe('cookies', () => {
  it('over plain HTTP (local): rxb_session and rxb_anon, httpOnly, no Secure', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/session' });
    const anon = String(res.headers['set-cookie']);
    expect(anon).toMatch(/^rxb_anon=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict$/);
  });

  it('over HTTPS: __Host- names with Secure and Path=/, no Domain; plain-named cookies are ignored', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    const s1 = await t.app.inject({ method: 'GET', url: '/api/session', headers: https });
    const anonCookie = String(s1.headers['set-cookie']);
    expect(anonCookie).toMatch(/^__Host-rxb_anon=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    const anon = /^([^;]+)/.exec(anonCookie)![1]!;
    const token = JSON.parse(s1.body).csrfToken as string;
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/mock-sign-in',
      headers: { ...https, cookie: anon, 'x-csrf-token': token, 'content-type': 'application/json' },
      payload: JSON.stringify({ userId: await t.userId('mock:alex') }),
    });
    expect(signIn.statusCode).toBe(204);
    const cookies = ([] as string[]).concat(signIn.headers['set-cookie'] as string | string[]);
    const session = cookies.find((c) => c.startsWith('__Host-rxb_session='))!;
    expect(session).toMatch(/; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(session).not.toMatch(/Domain=/i);
    expect(cookies.some((c) => c.startsWith('__Host-rxb_anon=;'))).toBe(true);
    const value = /^__Host-rxb_session=([^;]+)/.exec(session)![1]!;
    const me = (cookie: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/session', headers: { ...headers, cookie } });
    expect(JSON.parse((await me(`__Host-rxb_session=${value}`, https)).body).user).toMatchObject({ displayName: 'Alex Morgan' });
    // The same token under the plain name is not read on an HTTPS request.
    expect(JSON.parse((await me(`rxb_session=${value}`, https)).body).user).toBeNull();
  });
});
