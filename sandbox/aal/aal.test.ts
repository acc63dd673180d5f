/** MHV AAL stand-in over real HTTP (reference D): session headers, activity validation, listing, faults. */
import { describe, expect, it } from 'vitest';
import { useSandboxes } from '../../test/helpers/sandboxes.js';
import { SANDBOX_AAL_API_KEY } from '../../src/shared/local-defaults.js';
import { checkActivity } from './validate.js';

const s = useSandboxes({ aalBasePath: '/mhvapi/v1/' });
const valid = {
  userProfileId: '5001',
  activityType: 'Prescription tracking email',
  action: 'Email delivered',
  completionTime: 'Mon, 15 Jun 2026 15:00:00 GMT',
  performerType: 'System',
  detailValue: 'Rx shipment',
  status: 1,
};

async function session(user = '5001', apiKey = SANDBOX_AAL_API_KEY) {
  const res = await fetch(`${s.aalBaseUrl}/usermgmt/auth/session`, { headers: { appToken: 'rxbridge-rx', mhvCorrelationId: user, 'x-api-key': apiKey } });
  return { status: res.status, token: res.headers.get('token'), expires: res.headers.get('expires'), body: await res.text() };
}
async function post(body: unknown, token: string | null, apiKey = SANDBOX_AAL_API_KEY) {
  const res = await fetch(`${s.aalBaseUrl}/usermgmt/activity`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', Token: token ?? '', 'x-api-key': apiKey },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { message?: string } };
}

describe('checkActivity', () => {
  it.each<[string, Record<string, unknown>, string | null]>([
    ['valid', valid, null],
    ['detailValue and completionTime optional', { ...valid, detailValue: undefined, completionTime: undefined }, null],
    ['failure status 0', { ...valid, status: 0 }, null],
    ['no userProfileId', { ...valid, userProfileId: undefined }, 'userProfileId is required'],
    ['empty activityType', { ...valid, activityType: '' }, 'activityType is required'],
    ['no action', { ...valid, action: null }, 'action is required'],
    ['no performerType', { ...valid, performerType: undefined }, 'performerType is required'],
    ['no status', { ...valid, status: undefined }, 'status is required'],
    ['status true', { ...valid, status: true }, 'status must be 1 (success) or 0 (failure)'],
    ['status "1"', { ...valid, status: '1' }, 'status must be 1 (success) or 0 (failure)'],
    ['ISO completionTime', { ...valid, completionTime: '2026-06-15T15:00:00Z' }, 'completionTime must be an RFC 1123 date, e.g. Mon, 15 Jun 2026 15:00:00 GMT'],
    ['numeric detailValue', { ...valid, detailValue: 5 }, 'detailValue must be a string'],
  ])('%s', (_n, body, message) => {
    const r = checkActivity(body);
    expect(r.ok ? null : r.message).toBe(message);
  });
});

describe('AAL stand-in', () => {
  it('opens a session: token and RFC 1123 expires in response headers', async () => {
    const r = await session();
    expect(r.status).toBe(200);
    expect(r.token).toMatch(/^[0-9a-f]{48}$/);
    expect(r.expires).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Date.parse(r.expires!)).toBeGreaterThan(Date.now());
  });

  it.each([
    [{ appToken: 'x', mhvCorrelationId: '5001' }, 401, 'x-api-key is missing or not valid'],
    [{ mhvCorrelationId: '5001', 'x-api-key': SANDBOX_AAL_API_KEY }, 400, 'appToken header is required'],
    [{ appToken: 'x', 'x-api-key': SANDBOX_AAL_API_KEY }, 400, 'mhvCorrelationId header is required (numeric MHV user profile id)'],
  ])('session refuses %j', async (headers, status, message) => {
    const res = await fetch(`${s.aalBaseUrl}/usermgmt/auth/session`, { headers });
    expect({ status: res.status, body: await res.json() }).toEqual({ status, body: { message } });
  });

  it('stores a valid activity and lists it for the session user only', async () => {
    const { token } = await session('5001');
    expect(await post(valid, token)).toEqual({ status: 200, body: {} });
    expect(s.aal.activities.at(-1)).toMatchObject({ ...valid, appToken: 'rxbridge-rx' });
    const other = await session('5002');
    const list = async (token: string | null, q = '') =>
      (await (
        await fetch(`${s.aalBaseUrl}/usermgmt/external/activities${q}`, { headers: { Token: token ?? '', 'x-api-key': SANDBOX_AAL_API_KEY } })
      ).json()) as { activities: unknown[] };
    expect((await list(token)).activities).toContainEqual(expect.objectContaining({ userProfileId: '5001', action: 'Email delivered' }));
    expect((await list(other.token)).activities).toEqual([]);
    expect((await list(token, '?fromDate=2026-06-16')).activities).toEqual([]);
    const inspect = (await (await fetch(`${s.aalUrl}/_sandbox/activities`)).json()) as { activities: unknown[] };
    expect(inspect.activities.length).toBe(s.aal.activities.length);
  });

  it('400 names the field; 401 without a valid token; 403 for another user’s profile id', async () => {
    const { token } = await session('5001');
    expect(await post({ ...valid, performerType: undefined }, token)).toEqual({ status: 400, body: { message: 'performerType is required' } });
    expect(await post(valid, 'nope')).toEqual({ status: 401, body: { message: 'Token is missing or expired' } });
    expect(await post(valid, token, 'wrong-key')).toEqual({ status: 401, body: { message: 'x-api-key is missing or not valid' } });
    expect(await post({ ...valid, userProfileId: '5002' }, token)).toEqual({ status: 403, body: { message: 'userProfileId does not match the session' } });
  });

  it('expired sessions are refused (the client must open a new one)', async () => {
    const { token } = await session('5001');
    s.aal.expireSessions();
    expect((await post(valid, token)).status).toBe(401);
  });

  it('fault injection at run time: 500 and 429', async () => {
    const { token } = await session('5001');
    const put = (body: object) =>
      fetch(`${s.aalUrl}/_sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await put({ error500Rate: 1 });
    expect((await post(valid, token)).status).toBe(500);
    await put({ error500Rate: 0, rate429Rate: 1 });
    expect((await post(valid, token)).status).toBe(429);
    await put({ rate429Rate: 0 });
    expect((await post(valid, token)).status).toBe(200);
    expect((await put({ rate429Rate: 7 })).status).toBe(400);
  });
});
