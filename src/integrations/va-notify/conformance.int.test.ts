/**
 * Conformance: the official GOV.UK Notify Node client (`notifications-node-client`), unchanged,
 * against our VA Notify stand-in. EVERY public method of the client is driven here, each with a
 * success case and a failure case, and the answers are VA Notify's own (reference A and
 * notification-api's source): same JWT, paths, bodies, error shapes and query rules.
 *
 * Where VA Notify itself has no success (letters are not supported: 501; it serves no letter
 * PDFs: 404), the "success" is that the client receives exactly VA Notify's answer, parsed.
 * The last test fails if the client gains a public method this file does not drive.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import notifyClientPackage from 'notifications-node-client';
import {
  RX_SHIPMENT_SMS_TEMPLATE_ID,
  RX_SHIPMENT_TEMPLATE_ID,
  SANDBOX_API_KEY,
  SANDBOX_KEY_SECRET,
  SANDBOX_SERVICE_ID,
  SM_NEW_MESSAGE_TEMPLATE_ID,
} from '../../shared/local-defaults.js';
import { DEFAULT_SMS_SENDER, type SandboxService } from '../../../sandbox/va-notify/model.js';
import { NOT_FOUND_MESSAGE } from '../../../sandbox/va-notify/routing.js';
import { buildNotifySandbox, type NotifySandbox } from '../../../sandbox/va-notify/server.js';
import { seedCommunicationItems, seedTemplates } from '../../../sandbox/va-notify/templates.js';
import { eventually, useSandboxes } from '../../../test/helpers/sandboxes.js';

const { NotifyClient } = notifyClientPackage;
type Client = InstanceType<typeof NotifyClient>;
/** The client's own axios (what `setClient` expects an instance of). */
const axios = createRequire(createRequire(import.meta.url).resolve('notifications-node-client'))('axios') as {
  create(config?: object): Parameters<Client['setClient']>[0];
};

const s = useSandboxes();
const client = (): Client => new NotifyClient(s.notifyUrl, SANDBOX_API_KEY);
/** The axios error's response (status + parsed body) of a rejected call; fails the test if it resolved. */
async function rejection(p: Promise<unknown>): Promise<{ status: number; data: any }> {
  const outcome = await p.then(
    (v) => ({ resolved: v }),
    (e: unknown) => ({ error: e }),
  );
  if (!('error' in outcome))
    throw new Error(`expected a rejection, got ${JSON.stringify((outcome.resolved as { status?: number })?.status ?? outcome.resolved)}`);
  const response = (outcome.error as { response?: { status: number; data: unknown } }).response;
  if (!response) throw outcome.error;
  return response;
}
const v2 = (status: number, error: string, message: string) => ({ status, data: { status_code: status, errors: [{ error, message }] } });
const rx = {
  carrier: 'UPS',
  tracking_number: '1Z999',
  tracking_link: 'Track your package with UPS: https://www.ups.com/track?tracknum=1Z999',
  shipped_date: 'June 14, 2026',
  prescription_count: '1',
  prescription_list: '* Rx ending in 9547: LISINOPRIL',
};
const UNKNOWN = '4d7a1a55-1111-4222-8333-444444444444';
const badKeyClient = (): Client => new NotifyClient(s.notifyUrl, `rxbridge-local-${SANDBOX_SERVICE_ID}-00000000-0000-4000-8000-000000000000`);
const badKey = v2(403, 'AuthError', 'Invalid token: signature, api token not found');

