/**
 * The VA Notify stand-in over real HTTP (A2–A12): auth, schema and template checks, the 201 and
 * GET bodies, list filters and paging, key types, recipient_identifier → VA Profile permissions,
 * research-mode outcomes, limits, fault injection and the stand-in's inspection endpoints.
 * Callbacks are in callbacks.test.ts; the pure rules have their own table tests.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createNotifyJwt, parseApiKey } from '../../src/integrations/va-notify/api-key.js';
import { VaNotifyClient } from '../../src/integrations/va-notify/client.js';
import { NotifyApiError, type EmailRequest } from '../../src/platform/notify-port.js';
import { eventually, useSandboxes } from '../../test/helpers/sandboxes.js';
import {
  RX_SHIPMENT_SMS_TEMPLATE_ID,
  RX_SHIPMENT_TEMPLATE_ID,
  SANDBOX_API_KEY,
  SANDBOX_KEY_SECRET,
  SANDBOX_SERVICE_ID,
  SANDBOX_TEAM_API_KEY,
  SANDBOX_TEST_API_KEY,
  SM_NEW_MESSAGE_TEMPLATE_ID,
} from '../../src/shared/local-defaults.js';

const s = useSandboxes({ rateLimitPerMinute: 5000 });
const ALEX = '1012345678V123456';
const JORDAN = '1098765432V654321';
const CASEY = '1055555555V555555';
const personalisation = {
  carrier: 'UPS',
  tracking_number: '1Z999',
  shipped_date: 'June 14, 2026',
  prescription_count: '1',
  prescription_list: '* Rx ending in 9547: LISINOPRIL',
  tracking_link: 'Track your package with UPS',
};
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const RETRYABLE = 'Retryable - Notification is unable to be processed at this time. Replay the request to VA Notify.';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
function jwt(claims: Record<string, unknown>, secret = SANDBOX_KEY_SECRET): string {
  const h = b64({ typ: 'JWT', alg: 'HS256' });
  const c = b64(claims);
  return `${h}.${c}.${createHmac('sha256', secret).update(`${h}.${c}`).digest('base64url')}`;
}
const bearer = (t: string) => `Bearer ${t}`;
const auth = () => bearer(createNotifyJwt({ serviceId: SANDBOX_SERVICE_ID, secret: SANDBOX_KEY_SECRET }));
const nowS = () => Math.floor(Date.now() / 1000);

async function http(base: string, method: string, path: string, body?: unknown, authorization: string | undefined = auth()) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(authorization ? { authorization } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
const post = (path: string, body: unknown, authorization?: string) => http(s.notifyUrl, 'POST', path, body, authorization);
const get = (path: string) => http(s.notifyUrl, 'GET', path);

const finalOf = (client: VaNotifyClient, id: string) =>
  eventually(async () => {
    const n = await client.getNotification(id);
    return ['delivered', 'permanent-failure', 'temporary-failure'].includes(n.status) ? n : undefined;
  });

describe('authentication over HTTP (A2)', () => {
  const body = { template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify' };
  it.each([
    [() => undefined, 401, 'Unauthorized, authentication token must be provided'],
    [() => 'Token abc', 401, 'Unauthorized, authentication bearer scheme must be used'],
    [() => 'Bearer not-a-jwt', 403, 'Invalid token: signature, api token is not valid'],
    [() => bearer(jwt({ iat: nowS() })), 403, 'Invalid token: iss field not provided'],
    [() => bearer(jwt({ iss: 'not-a-uuid', iat: nowS() })), 403, 'Invalid token: service id is not the right data type'],
    [() => bearer(jwt({ iss: '00000000-0000-4000-8000-000000000000', iat: nowS() })), 403, 'Invalid token: service not found'],
    // 45 s, not 31: under load more than a second can pass between signing and the check, and a token
    // 31 s ahead would then be inside the window (seen at load average 17).
    [() => bearer(jwt({ iss: SANDBOX_SERVICE_ID, iat: nowS() - 45 })), 403, 'Error: Your system clock must be accurate to within 30 seconds'],
    [() => bearer(jwt({ iss: SANDBOX_SERVICE_ID, iat: nowS() + 45 })), 403, 'Error: Your system clock must be accurate to within 30 seconds'],
    [() => bearer(jwt({ iss: SANDBOX_SERVICE_ID, iat: nowS() }, 'wrong-secret')), 403, 'Invalid token: signature, api token not found'],
  ])('case %# → %i %s', async (authorization, status, message) => {
    // Tokens are made when the case runs, so the ±30 s clock cases cannot drift into range.
    const res = await post('/v2/notifications/email', body, authorization() ?? '');
    expect(res).toEqual({ status, body: { status_code: status, errors: [{ error: 'AuthError', message }] } });
  });

  it('GET routes use the same auth', async () => {
    const res = await http(s.notifyUrl, 'GET', '/v2/notifications', undefined, '');
    expect(res.body).toEqual({ status_code: 401, errors: [{ error: 'AuthError', message: 'Unauthorized, authentication token must be provided' }] });
  });
});

describe('request checks after the schema (A3)', () => {
  it.each([
    [{ template_id: '00000000-0000-4000-8000-000000000009', email_address: 'a@example.com' }, 'Template not found'],
    [{ template_id: RX_SHIPMENT_SMS_TEMPLATE_ID, email_address: 'a@example.com', personalisation }, 'sms template is not suitable for email notification'],
    [
      { template_id: RX_SHIPMENT_TEMPLATE_ID, email_address: 'a@example.com', personalisation: { carrier: 'UPS' } },
      'Missing personalisation: prescription_count, shipped_date, tracking_number, tracking_link, prescription_list',
    ],
    [
      { template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'a@example.com', scheduled_for: '2030-01-01T00:00:00Z' },
      'Cannot schedule notifications (this feature is invite-only)',
    ],
  ])('%j → 400 BadRequestError %s', async (body, message) => {
    expect(await post('/v2/notifications/email', body, auth())).toEqual({
      status: 400,
      body: { status_code: 400, errors: [{ error: 'BadRequestError', message }] },
    });
  });

  it('schema errors are ValidationError, all of them in one response', async () => {
    const res = await post('/v2/notifications/email', { email_address: 'nope', email_reply_to_id: 'x' }, auth());
    expect(res).toEqual({
      status: 400,
      body: {
        status_code: 400,
        errors: [
          { error: 'ValidationError', message: 'Additional properties are not allowed (email_reply_to_id was unexpected)' },
          { error: 'ValidationError', message: 'template_id is a required property' },
          { error: 'ValidationError', message: 'email_address Not a valid email address' },
        ],
      },
    });
  });

  it('undecodable JSON and non-object bodies get VA Notify’s messages', async () => {
    const bad = await post('/v2/notifications/email', '{"template_id":', auth());
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(/^Error decoding arguments: /);
    expect((await post('/v2/notifications/email', [1], auth())).body.errors).toEqual([{ error: 'ValidationError', message: 'Payload is not a dictionary.' }]);
  });
});

describe('201 and GET bodies (A4, A5)', () => {
  it('201 has exactly the documented fields, uris built from the request root, personalisation redacted', async () => {
    const res = await post(
      '/v2/notifications/email',
      {
        template_id: RX_SHIPMENT_TEMPLATE_ID,
        recipient_identifier: { id_type: 'ICN', id_value: ALEX },
        personalisation,
        reference: 'ref-201',
        billing_code: 'B1',
      },
      auth(),
    );
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['billing_code', 'callback_url', 'content', 'id', 'reference', 'scheduled_for', 'template', 'uri']);
    expect(res.body).toMatchObject({
      reference: 'ref-201',
      billing_code: 'B1',
      scheduled_for: null,
      callback_url: null,
      uri: `${s.notifyUrl}/v2/notifications/${res.body.id}`,
    });
    expect(res.body.template).toEqual({
      id: RX_SHIPMENT_TEMPLATE_ID,
      version: 1,
      uri: `${s.notifyUrl}/services/${SANDBOX_SERVICE_ID}/templates/${RX_SHIPMENT_TEMPLATE_ID}`,
    });
    expect(res.body.content.subject).toBe('Your VA prescription has shipped');
    expect(res.body.content.body).toContain('Tracking number: <redacted>');
    expect(JSON.stringify(res.body)).not.toMatch(/LISINOPRIL|1Z999/);
  });

  it('GET returns the A5 fields; ICN identifiers redacted; timestamps with microseconds', async () => {
    const { id } = await s.notifyClient.sendEmail({
      template_id: RX_SHIPMENT_TEMPLATE_ID,
      recipient_identifier: { id_type: 'ICN', id_value: ALEX },
      personalisation,
      reference: 'ref-get',
    });
    await finalOf(s.notifyClient, id);
    const { status, body } = await get(`/v2/notifications/${id}`);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(
      [
        'id',
        'reference',
        'provider_reference',
        'email_address',
        'phone_number',
        'line_1',
        'line_2',
        'line_3',
        'line_4',
        'line_5',
        'line_6',
        'postcode',
        'type',
        'status',
        'status_reason',
        'template',
        'body',
        'subject',
        'created_at',
        'created_by_name',
        'sent_at',
        'sent_by',
        'completed_at',
        'scheduled_for',
        'postage',
        'recipient_identifiers',
        'billing_code',
        'sms_sender_id',
        'segments_count',
        'cost_in_millicents',
        'callback_url',
      ].sort(),
    );
    expect(body).toMatchObject({
      id,
      reference: 'ref-get',
      type: 'email',
      status: 'delivered',
      email_address: 'alex.morgan@example.com',
      recipient_identifiers: [{ id_type: 'ICN', id_value: '<redacted>' }],
      sent_by: 'ses',
      postcode: null,
    });
    for (const k of ['created_at', 'sent_at', 'completed_at']) expect(body[k]).toMatch(TIMESTAMP);
    expect(body.body).not.toContain('LISINOPRIL');
  });

  it('unknown id → 404 NoResultFound; non-UUID → 400', async () => {
    expect(await get('/v2/notifications/3f1c2b7a-0000-4000-8000-000000000000')).toEqual({
      status: 404,
      body: { status_code: 404, errors: [{ error: 'NoResultFound', message: 'No result found' }] },
    });
    expect(await get('/v2/notifications/abc')).toEqual({
      status: 400,
      body: { status_code: 400, errors: [{ error: 'ValidationError', message: 'notification_id is not a valid UUID' }] },
    });
  });
});

describe('list (A5): filters, newest first, 250 a page', () => {
  it('filters by reference, status (failed = every failure status) and template_type', async () => {
    const ref = `list-${Date.now()}`;
    const ok = await s.notifyClient.sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify', reference: ref });
    const bounce = await s.notifyClient.sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'perm-fail@simulator.notify', reference: ref });
    const soft = await s.notifyClient.sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'temp-fail@simulator.notify', reference: ref });
    await Promise.all([ok, bounce, soft].map((n) => finalOf(s.notifyClient, n.id)));
    const ids = async (f: Record<string, string>) => (await s.notifyClient.listNotifications({ reference: ref, ...f })).map((n) => n.id);
    expect(await ids({})).toEqual([soft.id, bounce.id, ok.id]);
    expect(await ids({ status: 'delivered' })).toEqual([ok.id]);
    expect(await ids({ status: 'failed' })).toEqual([soft.id, bounce.id]);
    expect(await ids({ template_type: 'sms' })).toEqual([]);
    expect(await ids({ older_than: soft.id })).toEqual([bounce.id, ok.id]);
  });

  it('pages 250 at a time with links.next carrying older_than, until an empty page', async () => {
    const ref = `page-${Date.now()}`;
    const sent: string[] = [];
    for (let i = 0; i < 252; i++)
      sent.push((await s.notifyClient.sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify', reference: ref })).id);
    const first = await get(`/v2/notifications?reference=${ref}`);
    expect(first.body.notifications).toHaveLength(250);
    expect(first.body.notifications[0].id).toBe(sent.at(-1));
    expect(first.body.links.current).toBe(`${s.notifyUrl}/v2/notifications?reference=${ref}`);
    const next = new URL(first.body.links.next);
    expect(next.searchParams.get('older_than')).toBe(first.body.notifications[249].id);
    const second = await get(`${next.pathname}${next.search}`);
    expect(second.body.notifications.map((n: { id: string }) => n.id)).toEqual([sent[1], sent[0]]);
    // VA Notify links a next page whenever a page is not empty: the one after the last is empty and unlinked.
    const after = new URL(second.body.links.next);
    expect(after.searchParams.get('older_than')).toBe(sent[0]);
    const third = await get(`${after.pathname}${after.search}`);
    expect(third.body).toEqual({ notifications: [], links: { current: expect.any(String) } });
  });
});

describe('key types (A2, A3, A8, A12)', () => {
  const team = () => new VaNotifyClient({ baseUrl: s.notifyUrl, apiKey: SANDBOX_TEAM_API_KEY });
  const test = () => new VaNotifyClient({ baseUrl: s.notifyUrl, apiKey: SANDBOX_TEST_API_KEY });

  it('a team key may only send to the team', async () => {
    await expect(team().sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'someone@example.com' })).rejects.toMatchObject({
      status: 400,
      errorName: 'BadRequestError',
      message: 'Can’t send to this recipient using a team-only API key',
      retryable: false,
    });
    const { id } = await team().sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify' });
    expect((await finalOf(team(), id)).status).toBe('delivered');
  });

  it('a test key always ends delivered, even for a hard-bounce address', async () => {
    const { id } = await test().sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'perm-fail@simulator.notify' });
    expect((await finalOf(test(), id)).status).toBe('delivered');
  });

  it('combined key parsing: service id and secret are the last 73 characters', () => {
    expect(parseApiKey(SANDBOX_API_KEY)).toEqual({ serviceId: SANDBOX_SERVICE_ID, secret: SANDBOX_KEY_SECRET });
  });
});

describe('recipient_identifier → MPI → VA Profile → permission check (A10), research mode (A12)', () => {
  const send = (recipient: Partial<EmailRequest>) => s.notifyClient.sendEmail({ template_id: RX_SHIPMENT_TEMPLATE_ID, personalisation, ...recipient });

  it.each<[string, Partial<EmailRequest>, string, string | null, string | null]>([
    [
      'Alex (opted in) by ICN, newest address chosen',
      { recipient_identifier: { id_type: 'ICN', id_value: ALEX } },
      'delivered',
      null,
      'alex.morgan@example.com',
    ],
    ['Alex by VAPROFILEID', { recipient_identifier: { id_type: 'VAPROFILEID', id_value: '1001' } }, 'delivered', null, 'alex.morgan@example.com'],
    [
      'Casey (allowed null → default_send_indicator true)',
      { recipient_identifier: { id_type: 'ICN', id_value: CASEY } },
      'delivered',
      null,
      'casey.nguyen@example.com',
    ],
    [
      'Jordan (opted out of item 4 e-mail)',
      { recipient_identifier: { id_type: 'ICN', id_value: JORDAN } },
      'permanent-failure',
      'Undeliverable - Preferences declined in VA Profile',
      null,
    ],
    ['Jordan by direct address: no preference check', { email_address: 'jordan.rivera@example.com' }, 'delivered', null, 'jordan.rivera@example.com'],
    [
      'unknown ICN',
      { recipient_identifier: { id_type: 'ICN', id_value: '1999999999V999999' } },
      'permanent-failure',
      'Undeliverable - Identifier not found in MPI',
      null,
    ],
    [
      'unknown VA Profile id',
      { recipient_identifier: { id_type: 'VAPROFILEID', id_value: '424242' } },
      'permanent-failure',
      'Undeliverable - No VA Profile found in MPI',
      null,
    ],
    [
      'no e-mail on file',
      { recipient_identifier: { id_type: 'ICN', id_value: '1000000003V000003' } },
      'permanent-failure',
      'Undeliverable - No VA Profile contact information',
      null,
    ],
    [
      'deceased',
      { recipient_identifier: { id_type: 'ICN', id_value: '1000000004V000004' } },
      'permanent-failure',
      'Undeliverable - Individual is deceased',
      null,
    ],
    ['EDIPI', { recipient_identifier: { id_type: 'EDIPI', id_value: '1234567890' } }, 'delivered', null, 'delivered@simulator.notify'],
    [
      'profile address is a hard bounce',
      { recipient_identifier: { id_type: 'ICN', id_value: '1000000001V000001' } },
      'permanent-failure',
      'Undeliverable - Unable to deliver',
      'perm-fail@simulator.notify',
    ],
    ['direct soft bounce', { email_address: 'temp-fail@simulator.notify' }, 'temporary-failure', RETRYABLE, 'temp-fail@simulator.notify'],
  ])('%s → %s', async (_name, recipient, status, reason, to) => {
    const { id } = await send(recipient);
    const n = await finalOf(s.notifyClient, id);
    expect([n.status, n.status_reason]).toEqual([status, reason]);
    const stored = s.notify.notifications.find((x) => x.id === id)!;
    expect(stored.to).toBe(to);
    expect(n.completed_at).toMatch(TIMESTAMP);
  });

  it('sms by identifier uses the newest MOBILE number (research number → delivered)', async () => {
    const res = await post(
      '/v2/notifications/sms',
      { template_id: RX_SHIPMENT_SMS_TEMPLATE_ID, recipient_identifier: { id_type: 'VAPROFILEID', id_value: '9005' }, personalisation },
      auth(),
    );
    expect(res.status).toBe(201);
    expect(res.body.content).toEqual({ body: expect.stringContaining('tracking <redacted>'), from_number: expect.stringMatching(/^\+1\d{10}$/) });
    const n = await finalOf(s.notifyClient, res.body.id);
    expect(n.status).toBe('delivered');
    expect(s.notify.notifications.find((x) => x.id === res.body.id)!.to).toBe('+17700900001');
  });

  it('a VA Profile outage is retried over VA Notify’s horizon: still waiting after many retries, delivered once it ends', async () => {
    s.profile.faults.error500Rate = 1;
    try {
      const before = s.profile.counters.injectedFaults;
      const { id } = await send({ recipient_identifier: { id_type: 'ICN', id_value: ALEX } });
      await eventually(() => s.profile.counters.injectedFaults > before + 10, 10_000, 5);
      expect(s.notify.notifications.find((x) => x.id === id)!.status).toBe('created');
      s.profile.faults.error500Rate = 0;
      expect((await finalOf(s.notifyClient, id)).status).toBe('delivered');
    } finally {
      s.profile.faults.error500Rate = 0;
    }
    // Outage for the first attempt only: retried and delivered.
    const injected = s.profile.counters.injectedFaults;
    s.profile.faults.error500Rate = 1;
    const { id } = await send({ recipient_identifier: { id_type: 'ICN', id_value: ALEX } });
    await eventually(() => s.profile.counters.injectedFaults > injected, 5000, 2);
    s.profile.faults.error500Rate = 0;
    expect((await finalOf(s.notifyClient, id)).status).toBe('delivered');
  });

  it('simulated addresses get a 201 but are neither stored nor sent', async () => {
    const before = s.notify.notifications.length;
    const { id } = await send({ email_address: 'simulate-delivered-2@notifications.va.gov' });
    await expect(s.notifyClient.getNotification(id)).rejects.toMatchObject({ status: 404, errorName: 'NoResultFound', retryable: false });
    expect(s.notify.notifications.length).toBe(before);
  });
});

describe('faults (stand-in) and 429s (A7, A8)', () => {
  const sm = (reference?: string) =>
    s.notifyClient.sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify', ...(reference ? { reference } : {}) });

  it('injected 429: VA Notify’s RateLimitError body; the client marks it retryable', async () => {
    s.notify.faults.rate429Rate = 1;
    try {
      const err = await sm().catch((e) => e);
      expect(err).toBeInstanceOf(NotifyApiError);
      expect(err).toMatchObject({
        status: 429,
        errorName: 'RateLimitError',
        message: 'Exceeded rate limit for key type LIVE of 5000 requests per 60 seconds',
        retryable: true,
      });
    } finally {
      s.notify.faults.rate429Rate = 0;
    }
  });

  it('runtime PUT /_sandbox/faults: 500 body, timeouts before/after acceptance; bad settings rejected', async () => {
    expect((await http(s.notifyUrl, 'PUT', '/_sandbox/faults', { error500Rate: 1 })).status).toBe(200);
    const before = s.notify.notifications.length;
    expect(await post('/v2/notifications/email', { template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify' }, auth())).toEqual({
      status: 500,
      body: { error: 'Exception', message: 'Internal server error' },
    });
    await expect(sm()).rejects.toMatchObject({ status: 500, errorName: 'Exception', retryable: true });

    await http(s.notifyUrl, 'PUT', '/_sandbox/faults', { error500Rate: 0, timeoutBeforeAcceptRate: 1, timeoutMs: 300 });
    await expect(sm('tb')).rejects.toMatchObject({ status: 0, retryable: true });
    expect(s.notify.notifications.length).toBe(before); // nothing accepted

    await http(s.notifyUrl, 'PUT', '/_sandbox/faults', { timeoutBeforeAcceptRate: 0, timeoutRate: 1, timeoutMs: 5000 });
    const client = new VaNotifyClient({ baseUrl: s.notifyUrl, apiKey: SANDBOX_API_KEY, timeoutMs: 300 });
    const ref = `ta-${Date.now()}`;
    await expect(
      client.sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify', reference: ref }),
    ).rejects.toMatchObject({ status: 0, errorName: 'Timeout', retryable: true });
    const faults = await http(s.notifyUrl, 'PUT', '/_sandbox/faults', { timeoutAfterAcceptRate: 0 });
    expect(faults.body).toMatchObject({ error500Rate: 0, timeoutBeforeAcceptRate: 0, timeoutAfterAcceptRate: 0, rate429Rate: 0 });
    // Accepted although the caller never heard: exactly-once callers find it by reference.
    expect(await s.notifyClient.listNotifications({ reference: ref })).toHaveLength(1);

    expect(await http(s.notifyUrl, 'PUT', '/_sandbox/faults', { error500Rate: 3 })).toEqual({
      status: 400,
      body: { result: 'error', message: 'error500Rate must be a number from 0 to 1' },
    });
  });

  it('stats count by reference and status; /_sandbox/notifications shows the rendered message', async () => {
    const ref = `stats-${Date.now()}`;
    const a = await sm(ref);
    await sm(ref);
    await finalOf(s.notifyClient, a.id);
    const stats = (await get('/_sandbox/stats')).body;
    expect(stats.byReference[ref]).toBe(2);
    expect(stats.duplicateReferences).toBeGreaterThanOrEqual(1);
    expect(stats.byStatus.delivered).toBeGreaterThan(0);
    expect(stats.injected500).toBeGreaterThan(0);
    const listed = (await get(`/_sandbox/notifications?reference=${ref}`)).body.notifications;
    expect(listed).toHaveLength(2);
    expect(listed[0].rendered.body).toBe('Your VA health care team sent you a secure message. Sign in to VA.gov to read it.');
  });

  it('the HTML page shows rendered e-mails with HTML escaped', async () => {
    const { id } = await s.notifyClient.sendEmail({
      template_id: RX_SHIPMENT_TEMPLATE_ID,
      email_address: 'delivered@simulator.notify',
      personalisation: { ...personalisation, carrier: '<script>alert(1)</script>' },
    });
    await finalOf(s.notifyClient, id);
    const html = await (await fetch(`${s.notifyUrl}/`)).text();
    expect(html).toContain('Your VA prescription has shipped');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain(id);
  });
});

describe('real limits (A8) on a stand-in with small limits', () => {
  const small = useSandboxes({ rateLimitPerMinute: 3, messageLimitPerDay: 1000 });
  const daily = useSandboxes({ rateLimitPerMinute: 1000, messageLimitPerDay: 2 });
  const body = { template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify' };

  it('the 4th request within 60 s gets 429 RateLimitError', async () => {
    for (let i = 0; i < 3; i++) expect((await http(small.notifyUrl, 'POST', '/v2/notifications/email', body)).status).toBe(201);
    expect(await http(small.notifyUrl, 'POST', '/v2/notifications/email', body)).toEqual({
      status: 429,
      body: { status_code: 429, errors: [{ error: 'RateLimitError', message: 'Exceeded rate limit for key type LIVE of 3 requests per 60 seconds' }] },
    });
  });

  it('the daily cap answers 429 TooManyRequestsError; test keys still send', async () => {
    for (let i = 0; i < 2; i++) expect((await http(daily.notifyUrl, 'POST', '/v2/notifications/email', body)).status).toBe(201);
    expect(await http(daily.notifyUrl, 'POST', '/v2/notifications/email', body)).toEqual({
      status: 429,
      body: { status_code: 429, errors: [{ error: 'TooManyRequestsError', message: 'Exceeded send limits (2) for today' }] },
    });
    const testKey = new VaNotifyClient({ baseUrl: daily.notifyUrl, apiKey: SANDBOX_TEST_API_KEY });
    await expect(testKey.sendEmail(body)).resolves.toMatchObject({ id: expect.any(String) });
  });
});

describe('callback_url must be https by default (allowHttpCallbacks off)', () => {
  const strict = useSandboxes({ allowHttpCallbacks: false });
  it('rejects http and accepts https', async () => {
    const base = { template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify' };
    expect((await http(strict.notifyUrl, 'POST', '/v2/notifications/email', { ...base, callback_url: 'http://127.0.0.1:9/cb' })).body).toEqual({
      status_code: 400,
      errors: [{ error: 'ValidationError', message: 'callback_url http://127.0.0.1:9/cb does not match ^https' }],
    });
    expect((await http(strict.notifyUrl, 'POST', '/v2/notifications/email', { ...base, callback_url: 'https://example.com/cb' })).status).toBe(201);
  });
});

describe('status progression (A6) seen step by step', () => {
  const slow = useSandboxes({ progressionDelayMs: 250 });
  it('created → sending → delivered, with sent_at and completed_at set at the right steps', async () => {
    const { id } = await slow.notifyClient.sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify' });
    const seen: Array<{ status: string; sent_at: string | null; completed_at: string | null }> = [];
    await eventually(
      async () => {
        const n = await slow.notifyClient.getNotification(id);
        if (seen.at(-1)?.status !== n.status) seen.push({ status: n.status, sent_at: n.sent_at, completed_at: n.completed_at });
        return n.status === 'delivered';
      },
      5000,
      20,
    );
    expect(seen.map((x) => x.status)).toEqual(['created', 'sending', 'delivered']);
    expect(seen[0]).toMatchObject({ sent_at: null, completed_at: null });
    expect(seen[1]!.sent_at).toMatch(TIMESTAMP);
    expect(seen[1]!.completed_at).toBeNull();
    expect(seen[2]!.completed_at! > seen[2]!.sent_at!).toBe(true);
  });
});
