/**
 * VA Notify's service API-key JWT check, in the server's order with its exact messages (A2).
 * Returns the authenticated service and key, or the error to send.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SandboxApiKey, SandboxService } from './model.js';

export type AuthResult = { ok: true; service: SandboxService; key: SandboxApiKey } | { ok: false; status: 401 | 403; message: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const fail = (status: 401 | 403, message: string): AuthResult => ({ ok: false, status, message });

export function authenticate(header: string | undefined, services: SandboxService[], nowMs: number): AuthResult {
  if (!header) return fail(401, 'Unauthorized, authentication token must be provided');
  if (header.slice(0, 7).toLowerCase() !== 'bearer ') return fail(401, 'Unauthorized, authentication bearer scheme must be used');
  const token = header.slice(7).trim();
  const parts = token.split('.');
  let head: { alg?: unknown };
  let claims: { iss?: unknown; iat?: unknown };
  try {
    if (parts.length !== 3) throw new Error('parts');
    head = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as typeof head;
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as typeof claims;
    if (head.alg !== 'HS256' || typeof claims !== 'object' || claims === null) throw new Error('alg');
  } catch {
    return fail(403, 'Invalid token: signature, api token is not valid');
  }
  if (claims.iss === undefined || claims.iss === null || claims.iss === '') return fail(403, 'Invalid token: iss field not provided');
  if (typeof claims.iss !== 'string' || !UUID.test(claims.iss)) return fail(403, 'Invalid token: service id is not the right data type');
  const service = services.find((s) => s.id === claims.iss);
  if (!service) return fail(403, 'Invalid token: service not found');
  if (service.apiKeys.length === 0) return fail(403, 'Invalid token: service has no API keys');
  if (!service.active) return fail(403, 'Invalid token: service is archived');
  const signed = `${parts[0]}.${parts[1]}`;
  const given = Buffer.from(parts[2]!, 'base64url');
  for (const key of service.apiKeys) {
    const expected = createHmac('sha256', key.secret).update(signed).digest();
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) continue;
    // Missing iat: the reference names no message; treated as a token the server cannot validate (assumption).
    if (claims.iat === undefined || claims.iat === null) return fail(403, 'Invalid token: signature, api token is not valid');
    // A non-numeric iat fails PyJWT's iat check, which the Python client reports as the clock error.
    const iat = typeof claims.iat === 'number' ? claims.iat : Number.NaN;
    const nowS = Math.floor(nowMs / 1000);
    if (!Number.isFinite(iat) || nowS > iat + 30 || iat > nowS + 30) return fail(403, 'Error: Your system clock must be accurate to within 30 seconds');
    if (key.revoked) return fail(403, 'Invalid token: API key revoked');
    if (key.expiryDate && key.expiryDate.getTime() <= nowMs) return fail(403, 'Invalid token: API key expired');
    return { ok: true, service, key };
  }
  return fail(403, 'Invalid token: signature, api token not found');
}
