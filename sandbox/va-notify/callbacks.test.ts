/**
 * Delivery-status callbacks (A9) from the stand-in to a real local HTTP receiver: signed
 * notification-level callbacks verified by OUR verifier (and tampering rejected), service-level
 * bearer callbacks, the either/or rule, retry rules, and deliberate duplicates.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCallbackBearer, verifyCallbackSignature } from '../../src/integrations/va-notify/callback-verification.js';
import { eventually, useSandboxes } from '../../test/helpers/sandboxes.js';
import {
  SANDBOX_CALLBACK_TOKEN,
  SANDBOX_KEY_SECRET,
  SANDBOX_TEST_API_KEY,
  SANDBOX_TEST_KEY_SECRET,
  SM_NEW_MESSAGE_TEMPLATE_ID,
} from '../../src/shared/local-defaults.js';
import { VaNotifyClient } from '../../src/integrations/va-notify/client.js';

interface Received {
  path: string;
  raw: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** A receiver that records every POST and answers with `respond(path, attemptNo)` (default 200). */
function useReceiver() {
  const r = { url: '', received: [] as Received[], respond: (_path: string, _n: number): number => 200 };
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const path = req.url ?? '';
        r.received.push({ path, raw, headers: req.headers, body: JSON.parse(raw) });
        const status = r.respond(path, r.received.filter((x) => x.path === path).length);
        res.writeHead(status, { 'content-type': 'application/json' }).end('{"message":"success"}');
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    r.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));
  return r;
}

const rx = useReceiver();
// The receiver's URL is known only after it listens, hence the function form.
const s = useSandboxes(() => ({ serviceCallback: { url: `${rx.url}/service` } }));
const ofId = (id: string, path?: string) => rx.received.filter((x) => x.body.id === id && (path === undefined || x.path === path));

describe('notification-level callbacks (x-enp-signature)', () => {
  it('arrive for sending and delivered, in VA Notify’s key order, signed with the key’s secret', async () => {
    const { id } = await s.notifyClient.sendEmail({
      template_id: SM_NEW_MESSAGE_TEMPLATE_ID,
      email_address: 'delivered@simulator.notify',
      reference: 'cb-1',
      callback_url: `${rx.url}/n`,
    });
    const delivered = await eventually(() => ofId(id).find((x) => x.body.status === 'delivered'));
    expect(
      ofId(id)
        .map((x) => x.body.status)
        .sort(),
    ).toEqual(['delivered', 'sending']);
    expect(ofId(id).every((x) => x.path === '/n')).toBe(true); // either/or: the service webhook is not used
    expect(Object.keys(delivered.body)).toEqual([
      'id',
      'reference',
      'to',
      'status',
      'created_at',
      'completed_at',
      'sent_at',
      'notification_type',
      'status_reason',
      'provider',
      'provider_payload',
    ]);
    expect(delivered.body).toMatchObject({
      id,
      reference: 'cb-1',
      to: 'delivered@simulator.notify',
      notification_type: 'email',
      status_reason: null,
      provider: 'ses',
      provider_payload: null,
    });
    expect(delivered.headers.authorization).toBeUndefined();
    const sig = String(delivered.headers['x-enp-signature']);
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyCallbackSignature(delivered.raw, sig, SANDBOX_KEY_SECRET)).toBe(true);
    expect(verifyCallbackSignature(delivered.raw.replace('"delivered"', '"permanent-failure"'), sig, SANDBOX_KEY_SECRET)).toBe(false);
    expect(verifyCallbackSignature(delivered.raw, sig, 'another-secret')).toBe(false);
    expect(
      verifyCallbackSignature(
        delivered.raw,
        sig.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')),
        SANDBOX_KEY_SECRET,
      ),
    ).toBe(false);
  });

  it('are signed with the secret of the key that created the notification (test key here)', async () => {
    const client = new VaNotifyClient({ baseUrl: s.notifyUrl, apiKey: SANDBOX_TEST_API_KEY });
    const { id } = await client.sendEmail({
      template_id: SM_NEW_MESSAGE_TEMPLATE_ID,
      email_address: 'delivered@simulator.notify',
      callback_url: `${rx.url}/n`,
    });
    const cb = await eventually(() => ofId(id).find((x) => x.body.status === 'delivered'));
    expect(verifyCallbackSignature(cb.raw, String(cb.headers['x-enp-signature']), SANDBOX_TEST_KEY_SECRET)).toBe(true);
    expect(verifyCallbackSignature(cb.raw, String(cb.headers['x-enp-signature']), SANDBOX_KEY_SECRET)).toBe(false);
  });

  it('are retried on 5xx and 429, not on other 4xx', async () => {
    rx.respond = (path, n) => (path === '/retry-500' && n < 3 ? 500 : path === '/retry-429' && n < 2 ? 429 : path === '/no-retry' ? 400 : 200);
    try {
      const send = (p: string) =>
        s.notifyClient.sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'perm-fail@simulator.notify', callback_url: `${rx.url}${p}` });
      const a = await send('/retry-500');
      const b = await send('/retry-429');
      const c = await send('/no-retry');
      await eventually(() => ofId(a.id, '/retry-500').filter((x) => x.body.status === 'permanent-failure').length >= 1 && ofId(a.id, '/retry-500').length >= 4);
      await eventually(() => ofId(b.id, '/retry-429').length >= 3);
      const stored = s.notify.notifications.find((n) => n.id === a.id)!;
      await eventually(() => stored.callbacks.every((cb) => cb.delivered));
      await new Promise((r) => setTimeout(r, 300)); // longer than every retry delay used here
      expect(ofId(c.id, '/no-retry').length).toBe(2); // one attempt each for sending and permanent-failure
      const failed = ofId(a.id).find((x) => x.body.status === 'permanent-failure')!;
      expect(failed.body.status_reason).toBe('Undeliverable - Unable to deliver');
    } finally {
      rx.respond = () => 200;
    }
  });
});

