import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/app.js';
import { REFERENCE_TIME } from '../../test/helpers/db.js';

const t = useTestApp();

describe('sessions and mock sign-in', () => {
  it('lists demo users of every role', async () => {
    const res = await t.client().get('/api/auth/demo-users');
    expect(res.status).toBe(200);
    const roles = new Set(res.body.users.map((u: any) => u.role));
    expect(roles).toEqual(new Set(['veteran', 'care_team', 'ops']));
  });

  it('signs in with an httpOnly SameSite cookie and reports the user', async () => {
    const c = t.client();
    await c.init();
    const res = await c.post('/api/auth/mock-sign-in', { userId: await t.userId('mock:alex') });
    expect(res.status).toBe(204);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/rxb_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect((await c.get('/api/session')).body.user).toMatchObject({ role: 'veteran', displayName: 'Alex Morgan' });
  });

  it('stores only a hash of the session token', async () => {
    const c = t.client();
    await c.init();
    const res = await c.post('/api/auth/mock-sign-in', { userId: await t.userId('mock:jordan') });
    const token = /rxb_session=([^;]+)/.exec(String(res.headers['set-cookie']))![1]!;
    const rows = await t.ctx.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.some((r) => r.token_hash.toString('base64url') === token || r.token_hash.toString() === token)).toBe(false);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('rejects sign-in without the CSRF token', async () => {
    const c = t.client();
    await c.init();
    const res = await c.post('/api/auth/mock-sign-in', { userId: await t.userId('mock:alex') }, { csrf: false });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_invalid');
  });

  it('rejects an unknown user id with a 400 naming the field', async () => {
    const c = await t.client().init();
    const res = await c.post('/api/auth/mock-sign-in', { userId: '00000000-0000-4000-8000-000000000000' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('body.userId');
  });

  it('signs out: the old cookie no longer works', async () => {
    const c = await t.signIn('mock:casey');
    expect((await c.get('/api/medications')).status).toBe(200);
    expect((await c.post('/api/auth/sign-out')).status).toBe(204);
    expect((await c.get('/api/medications')).status).toBe(401);
  });

  it('expires sessions after the configured TTL', async () => {
    const c = await t.signIn('mock:casey');
    await t.ctx.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.parse(REFERENCE_TIME) - 1000) })
      .execute();
    expect((await c.get('/api/medications')).status).toBe(401);
  });
});

describe('platform endpoints', () => {
  it('serves health, metrics and the OpenAPI document', async () => {
    const c = t.client();
    expect((await c.get('/healthz')).body).toEqual({ status: 'ok' });
    const metrics = await c.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(String(metrics.body)).toContain('rxbridge_http_request_duration_seconds');
    const doc = await c.get('/api/docs/json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/medications', '/api/medications/{id}', '/api/medications/refills']));
  });

  it('answers unknown API paths with the structured 404 body', async () => {
    const res = await t.client().get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'not_found' });
  });

  it('rejects malformed JSON with a structured 400', async () => {
    const c = await t.signIn('mock:alex');
    const res = await c.request('POST', '/api/medications/refills', '{"prescriptionIds": [', { headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
  });
});
