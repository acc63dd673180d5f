/**
 * Every answer carries the security headers — success, refusal before routing (401) and unknown
 * path (404) alike — with the values @fastify/helmet gave them before registerSecurityHeaders
 * replaced it (captured from the app at a27d958).
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/app.js';

const t = useTestApp();

const EXPECTED: Record<string, string> = {
  'content-security-policy':
    "default-src 'self';base-uri 'self';font-src 'self';form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

describe('security headers', () => {
  it.each([
    ['/healthz', 200],
    ['/api/session', 200],
    ['/api/medications', 401],
    ['/no-such-path', 404],
  ])('GET %s (%i) carries every header with its value', async (url, status) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    for (const [name, value] of Object.entries(EXPECTED)) expect(res.headers[name], name).toBe(value);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('a signed-in answer and a refused unsafe request carry them too', async () => {
    const c = await t.signIn('mock:alex');
    const ok = await c.get('/api/medications');
    expect(ok.status).toBe(200);
    expect(ok.headers['content-security-policy']).toBe(EXPECTED['content-security-policy']);
    // A POST without the CSRF token: refused before the handler.
    const forged = await c.post('/api/medications/refills', { prescriptionIds: [] }, { csrf: false });
    expect(forged.status).toBe(403);
    expect(forged.headers['strict-transport-security']).toBe(EXPECTED['strict-transport-security']);
  });
});
