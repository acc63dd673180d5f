/**
 * The stand-in's own signer for notification-level callbacks (reference A9): hex HMAC-SHA256,
 * keyed with the creating API key's secret, over Python's `urllib.parse.urlencode(payload)`.
 * Written byte by byte the way CPython's `quote_plus` works (safe set: letters, digits, `_.-~`;
 * space → `+`; values stringified with `str()`: None, True, False), independently of the app's
 * verifier, so the conformance tests check two readings of the contract against each other.
 */
import { createHmac } from 'node:crypto';

const SAFE = /^[A-Za-z0-9_.\-~]$/;

function pyStr(value: unknown): string {
  switch (value) {
    case null:
    case undefined:
      return 'None';
    case true:
      return 'True';
    case false:
      return 'False';
    default:
      if (typeof value === 'object') return JSON.stringify(value);
      if (typeof value === 'string') return value;
      return (value as number | bigint | symbol | (() => unknown)).toString(); // what is left after the cases above
  }
}

function quotePlus(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (byte === 0x20) out += '+';
    else if (byte < 0x80 && SAFE.test(ch)) out += ch;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function signCallback(payload: Record<string, unknown>, secret: string): string {
  const encoded = Object.entries(payload)
    .map(([k, v]) => `${quotePlus(k)}=${quotePlus(pyStr(v))}`)
    .join('&');
  return createHmac('sha256', secret).update(encoded).digest('hex');
}