describe('service-level callbacks (bearer token)', () => {
  it('carry the bearer token, only for completed statuses, without provider_payload', async () => {
    const { id } = await s.notifyClient.sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'temp-fail@simulator.notify', reference: 'svc-1' });
    const cb = await eventually(() => ofId(id, '/service')[0]);
    await new Promise((r) => setTimeout(r, 100));
    expect(ofId(id).map((x) => x.body.status)).toEqual(['temporary-failure']); // no 'sending' callback
    expect(Object.keys(cb.body)).toEqual([
      'id',
      'reference',
      'to',
      'status',
      'created_at',
      'completed_at',
      'sent_at',
      'notification_type',
      'status_reason',
      'provider',
    ]);
    expect(cb.headers['x-enp-signature']).toBeUndefined();
    expect(verifyCallbackBearer(String(cb.headers.authorization), SANDBOX_CALLBACK_TOKEN)).toBe(true);
    expect(verifyCallbackBearer(String(cb.headers.authorization), 'some-other-token-value')).toBe(false);
    expect(verifyCallbackBearer(undefined, SANDBOX_CALLBACK_TOKEN)).toBe(false);
    expect(verifyCallbackBearer(`Basic ${SANDBOX_CALLBACK_TOKEN}`, SANDBOX_CALLBACK_TOKEN)).toBe(false);
  });

  it('report a DECLINED preference as permanent-failure', async () => {
    const { id } = await s.notifyClient.sendEmail({
      template_id: '5b7a1c3e-9a52-4c8e-8d1e-2f0a6b3c7d41',
      recipient_identifier: { id_type: 'ICN', id_value: '1098765432V654321' },
      personalisation: { carrier: 'a', tracking_number: 'b', shipped_date: 'c', prescription_count: 'd', prescription_list: 'e', tracking_link: 'f' },
    });
    const cb = await eventually(() => ofId(id, '/service')[0]);
    expect(cb.body).toMatchObject({
      status: 'permanent-failure',
      status_reason: 'Undeliverable - Preferences declined in VA Profile',
      to: null,
      sent_at: null,
      provider: null,
    });
  });

  it('are retried on ≥ 500 but NOT on 429 (any 4xx is final for service callbacks)', async () => {
    let n500 = 0;
    rx.respond = (path) => (path === '/service' ? (n500++ < 2 ? 503 : 200) : 200);
    try {
      const a = await s.notifyClient.sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify' });
      await eventually(() => ofId(a.id, '/service').length === 3);
      rx.respond = (path) => (path === '/service' ? 429 : 200);
      const b = await s.notifyClient.sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify' });
      await eventually(() => ofId(b.id, '/service').length === 1);
      await new Promise((r) => setTimeout(r, 300));
      expect(ofId(b.id, '/service').length).toBe(1);
    } finally {
      rx.respond = () => 200;
    }
  });
});

describe('duplicates and out-of-order (receivers must cope)', () => {
  const dup = useSandboxes(() => ({ duplicateCallbackRate: 1, outOfOrderRate: 1, serviceCallback: null }));
  it('sends every callback twice and lets "sending" arrive after "delivered"', async () => {
    const { id } = await dup.notifyClient.sendEmail({
      template_id: SM_NEW_MESSAGE_TEMPLATE_ID,
      email_address: 'delivered@simulator.notify',
      callback_url: `${rx.url}/dup`,
    });
    await eventually(() => ofId(id, '/dup').length === 4);
    const order = ofId(id, '/dup').map((x) => x.body.status);
    expect(order.filter((x) => x === 'delivered')).toHaveLength(2);
    expect(order.filter((x) => x === 'sending')).toHaveLength(2);
    expect(order.indexOf('delivered')).toBeLessThan(order.indexOf('sending'));
    // Duplicates are byte-identical, so both verify.
    for (const x of ofId(id, '/dup')) expect(verifyCallbackSignature(x.raw, String(x.headers['x-enp-signature']), SANDBOX_KEY_SECRET)).toBe(true);
  });
});

describe('allowHttpCallbacks off: no calls to http service webhooks', () => {
  const strict = useSandboxes(() => ({ allowHttpCallbacks: false, serviceCallback: `${rx.url}/strict` }));
  it('delivers without calling back', async () => {
    const { id } = await strict.notifyClient.sendEmail({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify' });
    await eventually(async () => (await strict.notifyClient.getNotification(id)).status === 'delivered');
    await new Promise((r) => setTimeout(r, 100));
    expect(ofId(id)).toEqual([]);
  });
});
