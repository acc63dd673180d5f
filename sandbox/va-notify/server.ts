/**
 * The VA Notify stand-in's HTTP server. Routes only; the rules live beside it:
 *   auth.ts (service API-key JWT, A2) · validate.ts (v2 schema, A3) · templates.ts (seeded
 *   templates, `((placeholder))` rendering) · rate-limits.ts (A8) · faults.ts (injected 500s,
 *   429s, timeouts) · store.ts (in-memory notifications, list paging) · progression.ts +
 *   recipient-lookup.ts (status after the 201, VA Profile permissions, A6/A10/A12) ·
 *   callbacks.ts (A9) · responses.ts (bodies) · page.ts (HTML list of sent e-mails) ·
 *   query.ts (GET query validation) · routing.ts (unknown routes/methods, 413) ·
 *   inspection.ts (stand-in-only `/_sandbox/*`).
 *
 * Client routes (all behind the service JWT): POST /v2/notifications/email|sms (letter → 501),
 * GET /v2/notifications[/{id}], GET /v2/template/{id}[/version/{n}], POST /v2/template/{id}/preview,
 * GET /v2/templates, GET /v2/received-text-messages; health GET|POST /_status. Together they are
 * every route the official GOV.UK/VA Notify clients call (src/integrations/va-notify/conformance.int.test.ts).
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { authenticate } from './auth.js';
import { Callbacks, type CallbackOptions } from './callbacks.js';
import { FaultInjector } from './faults.js';
import { registerInspection } from './inspection.js';
import {
  DEFAULT_SMS_SENDER,
  SIMULATED_RECIPIENTS,
  type CommunicationItem,
  type Faults,
  type FaultsInput,
  type SandboxService,
  type SandboxTemplate,
  type StoredNotification,
} from './model.js';
import { Progression } from './progression.js';
import { SendLimits } from './rate-limits.js';
import { parseNotificationListQuery, parseReceivedTextsQuery, parseTemplateListQuery, UUID, type RawQuery } from './query.js';
import { createdBody, serialize, v2Error } from './responses.js';
import { answerUnknownRoutesAsVaNotify, NOT_FOUND_MESSAGE, resultError, TOO_LARGE_MESSAGE } from './routing.js';
import { NotificationStore } from './store.js';
import { missingPersonalisation, previewTemplate, render, renderRedacted, serializeTemplate, templateAt } from './templates.js';
import { fileKeys, fileValueErrors, validateSend, type ValidSendBody } from './validate.js';

export interface NotifySandboxOptions {
  services: SandboxService[];
  templates: SandboxTemplate[];
  communicationItems: CommunicationItem[];
  /** VA Profile stand-in (or real VA Profile) base URL for recipient_identifier sends. */
  vaProfileUrl: string | null;
  /** Delay between status steps (default 300 ms; tests use 0–50). */
  stepDelayMs?: number;
  /** Stand-in only: accept and call http:// callback URLs (real VA Notify requires https). */
  allowHttpCallbacks?: boolean;
  callbackRetryDelaysMs?: number[];
  duplicateCallbackRate?: number;
  outOfOrderRate?: number;
  faults?: FaultsInput;
  /** Retries of a failing MPI/VA Profile lookup before UNDELIVERABLE (default 2886 as VA Notify, A10). */
  recipientLookupRetries?: number;
  /** Lookup retry waits × this (default 1: VA Notify's real ≈ 2-day horizon; tests compress it). */
  recipientLookupTimeScale?: number;
  /** Notifications older than this are gone (VA Notify default 7 days). */
  retentionDays?: number;
  /** Length of the rate-limit window (default 60 s, as VA Notify). */
  rateLimitWindowMs?: number;
  random?: () => number;
}

export interface NotifySandbox {
  app: FastifyInstance;
  /** Every stored notification, oldest first (tests and proofs read it directly). */
  notifications: StoredNotification[];
  /** Live fault settings: assign to change them (same object `PUT /_sandbox/faults` updates). */
  faults: Faults;
  services: SandboxService[];
  stats(): ReturnType<NotificationStore['stats']> & {
    posts: number;
    accepted: number;
    rejected429: number;
    injected500: number;
    injectedTimeouts: number;
    callbacksSent: number;
    duplicateCallbacksSent: number;
  };
  reset(): void;
}

const fileName = (v: unknown): string => {
  const name = (v as { filename?: unknown }).filename;
  return typeof name === 'string' ? name : 'file';
};

