/**
 * Every route answers a body over its limit with 413 "Request body is too large (limit N bytes)"
 * from the one error mapping (error-handler.ts), whatever the content type: JSON, HL7 text/plain
 * and HL7 content types, FHIR, the text/plain beacon. The ingest routes state their own limits.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/app.js';

const TOKEN = 'ingest-token-for-body-limit-tests-0123456789';
const t = useTestApp({ config: { TRACKING_INGEST_TOKEN: TOKEN } });
const MiB = 1024 * 1024;

async function post(url: string, contentType: string, bytes: number, headers: Record<string, string> = {}) {
  const payload = contentType.includes('json') ? JSON.stringify({ pad: 'x'.repeat(bytes) }) : 'x'.repeat(bytes);
  const res = await t.app.inject({ method: 'POST', url, headers: { 'content-type': contentType, ...headers }, payload });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}
const tooLarge = (limit: number) => ({
  status: 413,
  body: {
    statusCode: 413,
    code: 'payload_too_large',
    message: `Request body is too large (limit ${limit.toLocaleString('en-US')} bytes)`,
    errors: [{ field: 'body' }],
    detail: { limitBytes: String(limit) },
  },
});

describe('413 for bodies over the limit', () => {
  it.each([
    ['JSON, signed-in route', '/api/messaging/drafts', true],
    ['JSON, signed-in PUT route', '/api/messaging/drafts/4d7a1a55-1111-4222-8333-444444444444', true],
    ['JSON, public route (sign-in)', '/api/auth/mock-sign-in', false],
    ['JSON, unknown route', '/api/nope', true],
  ])('%s (with its CSRF token) → 413', async (_name, url, signedIn) => {
    const c = signedIn ? await t.signIn('mock:alex') : await t.client().init();
    const method = url.includes('4d7a') ? 'PUT' : 'POST';
    const res = await c.request(method, url, JSON.stringify({ pad: 'x'.repeat(MiB) }), { headers: { 'content-type': 'application/json' } });
    expect({ status: res.status, body: res.body }).toMatchObject(tooLarge(MiB));
  });

  it.each([
    ['VA Notify callback (raw JSON)', '/api/tracking/va-notify/callbacks', 'application/json', MiB],
    ['HL7 as text/plain', '/api/tracking/hl7', 'text/plain', 2 * MiB],
    ['HL7 as application/hl7-v2', '/api/tracking/hl7', 'application/hl7-v2', 2 * MiB],
    ['FHIR', '/api/tracking/fhir', 'application/json', MiB],
    ['browser events beacon (text/plain)', '/api/monitoring/events', 'text/plain', 64 * 1024],
  ])('%s → 413 stating its limit', async (_name, url, type, limit) => {
    const res = await post(url, type, limit + 10, { authorization: `Bearer ${TOKEN}` });
    expect(res).toMatchObject(tooLarge(limit));
  });

  it('bodies under the limit are not refused for size (the HL7 route takes more than the default)', async () => {
    const hl7 = await post('/api/tracking/hl7', 'text/plain', 1.5 * MiB, { authorization: `Bearer ${TOKEN}` });
    expect(hl7.status).not.toBe(413);
    expect(hl7.status).toBeLessThan(500);
  });

  it('the OpenAPI document states the ingest limits', async () => {
    const doc = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/docs/json' })).body);
    expect(doc.paths['/api/tracking/hl7'].post.description).toContain('2,097,152 bytes');
    expect(doc.paths['/api/tracking/fhir'].post.description).toContain('1,048,576 bytes');
  });
});
