/**
 * Verifying VA Notify delivery-status callbacks (reference A9): either the notification-level
 * `x-enp-signature` (hex HMAC-SHA256 keyed with the API key's secret over the Python-urlencoded
 * payload, keys in the order received) or the service-level `Authorization: Bearer <token>`.
 * Comparisons are constant-time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { pythonUrlencode } from './python-urlencode.js';

export function callbackSignature(payload: Record<string, unknown>, secret: string): string {
  return createHmac('sha256', secret).update(pythonUrlencode(payload)).digest('hex');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `rawBody` is the request body exactly as received (JSON.parse keeps its key order). */
export function verifyCallbackSignature(rawBody: string, signatureHex: string | undefined, secret: string): boolean {
  if (!signatureHex || !/^[0-9a-fA-F]{64}$/.test(signatureHex)) return false;
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    return false;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false;
  return sameText(callbackSignature(payload as Record<string, unknown>, secret), signatureHex.toLowerCase());
}

export function verifyCallbackBearer(authorization: string | undefined, expectedToken: string | undefined): boolean {
  if (!authorization || !expectedToken) return false;
  if (authorization.slice(0, 7).toLowerCase() !== 'bearer ') return false;
  return sameText(authorization.slice(7).trim(), expectedToken);
}