/** A second stand-in whose service may send documents (upload_document), for prepareUpload's success case. */
const DOCS_SECRET = '5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716';
let docs: NotifySandbox;
let docsUrl: string;
beforeAll(async () => {
  const service: SandboxService = {
    id: SANDBOX_SERVICE_ID,
    name: 'documents',
    active: true,
    rateLimit: 3000,
    messageLimit: 1000,
    permissions: ['email', 'upload_document'],
    apiKeys: [{ name: 'docs', secret: DOCS_SECRET, keyType: 'normal' }],
  };
  docs = buildNotifySandbox({
    services: [service],
    templates: seedTemplates(),
    communicationItems: seedCommunicationItems(),
    vaProfileUrl: null,
    stepDelayMs: 5,
  });
  docsUrl = (await docs.app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
});
afterAll(() => docs?.app.close());

/** The client's public methods (`apiClient` is its internal state, not API). */
type Method = Exclude<keyof Client, 'apiClient'>;
type Case = { success: () => Promise<void>; failure: () => Promise<void> };

const cases = {
  sendEmail: {
    async success() {
      const sent = await client().sendEmail(RX_SHIPMENT_TEMPLATE_ID, 'delivered@simulator.notify', { personalisation: rx, reference: 'conformance-email' });
      expect(sent.status).toBe(201);
      expect(sent.data).toMatchObject({
        reference: 'conformance-email',
        uri: `${s.notifyUrl}/v2/notifications/${sent.data.id}`,
        template: { id: RX_SHIPMENT_TEMPLATE_ID, version: 1 },
        content: { subject: 'Your VA prescription has shipped', body: expect.stringContaining('Tracking number: <redacted>') },
      });
      const got = await eventually(async () => ((await client().getNotificationById(sent.data.id)).data.status === 'delivered' ? true : undefined));
      expect(got).toBe(true);
    },
    async failure() {
      expect(await rejection(client().sendEmail(RX_SHIPMENT_TEMPLATE_ID, 'delivered@simulator.notify', { personalisation: { carrier: 'UPS' } }))).toMatchObject(
        v2(400, 'BadRequestError', 'Missing personalisation: prescription_count, shipped_date, tracking_number, tracking_link, prescription_list'),
      );
      expect(await rejection(client().sendEmail(SM_NEW_MESSAGE_TEMPLATE_ID, 'not-an-address'))).toMatchObject(
        v2(400, 'ValidationError', 'email_address Not a valid email address'),
      );
      expect(await rejection(client().sendEmail(UNKNOWN, 'delivered@simulator.notify'))).toMatchObject(v2(400, 'BadRequestError', 'Template not found'));
      // GOV.UK-only options: VA Notify's schema refuses them (additionalProperties false).
      for (const [options, field] of [
        [{ emailReplyToId: '00000000-0000-4000-8000-000000000001' }, 'email_reply_to_id'],
        [{ oneClickUnsubscribeURL: 'https://example.com/unsubscribe' }, 'one_click_unsubscribe_url'],
        [{ sanitiseContentFor: ['name'] }, 'sanitise_content_for'],
      ] satisfies Array<[Parameters<Client['sendEmail']>[2], string]>) {
        expect(await rejection(client().sendEmail(SM_NEW_MESSAGE_TEMPLATE_ID, 'delivered@simulator.notify', options))).toMatchObject(
          v2(400, 'ValidationError', `Additional properties are not allowed (${field} was unexpected)`),
        );
      }
      expect(await rejection(badKeyClient().sendEmail(SM_NEW_MESSAGE_TEMPLATE_ID, 'delivered@simulator.notify'))).toMatchObject(badKey);
    },
  },
  sendSms: {
    async success() {
      const personalisation = { prescription_count: '2', shipped_date: 'June 14', carrier: 'USPS', tracking_number: '9400' };
      const sent = await client().sendSms(RX_SHIPMENT_SMS_TEMPLATE_ID, '7700900001', {
        personalisation,
        reference: 'conformance-sms',
        smsSenderId: DEFAULT_SMS_SENDER.id,
      });
      expect(sent.status).toBe(201);
      expect(sent.data).toMatchObject({
        reference: 'conformance-sms',
        content: { from_number: DEFAULT_SMS_SENDER.number, body: expect.stringContaining('tracking <redacted>') },
      });
      const plain = await client().sendSms(RX_SHIPMENT_SMS_TEMPLATE_ID, '7700900001', { personalisation });
      expect(plain.status).toBe(201);
      await eventually(async () => ((await client().getNotificationById(sent.data.id)).data.status === 'delivered' ? true : undefined));
    },
    async failure() {
      expect(await rejection(client().sendSms(RX_SHIPMENT_SMS_TEMPLATE_ID, '12', { personalisation: {} }))).toMatchObject(
        v2(400, 'ValidationError', 'phone_number Not a valid number'),
      );
      expect(await rejection(client().sendSms(RX_SHIPMENT_SMS_TEMPLATE_ID, '7700900001', { personalisation: rx, smsSenderId: UNKNOWN }))).toMatchObject(
        v2(400, 'BadRequestError', `sms_sender_id ${UNKNOWN} does not exist in database for service id ${SANDBOX_SERVICE_ID}`),
      );
      expect(await rejection(client().sendSms(SM_NEW_MESSAGE_TEMPLATE_ID, '7700900001'))).toMatchObject(
        v2(400, 'BadRequestError', 'email template is not suitable for sms notification'),
      );
    },
  },
  sendLetter: {
    // VA Notify sends no letters: 501 in its app-level shape (reference A1).
    async success() {
      const r = await rejection(
        client().sendLetter(SM_NEW_MESSAGE_TEMPLATE_ID, { personalisation: { address_line_1: 'A', address_line_2: 'B', postcode: 'C' } }),
      );
      expect({ status: r.status, data: r.data }).toEqual({ status: 501, data: { result: 'error', message: 'Not Implemented' } });
    },
    async failure() {
      expect(await rejection(badKeyClient().sendLetter(SM_NEW_MESSAGE_TEMPLATE_ID))).toMatchObject(badKey);
    },
  },
  sendPrecompiledLetter: {
    async success() {
      expect(await rejection(client().sendPrecompiledLetter('conformance-pdf', Buffer.from('%PDF-1.4 test'), 'first'))).toMatchObject({
        status: 501,
        data: { result: 'error', message: 'Not Implemented' },
      });
    },
    async failure() {
      expect(await rejection(badKeyClient().sendPrecompiledLetter('conformance-pdf', '%PDF-1.4'))).toMatchObject(badKey);
      // The client's own 5 MB check throws before any request.
      expect(() => client().sendPrecompiledLetter('big', Buffer.alloc(5 * 1024 * 1024 + 1))).toThrow('File is larger than 5MB.');
    },
  },
  getNotificationById: {
    async success() {
      const sent = await client().sendEmail(SM_NEW_MESSAGE_TEMPLATE_ID, 'delivered@simulator.notify', { reference: 'conformance-get' });
      const got = await client().getNotificationById(sent.data.id);
      expect(got.status).toBe(200);
      expect(got.data).toMatchObject({
        id: sent.data.id,
        reference: 'conformance-get',
        type: 'email',
        email_address: 'delivered@simulator.notify',
        template: { id: SM_NEW_MESSAGE_TEMPLATE_ID, version: 1 },
      });
    },
    async failure() {
      expect(await rejection(client().getNotificationById(UNKNOWN))).toMatchObject(v2(404, 'NoResultFound', 'No result found'));
      expect(await rejection(client().getNotificationById('not-a-uuid'))).toMatchObject(v2(400, 'ValidationError', 'notification_id is not a valid UUID'));
    },
  },
  getNotifications: {
    async success() {
      const ref = `conformance-list-${Date.now()}`;
      const older = await client().sendEmail(SM_NEW_MESSAGE_TEMPLATE_ID, 'delivered@simulator.notify', { reference: ref });
      const newer = await client().sendEmail(SM_NEW_MESSAGE_TEMPLATE_ID, 'delivered@simulator.notify', { reference: ref });
      await eventually(async () => ((await client().getNotifications('email', 'delivered', ref)).data.notifications.length === 2 ? true : undefined));
      const list = await client().getNotifications('email', 'delivered', ref);
      expect(list.data.notifications.map((n: { id: string }) => n.id)).toEqual([newer.data.id, older.data.id]);
      expect(list.data.links.current).toContain(`reference=${ref}`);
      const page = await client().getNotifications('email', 'delivered', ref, newer.data.id);
      expect(page.data.notifications.map((n: { id: string }) => n.id)).toEqual([older.data.id]);
      expect((await client().getNotifications('sms', undefined, ref)).data.notifications).toEqual([]);
      expect((await client().getNotifications()).status).toBe(200);
    },
    async failure() {
      // A typo in a filter is a 400 at VA Notify, so it is one here.
      expect((await rejection(client().getNotifications('email', 'deliverd'))).data.errors).toEqual([
        { error: 'ValidationError', message: expect.stringMatching(/^status deliverd is not one of \[cancelled, /) },
      ]);
      expect(await rejection(client().getNotifications('mail'))).toMatchObject(
        v2(400, 'ValidationError', 'template_type mail is not one of [sms, email, letter]'),
      );
      expect(await rejection(client().getNotifications(undefined, undefined, undefined, 'xyz'))).toMatchObject(
        v2(400, 'ValidationError', 'older_than is not a valid UUID'),
      );
    },
  },
  getPdfForLetterNotification: {
    // VA Notify has no letter PDFs (the route is commented out): Flask's 404, which the client parses from its arraybuffer.
    async success() {
      const sent = await client().sendEmail(SM_NEW_MESSAGE_TEMPLATE_ID, 'delivered@simulator.notify');
      expect(await rejection(client().getPdfForLetterNotification(sent.data.id))).toMatchObject({
        status: 404,
        data: { result: 'error', message: NOT_FOUND_MESSAGE },
      });
    },
    async failure() {
      expect(await rejection(badKeyClient().getPdfForLetterNotification(UNKNOWN))).toMatchObject({
        status: 404,
        data: { result: 'error', message: NOT_FOUND_MESSAGE },
      });
    },
  },
  getTemplateById: {
    async success() {
      const t = await client().getTemplateById(RX_SHIPMENT_TEMPLATE_ID);
      expect(t.status).toBe(200);
      expect(t.data).toMatchObject({
        id: RX_SHIPMENT_TEMPLATE_ID,
        type: 'email',
        version: 1,
        name: 'Rx shipment tracking',
        subject: 'Your VA prescription has shipped',
        personalisation: { carrier: { required: true } },
      });
    },
    async failure() {
      expect(await rejection(client().getTemplateById(UNKNOWN))).toMatchObject(v2(404, 'NoResultFound', 'No result found'));
      expect(await rejection(client().getTemplateById('nope'))).toMatchObject(v2(400, 'ValidationError', 'id is not a valid UUID'));
      expect(await rejection(badKeyClient().getTemplateById(RX_SHIPMENT_TEMPLATE_ID))).toMatchObject(badKey);
    },
  },
  getTemplateByIdAndVersion: {
    async success() {
      const t = await client().getTemplateByIdAndVersion(SM_NEW_MESSAGE_TEMPLATE_ID, 1);
      expect(t.data).toMatchObject({ id: SM_NEW_MESSAGE_TEMPLATE_ID, version: 1, subject: 'You have a new secure message', personalisation: {} });
    },
    async failure() {
      expect(await rejection(client().getTemplateByIdAndVersion(SM_NEW_MESSAGE_TEMPLATE_ID, 99))).toMatchObject(v2(404, 'NoResultFound', 'No result found'));
    },
  },
  getAllTemplates: {
    async success() {
      const all = await client().getAllTemplates();
      expect(all.data.templates.map((t: { id: string }) => t.id).sort()).toEqual(
        [RX_SHIPMENT_SMS_TEMPLATE_ID, RX_SHIPMENT_TEMPLATE_ID, SM_NEW_MESSAGE_TEMPLATE_ID].sort(),
      );
      expect((await client().getAllTemplates('sms')).data.templates.map((t: { id: string }) => t.id)).toEqual([RX_SHIPMENT_SMS_TEMPLATE_ID]);
      expect((await client().getAllTemplates('email')).data.templates).toHaveLength(2);
      expect((await client().getAllTemplates('letter')).data.templates).toEqual([]);
    },
    async failure() {
      expect(await rejection(client().getAllTemplates('push' as 'sms'))).toMatchObject(
        v2(400, 'ValidationError', 'type push is not one of [sms, email, letter]'),
      );
    },
  },
  previewTemplateById: {
    async success() {
      const p = await client().previewTemplateById(RX_SHIPMENT_TEMPLATE_ID, rx);
      expect(p.data).toMatchObject({
        id: RX_SHIPMENT_TEMPLATE_ID,
        type: 'email',
        version: 1,
        subject: 'Your VA prescription has shipped',
        body: expect.stringContaining('Tracking number: 1Z999'),
      });
      expect((await client().previewTemplateById(SM_NEW_MESSAGE_TEMPLATE_ID)).status).toBe(200);
    },
    async failure() {
      expect(await rejection(client().previewTemplateById(RX_SHIPMENT_TEMPLATE_ID, { carrier: 'UPS' }))).toMatchObject(
        v2(400, 'BadRequestError', 'Missing personalisation: prescription_count, shipped_date, tracking_number, tracking_link, prescription_list'),
      );
      expect(await rejection(client().previewTemplateById(UNKNOWN))).toMatchObject(v2(404, 'NoResultFound', 'No result found'));
    },
  },
  getReceivedTexts: {
    async success() {
      const r = await client().getReceivedTexts();
      expect(r.data).toEqual({ received_text_messages: [], links: { current: `${s.notifyUrl}/v2/received-text-messages` } });
      expect((await client().getReceivedTexts(UNKNOWN)).status).toBe(200);
    },
    async failure() {
      expect(await rejection(client().getReceivedTexts('yesterday'))).toMatchObject(v2(400, 'ValidationError', 'older_than is not a valid UUID'));
    },
  },
  setProxy: {
    async success() {
      const seen: string[] = [];
      // A minimal forward proxy: axios sends absolute-form request targets to it.
      const proxy = createServer((req, res) => {
        seen.push(`${req.method} ${req.url}`);
        const target = new URL(req.url!);
        const up = httpRequest(
          { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers: req.headers },
          (r) => {
            res.writeHead(r.statusCode!, r.headers);
            r.pipe(res);
          },
        );
        req.pipe(up);
      });
      const port = await listen(proxy);
      try {
        const c = client();
        c.setProxy({ protocol: 'http', host: '127.0.0.1', port });
        expect((await c.getTemplateById(SM_NEW_MESSAGE_TEMPLATE_ID)).status).toBe(200);
        expect(seen).toEqual([`GET ${s.notifyUrl}/v2/template/${SM_NEW_MESSAGE_TEMPLATE_ID}`]);
      } finally {
        proxy.close();
      }
    },
    async failure() {
      const closed = createServer();
      const port = await listen(closed);
      closed.close();
      const c = client();
      c.setProxy({ protocol: 'http', host: '127.0.0.1', port });
      await expect(c.getAllTemplates()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    },
  },
  setClient: {
    async success() {
      const calls: string[] = [];
      const custom = axios.create({ timeout: 5000 });
      custom.interceptors.request.use((config) => {
        calls.push(`${config.method} ${config.url}`);
        return config;
      });
      const c = client();
      c.setClient(custom);
      expect((await c.getAllTemplates('sms')).status).toBe(200);
      expect(calls).toEqual([`get ${s.notifyUrl}/v2/templates?type=sms`]);
    },
    async failure() {
      const c = client();
      c.setClient(axios.create());
      expect(await rejection(c.getTemplateById(UNKNOWN))).toMatchObject(v2(404, 'NoResultFound', 'No result found'));
    },
  },
  prepareUpload: {
    async success() {
      const upload = client().prepareUpload(Buffer.from('Refill list'), {
        filename: 'refills.txt',
        confirmEmailBeforeDownload: true,
        retentionPeriod: '1 week',
      });
      expect(upload).toEqual({
        file: Buffer.from('Refill list').toString('base64'),
        filename: 'refills.txt',
        confirm_email_before_download: true,
        retention_period: '1 week',
      });
      // A service with the upload_document permission sends it.
      const permitted = new NotifyClient(docsUrl, `docs-${SANDBOX_SERVICE_ID}-${DOCS_SECRET}`);
      const sent = await permitted.sendEmail(RX_SHIPMENT_TEMPLATE_ID, 'delivered@simulator.notify', { personalisation: { ...rx, prescription_list: upload } });
      expect(sent.status).toBe(201);
      expect(docs.notifications.find((n) => n.id === sent.data.id)?.renderedBody).toContain('[attachment: refills.txt]');
    },
    async failure() {
      // Our own service has no upload_document permission: VA Notify's 400.
      const upload = client().prepareUpload('Refill list');
      expect(
        await rejection(client().sendEmail(RX_SHIPMENT_TEMPLATE_ID, 'delivered@simulator.notify', { personalisation: { ...rx, prescription_list: upload } })),
      ).toMatchObject(v2(400, 'BadRequestError', 'Service is not allowed to send documents'));
      expect(() => client().prepareUpload(Buffer.alloc(2 * 1024 * 1024 + 1))).toThrow('File is larger than 2MB.');
    },
  },
} satisfies Record<Method, Case>;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('notifications-node-client against the stand-in: every public method', () => {
  for (const [name, c] of Object.entries(cases) as Array<[Method, Case]>) {
    describe(name, () => {
      it('success', c.success);
      it('failure', c.failure);
    });
  }

  it('drives every public method of the client (a new client method fails this test)', () => {
    expect(Object.keys(NotifyClient.prototype).sort()).toEqual(Object.keys(cases).sort());
  });
});

describe('what the official client puts on the wire', () => {
  it('only template_id, email_address, personalisation and reference, with an iss/iat JWT', async () => {
    const seen: Array<{ url: string; auth: string; body: any }> = [];
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', auth: String(req.headers.authorization), body: JSON.parse(raw) });
        res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
      });
    });
    const port = await listen(server);
    try {
      const c = new NotifyClient(`http://127.0.0.1:${port}`, SANDBOX_API_KEY);
      await c.sendEmail(SM_NEW_MESSAGE_TEMPLATE_ID, 'a@example.com', { personalisation: { x: 'y' }, reference: 'r1' });
      await c.sendEmail(SM_NEW_MESSAGE_TEMPLATE_ID, 'a@example.com');
    } finally {
      server.close();
    }
    expect(seen[0]!.url).toBe('/v2/notifications/email');
    expect(seen[0]!.body).toEqual({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'a@example.com', personalisation: { x: 'y' }, reference: 'r1' });
    expect(seen[1]!.body).toEqual({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'a@example.com' });
    const claims = JSON.parse(Buffer.from(seen[0]!.auth.replace('Bearer ', '').split('.')[1]!, 'base64url').toString());
    expect(Object.keys(claims).sort()).toEqual(['iat', 'iss']);
    expect(claims.iss).toBe(SANDBOX_SERVICE_ID);
    expect(SANDBOX_API_KEY.endsWith(SANDBOX_KEY_SECRET)).toBe(true);
  });
});
