/**
 * The VA Notify stand-in honours the reference contract (A2–A12), exercised over real HTTP with our
 * client and raw requests.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createNotifyJwt } from '../../src/integrations/va-notify/api-key.js';
import { verifyCallbackSignature } from '../../src/integrations/va-notify/callback-verification.js';
import { NotifyApiError } from '../../src/platform/notify-port.js';
import { eventually, useSandboxes } from '../../test/helpers/sandboxes.js';
import { RX_SHIPMENT_TEMPLATE_ID, SANDBOX_KEY_SECRET, SANDBOX_SERVICE_ID, SM_NEW_MESSAGE_TEMPLATE_ID } from '../defaults.js';

const s = useSandboxes({ rateLimitPerMinute: 1000 });
const ALEX = '1012345678V123456';
const personalisation = { carrier: 'UPS', tracking_number: '1Z1', shipped_date: 'June 14, 2026', prescription_count: '1', prescription_list: '* Rx ending in 9547: LISINOPRIL' };

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
function jwt(claims: Record<string, unknown>, secret = SANDBOX_KEY_SECRET, alg = 'HS256'): string {
  const h = b64({ typ: 'JWT', alg });
  const c = b64(claims);
  return `${h}.${c}.${createHmac('sha256', secret).update(`${h}.${c}`).digest('base64url')}`;
}
async function post(path: string, body: unknown, authorization?: string) {
  const res = await fetch(`${s.notifyUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}
const now = () => Math.floor(Date.now() / 1000);
const bearer = (t: string) => `Bearer ${t}`;

describe('authentication (A2: messages in the server’s order)', () => {
  const body = { template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'a@example.com' };
  it.each([
    [() => undefined, 401, 'Unauthorized, authentication token must be provided'],
    [() => 'Basic abc', 401, 'Unauthorized, authentication bearer scheme must be used'],
    [() => 'Bearer not-a-jwt', 403, 'Invalid token: signature, api token is not valid'],
    [() => bearer(jwt({ iat: now() })), 403, 'Invalid token: iss field not provided'],
    [() => bearer(jwt({ iss: 'not-a-uuid', iat: now() })), 403, 'Invalid token: service id is not the right data type'],
    [() => bearer(jwt({ iss: '00000000-0000-4000-8000-000000000000', iat: now() })), 403, 'Invalid token: service not found'],
    [() => bearer(jwt({ iss: SANDBOX_SERVICE_ID, iat: now() - 31 })), 403, 'Error: Your system clock must be accurate to within 30 seconds'],
    [() => bearer(jwt({ iss: SANDBOX_SERVICE_ID, iat: now() + 31 })), 403, 'Error: Your system clock must be accurate to within 30 seconds'],
    [() => bearer(jwt({ iss: SANDBOX_SERVICE_ID, iat: now() }, 'wrong-secret')), 403, 'Invalid token: signature, api token not found'],
  ])('case %# → %i %s', async (authorization, status, message) => {
    // Tokens are made when the case runs, so the ±30 s clock cases cannot drift into range.
    const res = await post('/v2/notifications/email', body, authorization());
    expect(res).toEqual({ status, body: { status_code: status, errors: [{ error: 'AuthError', message }] } });
  });

  it('accepts our client’s token (iss = service id, iat = now)', async () => {
    const res = await post('/v2/notifications/email', body, bearer(createNotifyJwt({ serviceId: SANDBOX_SERVICE_ID, secret: SANDBOX_KEY_SECRET })));
    expect(res.status).toBe(201);
  });
});

describe('request schema and template checks (A3)', () => {
  const auth = () => bearer(createNotifyJwt({ serviceId: SANDBOX_SERVICE_ID, secret: SANDBOX_KEY_SECRET }));
  it.each([
    [{ email_address: 'a@example.com' }, 'ValidationError', ['template_id is a required property']],
    [{ template_id: 'x', email_address: 'a@example.com' }, 'ValidationError', ['template_id is not a valid UUID']],
    [{ template_id: SM_NEW_MESSAGE_TEMPLATE_ID }, 'ValidationError', ['Please provide either an email address or a recipient identifier']],
    [{ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'nope' }, 'ValidationError', ['email_address Not a valid email address']],
    [{ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'a@example.com', email_reply_to_id: 'x' }, 'ValidationError', ['Additional properties are not allowed (email_reply_to_id was unexpected)']],
    [{ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, recipient_identifier: { id_type: 'ICN' } }, 'ValidationError', ['recipient_identifier id_value is a required property']],
    [{ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'a@example.com', personalisation: 'not_a_dict' }, 'ValidationError', ['personalisation not_a_dict is not of type object']],
    [{ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'a@example.com', callback_url: 'http://x.example/cb' }, 'ValidationError', ['callback_url http://x.example/cb does not match ^https']],
    [{ template_id: '00000000-0000-4000-8000-000000000009', email_address: 'a@example.com' }, 'BadRequestError', ['Template not found']],
    [{ template_id: RX_SHIPMENT_TEMPLATE_ID, email_address: 'a@example.com', personalisation: { carrier: 'UPS' } }, 'BadRequestError', ['Missing personalisation: prescription_count, shipped_date, tracking_number, prescription_list']],
  ])('%j → %s', async (body, error, messages) => {
    const res = await post('/v2/notifications/email', body, auth());
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ status_code: 400, errors: messages.map((message) => ({ error, message })) });
  });

  it('answers 201 with the documented body, personalisation redacted', async () => {
    const res = await post('/v2/notifications/email', { template_id: RX_SHIPMENT_TEMPLATE_ID, recipient_identifier: { id_type: 'ICN', id_value: ALEX }, personalisation, reference: 'ref-201' }, auth());
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['billing_code', 'callback_url', 'content', 'id', 'reference', 'scheduled_for', 'template', 'uri'].sort());
    expect(res.body.uri).toBe(`${s.notifyUrl}/v2/notifications/${res.body.id}`);
    expect(res.body.template).toEqual({ id: RX_SHIPMENT_TEMPLATE_ID, version: 1, uri: `${s.notifyUrl}/services/${SANDBOX_SERVICE_ID}/templates/${RX_SHIPMENT_TEMPLATE_ID}` });
    expect(res.body.content.body).toContain('<redacted>');
    expect(res.body.content.body).not.toContain('LISINOPRIL');
  });
});

describe('delivery, VA Profile permissions and status (A5, A6, A10, A12)', () => {
  const send = (recipient: object, reference: string) => s.notifyClient.sendEmail({ template_id: RX_SHIPMENT_TEMPLATE_ID, ...recipient, personalisation, reference });
  const final = (id: string) => eventually(async () => {
    const n = await s.notifyClient.getNotification(id);
    return ['delivered', 'permanent-failure', 'temporary-failure'].includes(n.status) ? n : undefined;
  });

  it.each([
    ['Alex (opted in) by ICN', { recipient_identifier: { id_type: 'ICN', id_value: ALEX } }, 'delivered', null],
    ['Jordan (opted out of item 4) by ICN', { recipient_identifier: { id_type: 'ICN', id_value: '1098765432V654321' } }, 'permanent-failure', 'Undeliverable - Preferences declined in VA Profile'],
    ['unknown ICN', { recipient_identifier: { id_type: 'ICN', id_value: '1999999999V999999' } }, 'permanent-failure', 'Undeliverable - Identifier not found in MPI'],
    ['no e-mail on file', { recipient_identifier: { id_type: 'ICN', id_value: '1000000003V000003' } }, 'permanent-failure', 'Undeliverable - No VA Profile contact information'],
    ['deceased', { recipient_identifier: { id_type: 'ICN', id_value: '1000000004V000004' } }, 'permanent-failure', 'Undeliverable - Individual is deceased'],
    ['hard bounce', { email_address: 'perm-fail@simulator.notify' }, 'permanent-failure', 'Undeliverable - Unable to deliver'],
    ['soft bounce', { email_address: 'temp-fail@simulator.notify' }, 'temporary-failure', 'Retryable - Notification is unable to be processed at this time. Replay the request to VA Notify.'],
  ])('%s → %s', async (_name, recipient, status, reason) => {
    const { id } = await send(recipient, `ref-${Math.random()}`);
    const n = await final(id);
    expect(n.status).toBe(status);
    expect(n.status_reason).toBe(reason);
    if (status === 'delivered') expect(n.completed_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  });

  it('simulated addresses are accepted but not persisted; unknown ids are NoResultFound', async () => {
    const { id } = await send({ email_address: 'simulate-delivered@notifications.va.gov' }, 'sim');
    await expect(s.notifyClient.getNotification(id)).rejects.toMatchObject({ status: 404, errorName: 'NoResultFound', retryable: false });
  });

  it('lists by reference (the exactly-once lookup)', async () => {
    const a = await send({ email_address: 'delivered@simulator.notify' }, 'batch-ref');
    const b = await send({ email_address: 'delivered@simulator.notify' }, 'batch-ref');
    const list = await s.notifyClient.listNotifications({ reference: 'batch-ref' });
    expect(list.map((n) => n.id)).toEqual([b.id, a.id]);
  });
});

describe('limits and faults (A8)', () => {
  it('rate-limits per service and key type with VA Notify’s 429 body; the client marks it retryable', async () => {
    s.notify.faults.rate429Rate = 1;
    try {
      const err = await s.notifyClient.sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify' }).catch((e) => e);
      expect(err).toBeInstanceOf(NotifyApiError);
      expect(err).toMatchObject({ status: 429, errorName: 'RateLimitError', message: 'Exceeded rate limit for key type LIVE of 1000 requests per 60 seconds', retryable: true });
    } finally {
      s.notify.faults.rate429Rate = 0;
    }
  });

  it('injected 500s are retryable; a timeout after acceptance leaves an accepted notification the client never heard about', async () => {
    Object.assign(s.notify.faults, { error500Rate: 1 });
    const e500 = await s.notifyClient.sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify' }).catch((e) => e);
    expect(e500).toMatchObject({ status: 500, errorName: 'Exception', retryable: true });
    Object.assign(s.notify.faults, { error500Rate: 0, timeoutAfterAcceptRate: 1, timeoutMs: 5000 });
    try {
      const t = await s.notifyClient.sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify', reference: 'timed-out' }).catch((e) => e);
      expect(t).toMatchObject({ status: 0, errorName: 'Timeout', retryable: true });
    } finally {
      s.notify.faults.timeoutAfterAcceptRate = 0;
    }
    expect(await s.notifyClient.listNotifications({ reference: 'timed-out' })).toHaveLength(1);
  });
});

describe('callbacks (A9)', () => {
  it('signs notification-level callbacks so our verifier accepts them and rejects tampering', async () => {
    const received: Array<{ raw: string; signature: string }> = [];
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        received.push({ raw, signature: String(req.headers['x-enp-signature']) });
        res.writeHead(200).end('{"message":"success"}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      // callback_url must be https (A3); point the stored notification at this local http receiver instead.
      const n = s.notify.notifications;
      const { id } = await s.notifyClient.sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify', reference: 'cb-1' });
      n.find((x) => x.id === id)!.callbackUrl = `http://127.0.0.1:${port}/cb`;
      const cb = await eventually(() => received.find((r) => JSON.parse(r.raw).status === 'delivered'));
      expect(Object.keys(JSON.parse(cb.raw))).toEqual(['id', 'reference', 'to', 'status', 'created_at', 'completed_at', 'sent_at', 'notification_type', 'status_reason', 'provider', 'provider_payload']);
      expect(verifyCallbackSignature(cb.raw, cb.signature, SANDBOX_KEY_SECRET)).toBe(true);
      expect(verifyCallbackSignature(cb.raw.replace('delivered', 'sending'), cb.signature, SANDBOX_KEY_SECRET)).toBe(false);
      expect(verifyCallbackSignature(cb.raw, cb.signature, 'other-secret')).toBe(false);
    } finally {
      server.close();
    }
  });
});
