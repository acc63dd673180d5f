/**
 * Callback verification against values produced by real Python (urllib.parse.urlencode + hmac,
 * CPython 3, run once to make these fixtures): our urlencode and signature must equal VA Notify's.
 */
import { describe, expect, it } from 'vitest';
import { callbackSignature, verifyCallbackBearer, verifyCallbackSignature } from './callback-verification.js';
import { pythonUrlencode } from './python-urlencode.js';

const SECRET = '3f7d9c2e-5a1b-4e8f-9d6c-0b2a4e6f8c1d';
const RAW =
  '{"id": "2d3c1b6e-5f4a-4e3d-9c2b-1a0f9e8d7c6b", "reference": "shipment 42/å~*", "to": "alex.morgan+rx@example.com", "status": "delivered", ' +
  '"created_at": "2026-06-15T15:00:00.123456Z", "completed_at": "2026-06-15T15:00:01.654321Z", "sent_at": "2026-06-15T15:00:00.500000Z", ' +
  '"notification_type": "email", "status_reason": null, "provider": "ses", "provider_payload": null}';
const PY_ENCODED =
  'id=2d3c1b6e-5f4a-4e3d-9c2b-1a0f9e8d7c6b&reference=shipment+42%2F%C3%A5~%2A&to=alex.morgan%2Brx%40example.com&status=delivered' +
  '&created_at=2026-06-15T15%3A00%3A00.123456Z&completed_at=2026-06-15T15%3A00%3A01.654321Z&sent_at=2026-06-15T15%3A00%3A00.500000Z' +
  '&notification_type=email&status_reason=None&provider=ses&provider_payload=None';
const PY_SIGNATURE = 'bbc1fa12d456c8cc7190df39688d927f20d5fd0dfa88003166d9f35fdea6ef2c';

describe('pythonUrlencode', () => {
  it('matches Python’s urlencode byte for byte (order, None, quote_plus, UTF-8)', () => {
    expect(pythonUrlencode(JSON.parse(RAW))).toBe(PY_ENCODED);
  });
  it.each<[Record<string, unknown>, string]>([[{ a: true, b: false, c: 12, d: 'x y&z=1', e: "!'()" }, 'a=True&b=False&c=12&d=x+y%26z%3D1&e=%21%27%28%29']])(
    '%j',
    (payload, expected) => {
      expect(pythonUrlencode(payload)).toBe(expected);
    },
  );
});

describe('verifyCallbackSignature', () => {
  it.each<[string, string, string | undefined, string, boolean]>([
    ['Python-made signature', RAW, PY_SIGNATURE, SECRET, true],
    ['upper-case hex', RAW, PY_SIGNATURE.toUpperCase(), SECRET, true],
    ['compact JSON of the same payload (key order kept)', JSON.stringify(JSON.parse(RAW)), PY_SIGNATURE, SECRET, true],
    ['tampered status', RAW.replace('"delivered"', '"permanent-failure"'), PY_SIGNATURE, SECRET, false],
    ['keys reordered (order is signed)', JSON.stringify({ reference: JSON.parse(RAW).reference, ...JSON.parse(RAW) }), PY_SIGNATURE, SECRET, false],
    ['wrong secret', RAW, PY_SIGNATURE, 'another-secret', false],
    ['missing signature', RAW, undefined, SECRET, false],
    ['signature not hex', RAW, 'z'.repeat(64), SECRET, false],
    ['truncated signature', RAW, PY_SIGNATURE.slice(0, 63), SECRET, false],
    ['body not JSON', 'status=delivered', PY_SIGNATURE, SECRET, false],
    ['body a JSON array', '[1]', PY_SIGNATURE, SECRET, false],
  ])('%s → %s', (_n, raw, sig, secret, ok) => {
    expect(verifyCallbackSignature(raw, sig as string, secret)).toBe(ok);
  });

  it('signs what it verifies', () => {
    expect(callbackSignature(JSON.parse(RAW), SECRET)).toBe(PY_SIGNATURE);
  });
});

describe('verifyCallbackBearer', () => {
  const TOKEN = 'local-callback-bearer-token-not-a-secret';
  it.each<[string | undefined, string | undefined, boolean]>([
    [`Bearer ${TOKEN}`, TOKEN, true],
    [`bearer ${TOKEN}`, TOKEN, true],
    [`Bearer ${TOKEN}x`, TOKEN, false],
    [`Basic ${TOKEN}`, TOKEN, false],
    [undefined, TOKEN, false],
    [`Bearer ${TOKEN}`, undefined, false],
    ['Bearer ', '', false],
  ])('%s vs %s → %s', (header, expected, ok) => {
    expect(verifyCallbackBearer(header, expected)).toBe(ok);
  });
});
