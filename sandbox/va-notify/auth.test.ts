/**
 * VA Notify's API-key JWT check (A2), table-driven against the pure `authenticate`: every message,
 * and the ORDER of the checks (when two things are wrong, the earlier check's message wins).
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createNotifyJwt } from '../../src/integrations/va-notify/api-key.js';
import { authenticate } from './auth.js';
import type { SandboxService } from './model.js';

const NOW = 1_780_000_000_000; // fixed "server now" in ms
const NOW_S = NOW / 1000;
const SID = '11111111-2222-4333-8444-555555555555';
const LIVE = 'aaaaaaaa-0000-4000-8000-000000000001';
const REVOKED = 'aaaaaaaa-0000-4000-8000-000000000002';
const EXPIRED = 'aaaaaaaa-0000-4000-8000-000000000003';

const service = (over: Partial<SandboxService> = {}): SandboxService => ({
  id: SID,
  name: 'svc',
  active: true,
  rateLimit: 3000,
  messageLimit: 1000,
  permissions: ['email'],
  apiKeys: [
    { name: 'live', secret: LIVE, keyType: 'normal' },
    { name: 'old', secret: REVOKED, keyType: 'normal', revoked: true },
    { name: 'exp', secret: EXPIRED, keyType: 'team', expiryDate: new Date(NOW - 1000) },
  ],
  ...over,
});

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
function jwt(claims: Record<string, unknown>, secret: string, header: Record<string, unknown> = { typ: 'JWT', alg: 'HS256' }): string {
  const h = b64(header);
  const c = b64(claims);
  return `${h}.${c}.${createHmac('sha256', secret).update(`${h}.${c}`).digest('base64url')}`;
}
const bearer = (t: string) => `Bearer ${t}`;

describe('authenticate (A2)', () => {
  it.each<[string, string | undefined, SandboxService[], 401 | 403, string]>([
    ['no header', undefined, [service()], 401, 'Unauthorized, authentication token must be provided'],
    ['empty header', '', [service()], 401, 'Unauthorized, authentication token must be provided'],
    ['Basic scheme', 'Basic dXNlcjpwYXNz', [service()], 401, 'Unauthorized, authentication bearer scheme must be used'],
    ['not a JWT', 'Bearer abc.def', [service()], 403, 'Invalid token: signature, api token is not valid'],
    ['garbage JWT parts', 'Bearer a.b.c', [service()], 403, 'Invalid token: signature, api token is not valid'],
    ['no iss', bearer(jwt({ iat: NOW_S }, LIVE)), [service()], 403, 'Invalid token: iss field not provided'],
    ['iss not a UUID', bearer(jwt({ iss: 'svc-1', iat: NOW_S }, LIVE)), [service()], 403, 'Invalid token: service id is not the right data type'],
    ['unknown service', bearer(jwt({ iss: '99999999-2222-4333-8444-555555555555', iat: NOW_S }, LIVE)), [service()], 403, 'Invalid token: service not found'],
    ['service without keys', bearer(jwt({ iss: SID, iat: NOW_S }, LIVE)), [service({ apiKeys: [] })], 403, 'Invalid token: service has no API keys'],
    ['archived service', bearer(jwt({ iss: SID, iat: NOW_S }, LIVE)), [service({ active: false })], 403, 'Invalid token: service is archived'],
    ['iat 31 s old', bearer(jwt({ iss: SID, iat: NOW_S - 31 }, LIVE)), [service()], 403, 'Error: Your system clock must be accurate to within 30 seconds'],
    ['iat 31 s ahead', bearer(jwt({ iss: SID, iat: NOW_S + 31 }, LIVE)), [service()], 403, 'Error: Your system clock must be accurate to within 30 seconds'],
    ['iat not a number', bearer(jwt({ iss: SID, iat: 'yesterday' }, LIVE)), [service()], 403, 'Error: Your system clock must be accurate to within 30 seconds'],
    ['revoked key', bearer(jwt({ iss: SID, iat: NOW_S }, REVOKED)), [service()], 403, 'Invalid token: API key revoked'],
    ['expired key', bearer(jwt({ iss: SID, iat: NOW_S }, EXPIRED)), [service()], 403, 'Invalid token: API key expired'],
    [
      'secret of no key',
      bearer(jwt({ iss: SID, iat: NOW_S }, 'bbbbbbbb-0000-4000-8000-000000000009')),
      [service()],
      403,
      'Invalid token: signature, api token not found',
    ],
    // Order: each pair has two faults; the message is the earlier check's.
    [
      'no keys AND archived → no keys first',
      bearer(jwt({ iss: SID, iat: NOW_S }, LIVE)),
      [service({ apiKeys: [], active: false })],
      403,
      'Invalid token: service has no API keys',
    ],
    [
      'archived AND wrong secret → archived first',
      bearer(jwt({ iss: SID, iat: NOW_S }, 'wrong')),
      [service({ active: false })],
      403,
      'Invalid token: service is archived',
    ],
    [
      'revoked AND clock off → clock first',
      bearer(jwt({ iss: SID, iat: NOW_S - 100 }, REVOKED)),
      [service()],
      403,
      'Error: Your system clock must be accurate to within 30 seconds',
    ],
    [
      'wrong secret AND clock off → not found (signature checked first)',
      bearer(jwt({ iss: SID, iat: NOW_S - 100 }, 'wrong')),
      [service()],
      403,
      'Invalid token: signature, api token not found',
    ],
  ])('%s', (_name, header, services, status, message) => {
    expect(authenticate(header, services, NOW)).toEqual({ ok: false, status, message });
  });

  it.each([
    ['exactly 30 s old', NOW_S - 30],
    ['exactly 30 s ahead', NOW_S + 30],
    ['now', NOW_S],
  ])('accepts iat %s', (_name, iat) => {
    const r = authenticate(bearer(jwt({ iss: SID, iat }, LIVE)), [service()], NOW);
    expect(r).toMatchObject({ ok: true, service: { id: SID }, key: { name: 'live', keyType: 'normal' } });
  });

  it('is case-insensitive on the scheme and accepts our client’s token', () => {
    const token = createNotifyJwt({ serviceId: SID, secret: LIVE }, NOW);
    expect(authenticate(`bearer ${token}`, [service()], NOW)).toMatchObject({ ok: true });
    expect(authenticate(`BEARER ${token}`, [service()], NOW)).toMatchObject({ ok: true });
  });

  it('finds the key among several (tries each secret)', () => {
    const other = { name: 'second', secret: 'cccccccc-0000-4000-8000-000000000004', keyType: 'test' as const };
    const r = authenticate(bearer(jwt({ iss: SID, iat: NOW_S }, other.secret)), [service({ apiKeys: [...service().apiKeys, other] })], NOW);
    expect(r).toMatchObject({ ok: true, key: { name: 'second', keyType: 'test' } });
  });
});