export function buildNotifySandbox(opts: NotifySandboxOptions): NotifySandbox {
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024, forceCloseConnections: true });
  const random = opts.random ?? Math.random;
  const stepDelayMs = opts.stepDelayMs ?? 300;
  const allowHttpCallbacks = opts.allowHttpCallbacks ?? false;
  const store = new NotificationStore((opts.retentionDays ?? 7) * 86_400_000);
  const limits = new SendLimits(opts.rateLimitWindowMs);
  const faults = new FaultInjector(opts.faults, random);
  const counters = { posts: 0, accepted: 0, rejected429: 0 };
  const callbackOptions: CallbackOptions = {
    allowHttpCallbacks,
    callbackRetryDelaysMs: opts.callbackRetryDelaysMs ?? [200, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000],
    duplicateCallbackRate: opts.duplicateCallbackRate ?? 0,
    outOfOrderRate: opts.outOfOrderRate ?? 0,
    outOfOrderDelayMs: stepDelayMs * 3 + 50,
    requestTimeoutMs: 5000,
    random,
  };
  const callbacks = new Callbacks(callbackOptions, (id) => opts.services.find((s) => s.id === id));
  const progression = new Progression(
    {
      stepDelayMs,
      lookup: {
        vaProfileUrl: opts.vaProfileUrl,
        retries: opts.recipientLookupRetries ?? 2886,
        retryDelayMs: 1000,
        timeoutMs: 5000,
        timeScale: opts.recipientLookupTimeScale ?? 1,
      },
      faults,
      random,
    },
    callbacks,
    () => opts.communicationItems,
  );
  const root = (req: FastifyRequest) => `${req.protocol}://${req.host}/`;

  // VA Notify answers undecodable JSON with its own message rather than the framework's.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, body === '' ? {} : JSON.parse(body as string));
    } catch (err) {
      done(Object.assign(new Error(`Error decoding arguments: ${(err as Error).message}`), { statusCode: 400 }), undefined);
    }
  });
  app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) return reply.status(500).send({ error: 'Exception', message: 'Internal server error' });
    if (status === 413) return resultError(reply, 413, TOO_LARGE_MESSAGE);
    return v2Error(reply, status, 'BadRequestError', err.message);
  });
  answerUnknownRoutesAsVaNotify(app);
  app.addHook('onClose', async () => {
    faults.releaseAll();
    progression.stop();
    callbacks.stop();
  });

  const auth = (req: FastifyRequest, reply: FastifyReply) => {
    const r = authenticate(req.headers.authorization, opts.services, Date.now());
    if (!r.ok) {
      void v2Error(reply, r.status, 'AuthError', r.message);
      return null;
    }
    return r;
  };

  for (const type of ['email', 'sms'] as const) {
    app.post(`/v2/notifications/${type}`, async (req, reply) => {
      const who = auth(req, reply);
      if (!who) return reply;
      counters.posts += 1;
      const fault = faults.roll();
      if (fault === 'error500') return faults.send500(reply);
      if (fault === 'timeoutBeforeAccept') return faults.hang(reply);

      const schemaErrors = validateSend(type, req.body, { allowHttpCallbacks });
      if (schemaErrors.length) return v2Error(reply, 400, 'ValidationError', schemaErrors);
      const b = req.body as ValidSendBody;
      const { service, key } = who;
      if (!service.permissions.includes(type))
        return v2Error(reply, 400, 'BadRequestError', `Service is not allowed to send ${type === 'email' ? 'emails' : 'text messages'}`);
      if (b.scheduled_for !== undefined && b.scheduled_for !== null)
        return v2Error(reply, 400, 'BadRequestError', 'Cannot schedule notifications (this feature is invite-only)');
      const template = opts.templates.find((t) => t.id === b.template_id && t.serviceId === service.id);
      if (!template) return v2Error(reply, 400, 'BadRequestError', 'Template not found');
      if (template.type !== type) return v2Error(reply, 400, 'BadRequestError', `${template.type} template is not suitable for ${type} notification`);
      if (template.archived) return v2Error(reply, 400, 'BadRequestError', 'Template has been deleted');
      const raw = b.personalisation ?? {};
      const files = fileKeys(raw);
      // A file value shows as its file name in the stored (rendered) message.
      const personalisation = Object.fromEntries(
        Object.entries(raw)
          .filter(([, v]) => v !== null && v !== undefined)
          .map(([k, v]) => [k, files.includes(k) ? `[attachment: ${fileName(v)}]` : String(v)]),
      );
      // VA Notify leaves out files sent with sending_method "attach" before it checks placeholders.
      const attached = files.filter((k) => (raw[k] as { sending_method?: unknown }).sending_method === 'attach');
      const missing = missingPersonalisation(template, Object.fromEntries(Object.entries(personalisation).filter(([k]) => !attached.includes(k))));
      if (missing.length) return v2Error(reply, 400, 'BadRequestError', `Missing personalisation: ${missing.join(', ')}`);
      const senders = service.smsSenders ?? [DEFAULT_SMS_SENDER];
      const sender =
        type === 'sms' ? (typeof b.sms_sender_id === 'string' ? senders.find((x) => x.id === b.sms_sender_id) : senders.find((x) => x.isDefault)) : undefined;
      if (type === 'sms' && typeof b.sms_sender_id === 'string' && !sender) {
        return v2Error(reply, 400, 'BadRequestError', `sms_sender_id ${b.sms_sender_id} does not exist in database for service id ${service.id}`);
      }
      const to = type === 'email' ? b.email_address : b.phone_number;
      if (key.keyType === 'team' && to !== undefined && !(service.teamRecipients ?? []).some((r) => r.toLowerCase() === to.toLowerCase())) {
        return v2Error(reply, 400, 'BadRequestError', 'Can’t send to this recipient using a team-only API key');
      }
      if (files.length) {
        if (!service.permissions.includes('upload_document')) return v2Error(reply, 400, 'BadRequestError', 'Service is not allowed to send documents');
        if (files.some((k) => (raw[k] as { sending_method?: unknown }).sending_method === 'link'))
          return v2Error(reply, 501, 'NotImplementedError', 'Not implemented');
      }

      if (fault === 'rate429') faults.counters.injected429 += 1;
      const limit = limits.check(service, key.keyType, Date.now(), fault === 'rate429');
      if (!limit.ok) {
        counters.rejected429 += 1;
        return v2Error(reply, 429, limit.error, limit.message);
      }

      const now = new Date();
      const n: StoredNotification = {
        id: randomUUID(),
        serviceId: service.id,
        keyType: key.keyType,
        keySecret: key.secret,
        reference: b.reference ?? null,
        type,
        templateId: template.id,
        templateVersion: template.version,
        to: to ?? null,
        recipientIdentifier: b.recipient_identifier ?? null,
        personalisation,
        renderedSubject: render(template.subject, personalisation),
        renderedBody: render(template.body, personalisation),
        redactedSubject: renderRedacted(template.subject, personalisation),
        redactedBody: renderRedacted(template.body, personalisation),
        status: 'created',
        statusReason: null,
        billingCode: b.billing_code ?? null,
        callbackUrl: b.callback_url ?? null,
        createdAt: now,
        sentAt: null,
        updatedAt: now,
        completedAt: null,
        callbacks: [],
      };
      // Simulated recipients get a normal 201 but are neither stored nor sent (A12).
      if (!(n.to !== null && SIMULATED_RECIPIENTS.has(n.to.toLowerCase()))) {
        store.add(n);
        counters.accepted += 1;
        // A direct address skips VA Profile and the preference check (A10.5); a test key always delivers.
        void progression.run(n, template, key.keyType === 'test');
      }
      if (fault === 'timeoutAfterAccept') return faults.hang(reply);
      return reply.status(201).send(createdBody(n, template, root(req), sender?.number));
    });
  }

  // Letters are not supported by VA Notify: it answers 501 in its app-level shape (reference A1).
  app.post('/v2/notifications/letter', async (req, reply) => {
    if (!auth(req, reply)) return reply;
    return resultError(reply, 501, 'Not Implemented');
  });
  // Any other notification type: the route matched, so auth runs first, then Flask's 404.
  app.post('/v2/notifications/:type', async (req, reply) => {
    if (!auth(req, reply)) return reply;
    return resultError(reply, 404, NOT_FOUND_MESSAGE);
  });

  app.get('/v2/notifications/:id', async (req, reply) => {
    const who = auth(req, reply);
    if (!who) return reply;
    const { id } = req.params as { id: string };
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
      return v2Error(reply, 400, 'ValidationError', 'notification_id is not a valid UUID');
    const n = store.get(id, who.service.id);
    if (!n) return v2Error(reply, 404, 'NoResultFound', 'No result found');
    return serialize(n, root(req));
  });

  app.get('/v2/notifications', async (req, reply) => {
    const who = auth(req, reply);
    if (!who) return reply;
    const q = req.query as RawQuery;
    const parsed = parseNotificationListQuery(q);
    if (!parsed.ok) return v2Error(reply, 400, 'ValidationError', parsed.errors);
    const { page } = store.list(who.service.id, parsed.value);
    const r = root(req);
    const qi = req.url.indexOf('?');
    const current = `${r}v2/notifications${qi === -1 ? '' : req.url.slice(qi)}`;
    const nextParams = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (k !== 'older_than' && v !== undefined) for (const x of Array.isArray(v) ? v : [v]) nextParams.append(k, x);
    // VA Notify links a next page whenever this one is not empty (the last page's next is empty).
    if (page.length) nextParams.set('older_than', page.at(-1)!.id);
    return { notifications: page.map((n) => serialize(n, r)), links: { current, ...(page.length ? { next: `${r}v2/notifications?${nextParams}` } : {}) } };
  });

  // Templates (notification-api app/v2/template, app/v2/templates): the service's own only.
  const templateOf = (serviceId: string, id: string) => opts.templates.find((t) => t.id === id && t.serviceId === serviceId);
  const getTemplate = async (req: FastifyRequest, reply: FastifyReply) => {
    const { id, version } = req.params as { id: string; version?: string };
    // `<int:version>` in VA Notify's route: anything but digits is no route at all (404 before auth).
    if (version !== undefined && !/^\d+$/.test(version)) return resultError(reply, 404, NOT_FOUND_MESSAGE);
    const who = auth(req, reply);
    if (!who) return reply;
    if (!UUID.test(id)) return v2Error(reply, 400, 'ValidationError', 'id is not a valid UUID');
    const t = templateOf(who.service.id, id);
    // Version 0 is falsy in VA Notify's handler and so means "current".
    const n = version === undefined || Number(version) === 0 ? undefined : Number(version);
    const at = t && templateAt(t, n);
    if (!at) return v2Error(reply, 404, 'NoResultFound', 'No result found');
    return serializeTemplate(at);
  };
  app.get('/v2/template/:id', getTemplate);
  app.get('/v2/template/:id/version/:version', getTemplate);

  app.get('/v2/templates', async (req, reply) => {
    const who = auth(req, reply);
    if (!who) return reply;
    const parsed = parseTemplateListQuery(req.query as RawQuery);
    if (!parsed.ok) return v2Error(reply, 400, 'ValidationError', parsed.errors);
    const list = opts.templates
      .filter((t) => t.serviceId === who.service.id && !t.archived && (parsed.type === undefined || t.type === parsed.type))
      .sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type));
    return { templates: list.map((t) => serializeTemplate(templateAt(t)!)) };
  });

  app.post('/v2/template/:id/preview', async (req, reply) => {
    const who = auth(req, reply);
    if (!who) return reply;
    const { id } = req.params as { id: string };
    const b = req.body ?? {};
    if (typeof b !== 'object' || b === null || Array.isArray(b)) return v2Error(reply, 400, 'ValidationError', 'Payload is not a dictionary.');
    const p = (b as { personalisation?: unknown }).personalisation;
    const errors = [
      ...(UUID.test(id) ? [] : ['id is not a valid UUID']),
      ...(p !== undefined && (typeof p !== 'object' || p === null || Array.isArray(p))
        ? [`personalisation ${typeof p === 'string' ? p : JSON.stringify(p)} is not of type object`]
        : []),
      ...(p && typeof p === 'object' ? Object.values(p).flatMap(fileValueErrors) : []),
    ];
    if (errors.length) return v2Error(reply, 400, 'ValidationError', [...new Set(errors)]);
    const t = templateOf(who.service.id, id);
    if (!t) return v2Error(reply, 404, 'NoResultFound', 'No result found');
    const values = Object.fromEntries(
      Object.entries((p ?? {}) as Record<string, unknown>)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
    const missing = missingPersonalisation(t, values);
    if (missing.length) return v2Error(reply, 400, 'BadRequestError', `Missing personalisation: ${missing.join(', ')}`);
    return previewTemplate(t, values);
  });

  // Received text messages (inbound SMS): VA Notify keeps GOV.UK's route; the stand-in receives none.
  app.get('/v2/received-text-messages', async (req, reply) => {
    const who = auth(req, reply);
    if (!who) return reply;
    const parsed = parseReceivedTextsQuery(req.query as RawQuery);
    if (!parsed.ok) return v2Error(reply, 400, 'ValidationError', parsed.errors);
    return { received_text_messages: [], links: { current: `${root(req)}v2/received-text-messages` } };
  });

  // Health check, as VA Notify answers it.
  app.get('/_status', async () => ({ status: 'ok' }));
  app.post('/_status', async () => ({ status: 'ok' }));

  const sandbox: NotifySandbox = {
    app,
    notifications: store.all,
    faults: faults.settings,
    services: opts.services,
    stats() {
      return {
        ...store.stats(),
        ...counters,
        ...faults.counters,
        rejected429: counters.rejected429,
        callbacksSent: callbacks.counters.sent,
        duplicateCallbacksSent: callbacks.counters.duplicatesSent,
      };
    },
    reset() {
      store.clear();
      limits.clear();
      faults.resetCounters();
      Object.assign(counters, { posts: 0, accepted: 0, rejected429: 0 });
    },
  };
  registerInspection(app, sandbox, store, root);
  return sandbox;
}
