import { describe, expect, it } from 'vitest';
import { callbackSignature, verifyCallbackSignature } from '../../src/integrations/va-notify/callback-verification.js';
import { signCallback } from './signature.js';

// Two independent readings of VA Notify's signing rule (A9) must agree, on the characters where
// encoders usually differ: space, '~', '*', '!', non-ASCII, and Python's None/True/False.
const cases: Array<[string, Record<string, unknown>]> = [
  ['plain', { id: 'a1', status: 'delivered' }],
  ['space and tilde', { status_reason: 'not ~ sure', reference: 'x y' }],
  ['reserved marks', { note: "it's (a) *test*!" }],
  ['non-ASCII', { name: 'Zoë 💊', city: 'São Paulo' }],
  ['python literals', { completed_at: null, provider_payload: null, ok: true, bad: false, cost: 0.5 }],
  ['order kept', { b: '1', a: '2' }],
];

describe('stand-in callback signature', () => {
  it.each(cases)('%s: the stand-in signs what the app verifies', (_name, payload) => {
    const sig = signCallback(payload, 'secret-1');
    expect(sig).toBe(callbackSignature(payload, 'secret-1'));
    expect(verifyCallbackSignature(JSON.stringify(payload), sig, 'secret-1')).toBe(true);
    expect(verifyCallbackSignature(JSON.stringify(payload), sig, 'secret-2')).toBe(false);
  });
});
