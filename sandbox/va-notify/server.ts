/**
 * The VA Notify stand-in's HTTP server: v2 send/get/list with VA Notify's auth, schema, errors,
 * limits and 201 body; fault injection; sandbox-only inspection endpoints under /_sandbox; and an
 * HTML page at / listing the e-mails "sent".
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { authenticate } from './auth.js';
import { Delivery, type DeliveryOptions } from './delivery.js';
import { FAILED_STATUSES, NO_FAULTS, vaTime, type CommunicationItem, type Faults, type KeyType, type SandboxService, type SandboxTemplate, type StoredNotification } from './model.js';
import { renderPage } from './page.js';
import { placeholders, render, validateSend } from './validate.js';

export interface NotifySandboxOptions {
  services: SandboxService[];
  templates: SandboxTemplate[];
  communicationItems: CommunicationItem[];
  delivery: Partial<DeliveryOptions> & { vaProfileUrl: string | null };
  faults?: Partial<Faults>;
  /** Notifications older than this are gone (VA Notify default 7 days). */
  retentionDays?: number;
}

const SIMULATED_NOT_PERSISTED = new Set(['simulate-delivered@notifications.va.gov', 'simulate-delivered-2@notifications.va.gov', 'simulate-delivered-3@notifications.va.gov']);
const PAGE_SIZE = 250;
const KEY_TYPE_NAME: Record<KeyType, string> = { normal: 'LIVE', team: 'TEAM', test: 'TEST' };

export interface NotifySandbox {
  app: FastifyInstance;
  notifications: StoredNotification[];
  faults: Faults;
  stats(): { total: number; byStatus: Record<string, number>; references: number; duplicateReferences: number; posts: number; rejected429: number; injected500: number; injectedTimeouts: number };
  reset(): void;
}

function v2Error(reply: FastifyReply, status: number, error: string, messages: string | string[]) {
  const list = Array.isArray(messages) ? messages : [messages];
  return reply.status(status).send({ status_code: status, errors: list.map((message) => ({ error, message })) });
}

export function serialize(n: StoredNotification, root: string) {
  const redacted = n.recipientIdentifier ? [{ id_type: n.recipientIdentifier.id_type, id_value: n.recipientIdentifier.id_type === 'ICN' ? '<redacted>' : n.recipientIdentifier.id_value }] : [];
  return {
    id: n.id,
    reference: n.reference,
    provider_reference: n.sentAt ? `ses-${n.id.slice(0, 8)}` : null,
    email_address: n.type === 'email' ? n.to : null,
    phone_number: n.type === 'sms' ? n.to : null,
    line_1: null, line_2: null, line_3: null, line_4: null, line_5: null, line_6: null, postcode: null,
    type: n.type,
    status: n.status,
    status_reason: n.statusReason,
    template: { id: n.templateId, version: n.templateVersion, uri: `${root}services/${n.serviceId}/templates/${n.templateId}` },
    body: n.redactedBody,
    subject: n.type === 'email' ? n.redactedSubject : undefined,
    created_at: vaTime(n.createdAt),
    created_by_name: null,
    sent_at: vaTime(n.sentAt),
    sent_by: n.sentAt ? 'ses' : null,
    completed_at: vaTime(n.completedAt),
    scheduled_for: null,
    postage: null,
    recipient_identifiers: redacted,
    billing_code: n.billingCode,
    sms_sender_id: null,
    segments_count: 0,
    cost_in_millicents: 0,
    callback_url: n.callbackUrl,
  };
}

