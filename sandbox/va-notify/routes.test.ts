/**
 * The VA Notify stand-in's template, letter, received-text and list-query routes, and how it
 * answers unknown routes and methods (in-process, `app.inject`). The official client drives the
 * same routes in src/integrations/va-notify/conformance.int.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createNotifyJwt } from '../../src/integrations/va-notify/api-key.js';
import {
  RX_SHIPMENT_SMS_TEMPLATE_ID,
  RX_SHIPMENT_TEMPLATE_ID,
  SANDBOX_KEY_SECRET,
  SANDBOX_SERVICE_ID,
  SM_NEW_MESSAGE_TEMPLATE_ID,
} from '../../src/shared/local-defaults.js';
import { DEFAULT_SMS_SENDER, type SandboxService, type SandboxTemplate } from './model.js';
import { METHOD_NOT_ALLOWED_MESSAGE, NOT_FOUND_MESSAGE, TOO_LARGE_MESSAGE } from './routing.js';
import { buildNotifySandbox } from './server.js';
import { seedCommunicationItems, seedTemplates } from './templates.js';

const DOCS_SERVICE = '0c9a8b7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d';
const DOCS_SECRET = '5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716';
const EDITED_ID = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const OTHER_ID = '4d7a1a55-1111-4222-8333-444444444444';
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const service = (id: string, secret: string, permissions: SandboxService['permissions']): SandboxService => ({
  id,
  name: id,
  active: true,
  rateLimit: 3000,
  messageLimit: 1_000_000,
  permissions,
  apiKeys: [{ name: 'k', secret, keyType: 'normal' }],
});
const edited: SandboxTemplate = {
  id: EDITED_ID,
  serviceId: SANDBOX_SERVICE_ID,
  type: 'email',
  name: 'Appointment note',
  version: 2,
  subject: 'Note for ((name))',
  body: 'Hello ((name)), see ((place)).',
  createdAt: new Date('2026-02-01T10:00:00Z'),
  updatedAt: new Date('2026-02-03T10:00:00Z'),
  previousVersions: [{ version: 1, name: 'Appointment', subject: 'Note', body: 'Hello ((name)).', savedAt: new Date('2026-02-01T10:00:00Z') }],
};
const archived: SandboxTemplate = { ...edited, id: '7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910', name: 'Old', version: 1, archived: true, previousVersions: [] };

const sandbox = buildNotifySandbox({
  services: [service(SANDBOX_SERVICE_ID, SANDBOX_KEY_SECRET, ['email', 'sms']), service(DOCS_SERVICE, DOCS_SECRET, ['email', 'upload_document'])],
  templates: [...seedTemplates(), edited, archived, ...seedTemplates(DOCS_SERVICE).map((t) => ({ ...t, id: t.id.replace(/^./, 'a') }))],
  communicationItems: seedCommunicationItems(),
  vaProfileUrl: null,
  stepDelayMs: 5,
});
afterAll(() => sandbox.app.close());

const auth = (serviceId = SANDBOX_SERVICE_ID, secret = SANDBOX_KEY_SECRET) => `Bearer ${createNotifyJwt({ serviceId, secret })}`;
async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS', url: string, body?: unknown, authorization: string | null = auth()) {
  const res = await sandbox.app.inject({
    method,
    url,
    headers: { ...(authorization ? { authorization } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, allow: res.headers.allow };
}
const v2 = (status: number, error: string, ...messages: string[]) => ({ status_code: status, errors: messages.map((message) => ({ error, message })) });

describe('templates (GET /v2/template/{id}[/version/{n}], GET /v2/templates)', () => {
  it('GET by id: VA Notify’s template fields, placeholders as required personalisation', async () => {
    const r = await call('GET', `/v2/template/${RX_SHIPMENT_TEMPLATE_ID}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      id: RX_SHIPMENT_TEMPLATE_ID,
      type: 'email',
      created_at: expect.stringMatching(TS),
      updated_at: null,
      created_by: expect.stringContaining('@'),
      version: 1,
      body: expect.stringContaining('((tracking_number))'),
      html: null,
      plain_text: null,
      subject: 'Your VA prescription has shipped',
      name: 'Rx shipment tracking',
      personalisation: Object.fromEntries(
        ['prescription_count', 'shipped_date', 'carrier', 'tracking_number', 'tracking_link', 'prescription_list'].map((k) => [k, { required: true }]),
      ),
      postage: null,
    });
    const sms = await call('GET', `/v2/template/${RX_SHIPMENT_SMS_TEMPLATE_ID}`);
    expect(sms.body).toMatchObject({ type: 'sms', subject: null });
  });

  it('versions: the current one, an earlier one with its own content, 0 = current, unknown → 404', async () => {
    expect((await call('GET', `/v2/template/${EDITED_ID}`)).body).toMatchObject({
      version: 2,
      name: 'Appointment note',
      updated_at: '2026-02-03T10:00:00.000000Z',
    });
    expect((await call('GET', `/v2/template/${EDITED_ID}/version/1`)).body).toMatchObject({
      version: 1,
      name: 'Appointment',
      subject: 'Note',
      body: 'Hello ((name)).',
      updated_at: null,
      personalisation: { name: { required: true } },
    });
    expect((await call('GET', `/v2/template/${EDITED_ID}/version/2`)).body).toMatchObject({ version: 2, subject: 'Note for ((name))' });
    expect((await call('GET', `/v2/template/${EDITED_ID}/version/0`)).body).toMatchObject({ version: 2 });
    expect(await call('GET', `/v2/template/${EDITED_ID}/version/3`)).toMatchObject({ status: 404, body: v2(404, 'NoResultFound', 'No result found') });
  });

  it('unknown, other service’s and malformed ids; a non-numeric version is no route at all', async () => {
    expect(await call('GET', `/v2/template/${OTHER_ID}`)).toMatchObject({ status: 404, body: v2(404, 'NoResultFound', 'No result found') });
    expect(await call('GET', `/v2/template/${RX_SHIPMENT_TEMPLATE_ID}`, undefined, auth(DOCS_SERVICE, DOCS_SECRET))).toMatchObject({ status: 404 });
    expect(await call('GET', '/v2/template/not-a-uuid')).toMatchObject({ status: 400, body: v2(400, 'ValidationError', 'id is not a valid UUID') });
    expect(await call('GET', `/v2/template/${EDITED_ID}/version/one`, undefined, null)).toMatchObject({
      status: 404,
      body: { result: 'error', message: NOT_FOUND_MESSAGE },
    });
    expect(await call('GET', `/v2/template/${EDITED_ID}`, undefined, null)).toMatchObject({
      status: 401,
      body: v2(401, 'AuthError', 'Unauthorized, authentication token must be provided'),
    });
  });

  it('list: the service’s live templates by name, filtered by type; an unknown type or parameter is a 400', async () => {
    const all = await call('GET', '/v2/templates');
    expect(all.body.templates.map((t: { name: string }) => t.name)).toEqual([
      'Appointment note',
      'Rx shipment tracking',
      'Rx shipment tracking (text)',
      'Secure message received',
    ]);
    expect((await call('GET', '/v2/templates?type=sms')).body.templates.map((t: { id: string }) => t.id)).toEqual([RX_SHIPMENT_SMS_TEMPLATE_ID]);
    expect((await call('GET', '/v2/templates?type=letter')).body).toEqual({ templates: [] });
    expect(await call('GET', '/v2/templates?type=text')).toMatchObject({
      status: 400,
      body: v2(400, 'ValidationError', 'type text is not one of [sms, email, letter]'),
    });
    expect(await call('GET', '/v2/templates?template_type=sms')).toMatchObject({
      status: 400,
      body: v2(400, 'ValidationError', 'Additional properties are not allowed (template_type was unexpected)'),
    });
  });
});

describe('POST /v2/template/{id}/preview', () => {
  it('renders subject and body with the values (not redacted); SMS has no subject or html', async () => {
    const r = await call('POST', `/v2/template/${EDITED_ID}/preview`, { personalisation: { name: 'Sam <b>', place: 'room 2' } });
    expect(r).toMatchObject({
      status: 200,
      body: {
        id: EDITED_ID,
        type: 'email',
        version: 2,
        subject: 'Note for Sam <b>',
        body: 'Hello Sam <b>, see room 2.',
        html: '<p>Hello Sam &#60;b&#62;, see room 2.</p>',
        postage: null,
      },
    });
    const sms = await call('POST', `/v2/template/${RX_SHIPMENT_SMS_TEMPLATE_ID}/preview`, {
      personalisation: { prescription_count: '1', shipped_date: 'today', carrier: 'UPS', tracking_number: '1Z' },
    });
    expect(sms.body).toMatchObject({ type: 'sms', subject: null, html: null, body: expect.stringContaining('tracking 1Z') });
    expect((await call('POST', `/v2/template/${SM_NEW_MESSAGE_TEMPLATE_ID}/preview`, {})).status).toBe(200);
    expect((await call('POST', `/v2/template/${SM_NEW_MESSAGE_TEMPLATE_ID}/preview`, '')).status).toBe(200);
  });

  it('the same “Missing personalisation” rule as sending; bad ids and bodies', async () => {
    expect(await call('POST', `/v2/template/${EDITED_ID}/preview`, { personalisation: { name: 'Sam' } })).toMatchObject({
      status: 400,
      body: v2(400, 'BadRequestError', 'Missing personalisation: place'),
    });
    expect(await call('POST', `/v2/template/${EDITED_ID}/preview`, {})).toMatchObject({
      body: v2(400, 'BadRequestError', 'Missing personalisation: name, place'),
    });
    expect(await call('POST', `/v2/template/${OTHER_ID}/preview`, {})).toMatchObject({ status: 404, body: v2(404, 'NoResultFound', 'No result found') });
    expect(await call('POST', '/v2/template/x/preview', { personalisation: 'x' })).toMatchObject({
      status: 400,
      body: v2(400, 'ValidationError', 'id is not a valid UUID', 'personalisation x is not of type object'),
    });
    expect(await call('POST', `/v2/template/${EDITED_ID}/preview`, '{nope')).toMatchObject({
      status: 400,
      body: { status_code: 400, errors: [{ error: 'BadRequestError', message: expect.stringMatching(/^Error decoding arguments: /) }] },
    });
  });
});

describe('letters, other types, received texts', () => {
  it('POST /v2/notifications/letter → 501 as VA Notify answers (after auth)', async () => {
    expect(await call('POST', '/v2/notifications/letter', { template_id: EDITED_ID, personalisation: {} })).toEqual({
      status: 501,
      body: { result: 'error', message: 'Not Implemented' },
      allow: undefined,
    });
    expect((await call('POST', '/v2/notifications/letter', {}, null)).status).toBe(401);
    expect(await call('POST', '/v2/notifications/fax', {})).toMatchObject({ status: 404, body: { result: 'error', message: NOT_FOUND_MESSAGE } });
  });

  it('GET /v2/received-text-messages: none received; older_than must be a UUID', async () => {
    expect((await call('GET', '/v2/received-text-messages')).body).toEqual({
      received_text_messages: [],
      links: { current: 'http://localhost:80/v2/received-text-messages' },
    });
    expect(await call('GET', '/v2/received-text-messages?older_than=1')).toMatchObject({
      status: 400,
      body: v2(400, 'ValidationError', 'older_than is not a valid UUID'),
    });
  });
});

describe('GET /v2/notifications query validation over HTTP', () => {
  it.each([
    ['status=bogus', 'status bogus is not one of'],
    ['template_type=bogus', 'template_type bogus is not one of [sms, email, letter]'],
    ['older_than=xyz', 'older_than is not a valid UUID'],
    ['reference=a&page=2', 'Additional properties are not allowed (page was unexpected)'],
  ])('%s → 400 %s…', async (qs, message) => {
    const r = await call('GET', `/v2/notifications?${qs}`);
    expect(r.status).toBe(400);
    expect(r.body.status_code).toBe(400);
    expect(r.body.errors[0]).toEqual({ error: 'ValidationError', message: expect.stringContaining(message) });
  });

  it('valid filters still answer 200', async () => {
    const r = await call('GET', `/v2/notifications?status=delivered&status=failed&template_type=email&include_jobs=true&older_than=${OTHER_ID}&reference=x`);
    expect(r).toMatchObject({ status: 200, body: { notifications: [] } });
  });
});

describe('sms_sender_id and file personalisation on POST', () => {
  const rx = { prescription_count: '1', shipped_date: 'today', carrier: 'UPS', tracking_number: '1Z' };
  it('sms_sender_id: the default sender’s number; unknown → 400 naming it; not a UUID → 400', async () => {
    const ok = await call('POST', '/v2/notifications/sms', {
      template_id: RX_SHIPMENT_SMS_TEMPLATE_ID,
      phone_number: '7700900001',
      personalisation: rx,
      sms_sender_id: DEFAULT_SMS_SENDER.id,
    });
    expect(ok).toMatchObject({ status: 201, body: { content: { from_number: DEFAULT_SMS_SENDER.number } } });
    expect(
      await call('POST', '/v2/notifications/sms', {
        template_id: RX_SHIPMENT_SMS_TEMPLATE_ID,
        phone_number: '7700900001',
        personalisation: rx,
        sms_sender_id: OTHER_ID,
      }),
    ).toMatchObject({
      status: 400,
      body: v2(400, 'BadRequestError', `sms_sender_id ${OTHER_ID} does not exist in database for service id ${SANDBOX_SERVICE_ID}`),
    });
    expect(
      await call('POST', '/v2/notifications/sms', {
        template_id: RX_SHIPMENT_SMS_TEMPLATE_ID,
        phone_number: '7700900001',
        personalisation: rx,
        sms_sender_id: 'x',
      }),
    ).toMatchObject({
      status: 400,
      body: v2(400, 'ValidationError', 'sms_sender_id is not a valid UUID'),
    });
  });

  it('files: schema rules, upload_document permission, link → 501, attach accepted for a permitted service', async () => {
    const file = { file: Buffer.from('hello').toString('base64'), filename: 'note.txt', confirm_email_before_download: null, retention_period: null };
    const send = (personalisation: unknown, a = auth()) =>
      call('POST', '/v2/notifications/email', { template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'delivered@simulator.notify', personalisation }, a);
    expect(await send({ doc: file })).toMatchObject({ status: 400, body: v2(400, 'BadRequestError', 'Service is not allowed to send documents') });
    expect(await send({ doc: { file: 'x', filename: 'a' } })).toMatchObject({
      status: 400,
      body: v2(400, 'ValidationError', 'personalisation a is too short'),
    });
    expect(await send({ doc: { file: 'x' } })).toMatchObject({
      status: 400,
      body: v2(400, 'ValidationError', 'personalisation filename is a required property'),
    });
    expect(await send({ doc: { ...file, sending_method: 'post' } })).toMatchObject({
      status: 400,
      body: v2(400, 'ValidationError', 'personalisation post is not one of [attach, link]'),
    });
    const docs = auth(DOCS_SERVICE, DOCS_SECRET);
    const docsTemplate = SM_NEW_MESSAGE_TEMPLATE_ID.replace(/^./, 'a');
    const sendDocs = (personalisation: unknown) =>
      call('POST', '/v2/notifications/email', { template_id: docsTemplate, email_address: 'delivered@simulator.notify', personalisation }, docs);
    expect(await sendDocs({ doc: { ...file, sending_method: 'link' } })).toMatchObject({
      status: 501,
      body: v2(501, 'NotImplementedError', 'Not implemented'),
    });
    expect((await sendDocs({ doc: file })).status).toBe(201);
  });
});

describe('unknown routes and methods, big bodies: VA Notify’s app-level answers', () => {
  it.each([
    ['GET', '/v2/nope'],
    ['GET', '/v2/notifications/4d7a1a55-1111-4222-8333-444444444444/pdf'],
    ['POST', '/v3/notifications/email'],
    ['GET', '/v2/notifications/'],
  ] as const)('%s %s → 404 without auth', async (method, url) => {
    expect(await call(method, url, method === 'POST' ? {} : undefined, null)).toEqual({
      status: 404,
      body: { result: 'error', message: NOT_FOUND_MESSAGE },
      allow: undefined,
    });
  });

  it.each([
    // `/v2/notifications/<x>` is both GET-by-id and POST-by-type, in VA Notify as here.
    ['DELETE', `/v2/notifications/${OTHER_ID}`, 'GET, HEAD, OPTIONS, POST'],
    ['PUT', '/v2/notifications/email', 'GET, HEAD, OPTIONS, POST'],
    ['DELETE', `/v2/template/${OTHER_ID}/preview`, 'OPTIONS, POST'],
    ['PATCH', '/v2/templates', 'GET, HEAD, OPTIONS'],
  ] as const)('%s %s → 405 with Allow: %s', async (method, url, allow) => {
    expect(await call(method, url, undefined, null)).toEqual({ status: 405, body: { result: 'error', message: METHOD_NOT_ALLOWED_MESSAGE }, allow });
  });

  it('OPTIONS on a known URL lists its methods', async () => {
    expect(await call('OPTIONS', '/v2/templates', undefined, null)).toMatchObject({ status: 200, allow: 'GET, HEAD, OPTIONS' });
  });

  it('a body over the limit → 413 in the same shape', async () => {
    const big = JSON.stringify({ template_id: SM_NEW_MESSAGE_TEMPLATE_ID, email_address: 'a@example.com', reference: 'x'.repeat(3 * 1024 * 1024) });
    expect(await call('POST', '/v2/notifications/email', big)).toMatchObject({ status: 413, body: { result: 'error', message: TOO_LARGE_MESSAGE } });
  });

  it('health: GET and POST /_status', async () => {
    expect((await call('GET', '/_status', undefined, null)).body).toEqual({ status: 'ok' });
    expect((await call('POST', '/_status', undefined, null)).body).toEqual({ status: 'ok' });
  });
});
