/**
 * Conformance: the official GOV.UK Notify Node client (notifications-node-client), unchanged,
 * works against our VA Notify stand-in: same JWT, paths, bodies and error format. It also records
 * what that client puts on the wire, and which of its options VA Notify's stricter schema refuses
 * (GOV.UK-only fields: email_reply_to_id, one_click_unsubscribe_url, sanitise_content_for).
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { RX_SHIPMENT_TEMPLATE_ID, SANDBOX_API_KEY, SANDBOX_SERVICE_ID, SM_NEW_MESSAGE_TEMPLATE_ID } from '../../shared/local-defaults.js';
import { eventually, useSandboxes } from '../../../test/helpers/sandboxes.js';

type AxiosLike<T = any> = Promise<{ data: T; status: number }>;
const { NotifyClient } = createRequire(import.meta.url)('notifications-node-client') as {
  NotifyClient: new (baseUrl: string, apiKey: string) => {
    sendEmail(templateId: string, emailAddress: string, options?: { personalisation?: Record<string, string>; reference?: string; emailReplyToId?: string; oneClickUnsubscribeURL?: string }): AxiosLike;
    getNotificationById(id: string): AxiosLike;
    getNotifications(templateType?: string, status?: string, reference?: string, olderThanId?: string): AxiosLike;
  };
};

const s = useSandboxes();
const rejection = async (p: Promise<unknown>) => ((await p.then(() => ({}), (e: unknown) => e)) as { response?: { status: number; data: unknown } }).response;

describe('notifications-node-client against the stand-in', () => {
  it('puts only template_id, email_address, personalisation and reference on the wire, with iss/iat JWT', async () => {
    const seen: Array<{ url: string; auth: string; body: any }> = [];
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', auth: String(req.headers.authorization), body: JSON.parse(raw) });
        res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const client = new NotifyClient(`http://127.0.0.1:${(server.address() as { port: number }).port}`, SANDBOX_API_KEY);
      await client.sendEmail(SM_NEW_MESSAGE_TEMPLATE_ID, 'a@example.com', { personalisation: { x: 'y' }, reference: 'r1' });
      await client.sendEmail(SM_NEW_MESSAGE_TEMPLATE_ID, 'a@example.com');
    } finally {
      server.close();
    }
    expect(seen[0]!.url).toBe('/v2/notifications/email');
    expect(seen[0]!.body).toEqual({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'a@example.com', personalisation: { x: 'y' }, reference: 'r1' });
    expect(seen[1]!.body).toEqual({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'a@example.com' });
    const claims = JSON.parse(Buffer.from(seen[0]!.auth.replace('Bearer ', '').split('.')[1]!, 'base64url').toString());
    expect(Object.keys(claims).sort()).toEqual(['iat', 'iss']);
    expect(claims.iss).toBe(SANDBOX_SERVICE_ID);
  });

  it('sends an e-mail, gets it by id and lists it by reference', async () => {
    const client = new NotifyClient(s.notifyUrl, SANDBOX_API_KEY);
    const sent = await client.sendEmail(SM_NEW_MESSAGE_TEMPLATE_ID, 'delivered@simulator.notify', { reference: 'conformance-1' });
    expect(sent.status).toBe(201);
    expect(sent.data).toMatchObject({ reference: 'conformance-1', template: { id: SM_NEW_MESSAGE_TEMPLATE_ID, version: 1 }, content: { subject: 'You have a new secure message' } });
    const got = await eventually(async () => {
      const r = await client.getNotificationById(sent.data.id);
      return r.data.status === 'delivered' ? r.data : undefined;
    });
    expect(got).toMatchObject({ id: sent.data.id, reference: 'conformance-1', type: 'email', email_address: 'delivered@simulator.notify', status: 'delivered' });
    const list = await client.getNotifications('email', undefined, 'conformance-1');
    expect(list.data.notifications.map((n: { id: string }) => n.id)).toEqual([sent.data.id]);
    expect(list.data.links.current).toContain('reference=conformance-1');
  });

  it('surfaces VA Notify’s error bodies through the official client', async () => {
    const client = new NotifyClient(s.notifyUrl, SANDBOX_API_KEY);
    expect(await rejection(client.sendEmail(RX_SHIPMENT_TEMPLATE_ID, 'delivered@simulator.notify', { personalisation: {} }))).toMatchObject({
      status: 400,
      data: { status_code: 400, errors: [{ error: 'BadRequestError', message: 'Missing personalisation: prescription_count, shipped_date, carrier, tracking_number, tracking_link, prescription_list' }] },
    });
    expect(await rejection(client.getNotificationById('4d7a1a55-1111-4222-8333-444444444444'))).toMatchObject({ status: 404, data: { errors: [{ error: 'NoResultFound', message: 'No result found' }] } });
  });

  it.each([
    [{ emailReplyToId: '00000000-0000-4000-8000-000000000001' }, 'email_reply_to_id'],
    [{ oneClickUnsubscribeURL: 'https://example.com/unsubscribe' }, 'one_click_unsubscribe_url'],
  ])('GOV.UK-only option %j is refused as VA Notify refuses it (%s)', async (options, field) => {
    const client = new NotifyClient(s.notifyUrl, SANDBOX_API_KEY);
    expect(await rejection(client.sendEmail(SM_NEW_MESSAGE_TEMPLATE_ID, 'delivered@simulator.notify', options))).toMatchObject({
      status: 400,
      data: { status_code: 400, errors: [{ error: 'ValidationError', message: `Additional properties are not allowed (${field} was unexpected)` }] },
    });
  });
});
