/**
 * VA Notify credentials. The combined key string used by GOV.UK-style clients is
 * `{key name}-{service id (36)}-{secret (36)}` (reference A2); the service id and secret can also
 * be configured separately (secrets that are not UUIDs cannot be combined).
 */
import { createHmac } from 'node:crypto';

export interface VaNotifyCredentials {
  serviceId: string;
  secret: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseApiKey(key: string): VaNotifyCredentials {
  if (key.length < 74) throw new Error('VA Notify API key must be {name}-{service id}-{secret}');
  const serviceId = key.slice(-73, -37);
  const secret = key.slice(-36);
  if (!UUID.test(serviceId) || !UUID.test(secret)) throw new Error('VA Notify API key must end with a service id and a secret (UUIDs)');
  return { serviceId, secret };
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** HS256 JWT with exactly the claims VA Notify checks: iss (service id) and iat (epoch seconds). */
export function createNotifyJwt(creds: VaNotifyCredentials, nowMs = Date.now()): string {
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const claims = b64url(JSON.stringify({ iss: creds.serviceId, iat: Math.floor(nowMs / 1000) }));
  const signature = b64url(createHmac('sha256', creds.secret).update(`${header}.${claims}`).digest());
  return `${header}.${claims}.${signature}`;
}