export function buildNotifySandbox(opts: NotifySandboxOptions): NotifySandbox {
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024, forceCloseConnections: true });
  const notifications: StoredNotification[] = [];
  const byId = new Map<string, StoredNotification>();
  const faults: Faults = { ...NO_FAULTS, ...opts.faults };
  const windows = new Map<string, number[]>();
  const daily = new Map<string, number>();
  const counters = { posts: 0, rejected429: 0, injected500: 0, injectedTimeouts: 0 };
  const random = opts.delivery.random ?? Math.random;
  const delivery = new Delivery(
    { stepDelayMs: 300, allowHttpCallbacks: false, callbackRetryDelaysMs: [200, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000], duplicateCallbackRate: 0, outOfOrderRate: 0, random, ...opts.delivery },
    () => opts.services,
  );
  const retentionMs = (opts.retentionDays ?? 7) * 86_400_000;
  const root = (req: FastifyRequest) => `${req.protocol}://${req.host}/`;

  // VA Notify answers undecodable JSON with its own message rather than the framework's.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, body === '' ? {} : JSON.parse(body as string));
    } catch (err) {
      done(Object.assign(new Error(`Error decoding arguments: ${(err as Error).message}`), { statusCode: 400, vaError: 'InvalidRequest' }), undefined);
    }
  });
  app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) return reply.status(500).send({ error: 'Exception', message: 'Internal server error' });
    return v2Error(reply, status, 'BadRequestError', err.message);
  });

  const auth = (req: FastifyRequest, reply: FastifyReply) => {
    const r = authenticate(req.headers.authorization, opts.services, Date.now());
    if (!r.ok) {
      void v2Error(reply, r.status, 'AuthError', r.message);
      return null;
    }
    return r;
  };

  const hung = new Set<FastifyReply>();
  const hang = (reply: FastifyReply) => {
    counters.injectedTimeouts += 1;
    hung.add(reply);
    setTimeout(() => {
      hung.delete(reply);
      reply.raw.destroy();
    }, faults.timeoutMs).unref();
    return reply.hijack();
  };
  app.addHook('onClose', async () => {
    for (const r of hung) r.raw.destroy();
  });

  for (const type of ['email', 'sms'] as const) {
    app.post(`/v2/notifications/${type}`, async (req, reply) => {
      const who = auth(req, reply);
      if (!who) return reply;
      counters.posts += 1;
      const roll = random();
      if (roll < faults.error500Rate) {
        counters.injected500 += 1;
        return reply.status(500).send({ error: 'Exception', message: 'Internal server error' });
      }
      if (roll < faults.error500Rate + faults.timeoutBeforeAcceptRate) return hang(reply);
      const schemaErrors = validateSend(type, req.body);
      if (schemaErrors.length) return v2Error(reply, 400, 'ValidationError', schemaErrors);
      const b = req.body as Record<string, any>;
      const { service, key } = who;
      if (!service.permissions.includes(type)) return v2Error(reply, 400, 'BadRequestError', `Service is not allowed to send ${type === 'email' ? 'emails' : 'text messages'}`);
      if (b.scheduled_for !== undefined && b.scheduled_for !== null) return v2Error(reply, 400, 'BadRequestError', 'Cannot schedule notifications (this feature is invite-only)');
      const template = opts.templates.find((t) => t.id === b.template_id && t.serviceId === service.id);
      if (!template) return v2Error(reply, 400, 'BadRequestError', 'Template not found');
      if (template.type !== type) return v2Error(reply, 400, 'BadRequestError', `${template.type} template is not suitable for ${type} notification`);
      if (template.archived) return v2Error(reply, 400, 'BadRequestError', 'Template has been deleted');
      const personalisation = Object.fromEntries(Object.entries((b.personalisation ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
      const missing = placeholders(`${template.subject}\n${template.body}`).filter((p) => personalisation[p] === undefined);
      if (missing.length) return v2Error(reply, 400, 'BadRequestError', `Missing personalisation: ${missing.join(', ')}`);
      // Rate limit per (service, key type) in a sliding 60 s window, then the daily cap (A8).
      const now = Date.now();
      const wkey = `${service.id}:${key.keyType}`;
      const stamps = (windows.get(wkey) ?? []).filter((s) => s > now - 60_000);
      if (stamps.length >= service.rateLimit || roll < faults.error500Rate + faults.timeoutBeforeAcceptRate + faults.rate429Rate) {
        windows.set(wkey, stamps);
        counters.rejected429 += 1;
        return v2Error(reply, 429, 'RateLimitError', `Exceeded rate limit for key type ${KEY_TYPE_NAME[key.keyType]} of ${service.rateLimit} requests per 60 seconds`);
      }
      stamps.push(now);
      windows.set(wkey, stamps);
      const dkey = `${service.id}:${new Date(now).toISOString().slice(0, 10)}`;
      if (key.keyType !== 'test') {
        const sent = daily.get(dkey) ?? 0;
        if (sent >= service.messageLimit) return v2Error(reply, 429, 'TooManyRequestsError', `Exceeded send limits (${service.messageLimit}) for today`);
        daily.set(dkey, sent + 1);
      }
      const redactedValues = Object.fromEntries(Object.keys(personalisation).map((k) => [k, '<redacted>']));
      const id = randomUUID();
      const n: StoredNotification = {
        id,
        serviceId: service.id,
        keyType: key.keyType,
        keySecret: key.secret,
        reference: b.reference ?? null,
        type,
        templateId: template.id,
        templateVersion: template.version,
        to: (b.email_address ?? b.phone_number ?? null) as string | null,
        recipientIdentifier: b.recipient_identifier ?? null,
        personalisation,
        renderedSubject: render(template.subject, personalisation),
        renderedBody: render(template.body, personalisation),
        redactedSubject: render(template.subject, redactedValues),
        redactedBody: render(template.body, redactedValues),
        status: 'created',
        statusReason: null,
        billingCode: b.billing_code ?? null,
        callbackUrl: b.callback_url ?? null,
        createdAt: new Date(now),
        sentAt: null,
        updatedAt: new Date(now),
        completedAt: null,
        callbacks: [],
      };
      const simulated = n.to !== null && SIMULATED_NOT_PERSISTED.has(n.to.toLowerCase());
      if (!simulated) {
        notifications.push(n);
        byId.set(id, n);
        // A direct address skips VA Profile and preference checks (A10.5); a test key always delivers.
        void delivery.run(n, template, opts.communicationItems, key.keyType === 'test');
      }
      if (roll < faults.error500Rate + faults.timeoutBeforeAcceptRate + faults.rate429Rate + faults.timeoutAfterAcceptRate) return hang(reply);
      const r = root(req);
      return reply.status(201).send({
        id,
        reference: n.reference,
        uri: `${r}v2/notifications/${id}`,
        template: { id: template.id, version: template.version, uri: `${r}services/${service.id}/templates/${template.id}` },
        content: type === 'email' ? { body: n.redactedBody, subject: n.redactedSubject } : { body: n.redactedBody, from_number: '+18005550100' },
        billing_code: n.billingCode,
        scheduled_for: null,
        callback_url: n.callbackUrl,
      });
    });
  }

  const visible = (n: StoredNotification | undefined, serviceId: string) => n && n.serviceId === serviceId && Date.now() - n.createdAt.getTime() < retentionMs;

  app.get('/v2/notifications/:id', async (req, reply) => {
    const who = auth(req, reply);
    if (!who) return reply;
    const { id } = req.params as { id: string };
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return v2Error(reply, 400, 'ValidationError', 'notification_id is not a valid UUID');
    const n = byId.get(id);
    if (!visible(n, who.service.id)) return v2Error(reply, 404, 'NoResultFound', 'No result found');
    return serialize(n!, root(req));
  });

  app.get('/v2/notifications', async (req, reply) => {
    const who = auth(req, reply);
    if (!who) return reply;
    const q = req.query as Record<string, string | undefined>;
    const statuses = q.status ? (q.status === 'failed' ? FAILED_STATUSES : [q.status]) : null;
    let list = notifications.filter((n) => visible(n, who.service.id));
    if (q.reference !== undefined) list = list.filter((n) => n.reference === q.reference);
    if (statuses) list = list.filter((n) => statuses.includes(n.status));
    if (q.template_type) list = list.filter((n) => n.type === q.template_type);
    list = [...list].reverse(); // newest first
    if (q.older_than) {
      const at = list.findIndex((n) => n.id === q.older_than);
      list = at === -1 ? [] : list.slice(at + 1);
    }
    const page = list.slice(0, PAGE_SIZE);
    const r = root(req);
    const self = `${r}v2/notifications${req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''}`;
    const next = list.length > PAGE_SIZE ? `${r}v2/notifications?${new URLSearchParams({ ...Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) as Record<string, string>, older_than: page.at(-1)!.id })}` : undefined;
    return { notifications: page.map((n) => serialize(n, r)), links: { current: self, ...(next ? { next } : {}) } };
  });

  app.get('/_status', async () => ({ status: 'ok' }));

  // ---- stand-in only ----
  app.get('/_sandbox/notifications', async (req) => {
    const q = req.query as { reference?: string };
    return { notifications: notifications.filter((n) => q.reference === undefined || n.reference === q.reference).map((n) => ({ ...serialize(n, root(req)), to: n.to, callbacks: n.callbacks })) };
  });
  app.put('/_sandbox/faults', async (req) => Object.assign(faults, req.body as Partial<Faults>));
  app.get('/_sandbox/stats', async () => sandbox.stats());
  app.post('/_sandbox/reset', async () => {
    sandbox.reset();
    return { ok: true };
  });
  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(renderPage(notifications)));

  const sandbox: NotifySandbox = {
    app,
    notifications,
    faults,
    stats() {
      const byStatus: Record<string, number> = {};
      const refs = new Map<string, number>();
      for (const n of notifications) {
        byStatus[n.status] = (byStatus[n.status] ?? 0) + 1;
        if (n.reference) refs.set(n.reference, (refs.get(n.reference) ?? 0) + 1);
      }
      return { total: notifications.length, byStatus, references: refs.size, duplicateReferences: [...refs.values()].filter((c) => c > 1).length, ...counters };
    },
    reset() {
      notifications.length = 0;
      byId.clear();
      windows.clear();
      daily.clear();
      Object.assign(counters, { posts: 0, rejected429: 0, injected500: 0, injectedTimeouts: 0 });
    },
  };
  return sandbox;
}
