/**
 * Tracking HTTP routes: message ingest (HL7 v2, FHIR), rejected-message review and replay, the
 * per-station e-mail sender switch, and a shipment e-mail summary. Ingest accepts an interface
 * engine's bearer token (TRACKING_INGEST_TOKEN) or a signed-in ops user with a CSRF token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { requireRole } from '../identity/index.js';
import { conflict, notFound, unavailable, unprocessable } from '../platform/http/errors.js';
import { decoders } from './ingest/decoders.js';
import type { IngestResult } from './ingest/ingest.service.js';
import { ingestDispenseMessage, ingestDispenseMessages, replayDispenseMessage } from './pipeline.js';
import { listMessages, listShipments, listSoftFailedEmails, listStationSenders, pipelineOverview, shipmentEmailSummary } from './tracking-admin.dao.js';
import { applyCutover, type CutoverRequest } from './shipments/cutover.service.js';
import { listCutover } from './shipments/cutover.dao.js';
import { requestResend } from './shipments/email-sending.service.js';
import { EMAIL_STATUSES } from './shipments/email-status.js';
import {
  cutoverActionResponse,
  cutoverResponse,
  ingestResponse,
  messagesResponse,
  overviewResponse,
  resendResponse,
  shipmentsResponse,
} from '../shared/api/tracking.js';

const HL7_TYPES = ['application/hl7-v2', 'x-application/hl7-v2+er7', 'application/edi-hl7'];
/** Body limits of the ingest routes (bytes): an HL7 batch file may hold many messages; a FHIR body is one resource or Bundle. */
export const HL7_BODY_LIMIT = 2 * 1024 * 1024;
export const FHIR_BODY_LIMIT = 1024 * 1024;

/** A timestamp as the wire carries it (ISO 8601); the DAOs return Dates. */
const iso = (d: Date | string): string => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null): string | null => (d === null ? null : iso(d));

const STATION = z.string().regex(/^[0-9]{3}[A-Z0-9]{0,3}$/, 'A station number such as 442 or 589A5');

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Ingest result → HTTP: AA 200; content the pipeline cannot use 422 (kept for replay); transient 503. */
function toHttp(result: IngestResult) {
  if (result.ack === 'AA') return result;
  const detail = { ack: result.ack, messageId: String(result.messageId ?? ''), errorCode: result.errorCode ?? 'REJECTED' };
  if (result.errorCode === 'PROCESSING_FAILED') throw unavailable(result.text);
  throw unprocessable(
    `${result.text}. The message is stored (id ${result.messageId}) and can be replayed after a fix.`,
    result.errorLocation ?? 'body',
    detail,
  );
}

export async function trackingRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  for (const type of HL7_TYPES) app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => done(null, body));

  /** Service token, or else an ops session whose CSRF token is checked here (route opts out of the global check). */
  const serviceOrOps = (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    const header = req.headers.authorization;
    if (header?.toLowerCase().startsWith('bearer ')) {
      const token = ctx.config.TRACKING_INGEST_TOKEN;
      if (token && sameSecret(header.slice(7).trim(), token)) {
        (req as FastifyRequest & { service?: boolean }).service = true;
        return done();
      }
      void reply.status(401).send({ statusCode: 401, code: 'unauthenticated', message: 'Invalid service token', errors: [] });
      return;
    }
    app.csrfProtection(req, reply, done);
  };
  const requireServiceOrOps = (req: FastifyRequest) => {
    if (!(req as FastifyRequest & { service?: boolean }).service) requireRole(req, 'ops');
  };
  // Checked before body validation, like every other route: anonymous callers learn nothing.
  const authBeforeValidation = async (req: FastifyRequest) => requireServiceOrOps(req);

  r.post(
    '/api/tracking/hl7',
    {
      config: { auth: 'public', csrf: false },
      onRequest: serviceOrOps,
      preValidation: authBeforeValidation,
      bodyLimit: HL7_BODY_LIMIT,
      schema: {
        tags: ['tracking'],
        summary: 'Ingest one HL7 v2 message or batch file (RDS^R06 / RRD^O14) from CMOP',
        description: `Body: the HL7 text (content type text/plain or application/hl7-v2), at most ${HL7_BODY_LIMIT.toLocaleString('en-US')} bytes (larger: 413); each message at most 1,048,576 characters. Stored raw first; rejected messages are kept for replay.`,
        body: z.string().min(1),
        response: { 200: z.object({ results: z.array(ingestResponse) }) },
      },
    },
    async (req) => {
      requireServiceOrOps(req);
      // A batch file goes through batch ingest (set-based, one transaction): same answers per message.
      const raws = decoders.splitHl7(req.body);
      const results: IngestResult[] =
        raws.length === 1
          ? [await ingestDispenseMessage(ctx, { raw: raws[0]!, format: 'hl7v2', source: 'http' })]
          : await ingestDispenseMessages(
              ctx,
              raws.map((raw) => ({ raw, format: 'hl7v2' as const, source: 'http' as const })),
            );
      if (results.length === 1) toHttp(results[0]!);
      return { results };
    },
  );

  r.post(
    '/api/tracking/fhir',
    {
      config: { auth: 'public', csrf: false },
      onRequest: serviceOrOps,
      preValidation: authBeforeValidation,
      bodyLimit: FHIR_BODY_LIMIT,
      schema: {
        tags: ['tracking'],
        summary: 'Ingest FHIR R4 MedicationDispense (resource, Bundle, or MedicationRequest with contained dispenses)',
        description: `JSON body at most ${FHIR_BODY_LIMIT.toLocaleString('en-US')} bytes (larger: 413).`,
        body: z.record(z.string(), z.unknown()),
        response: { 200: ingestResponse },
      },
    },
    async (req) => {
      requireServiceOrOps(req);
      const raw = JSON.stringify(req.body);
      return toHttp(await ingestDispenseMessage(ctx, { raw, format: 'fhir', source: 'fhir' }));
    },
  );

  r.get(
    '/api/tracking/messages',
    {
      config: { auth: 'ops' },
      schema: {
        tags: ['tracking'],
        summary: 'Inbound dispense messages by status (content omitted: it is PHI)',
        querystring: z.object({ status: z.enum(['received', 'accepted', 'rejected']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: messagesResponse },
      },
    },
    async (req) => ({
      messages: (await listMessages(ctx.db, req.query.status, req.query.limit)).map((m) => ({
        ...m,
        received_at: iso(m.received_at),
        processed_at: isoOrNull(m.processed_at),
      })),
    }),
  );

  r.post(
    '/api/tracking/messages/:id/replay',
    {
      config: { auth: 'ops' },
      schema: {
        tags: ['tracking'],
        summary: 'Process a stored (rejected or unfinished) message again with the current code',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: ingestResponse },
      },
    },
    async (req) => {
      try {
        return await replayDispenseMessage(ctx, req.params.id);
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('No dispense message')) throw notFound('Message');
        throw err;
      }
    },
  );

  r.get(
    '/api/tracking/stations',
    {
      config: { auth: 'ops' },
      schema: { tags: ['tracking'], summary: 'Which system e-mails each station’s shipments (rxbridge via VA Notify, or legacy MHV)' },
    },
    async () => ({ stations: await listStationSenders(ctx.db) }),
  );

  r.put(
    '/api/tracking/stations/:stationNumber/email-sender',
    {
      config: { auth: 'ops' },
      schema: {
        tags: ['tracking'],
        summary: 'Put a station back on legacy MHV e-mails (rollback). Switching to rxbridge goes through the cut-over (POST …/cutover).',
        params: z.object({ stationNumber: STATION }),
        body: z.object({ sender: z.enum(['mhv_legacy', 'va_notify']) }),
      },
    },
    async (req) => {
      const user = requireRole(req, 'ops');
      if (req.body.sender === 'va_notify') {
        throw conflict(
          'Switching to rxbridge needs the cut-over: begin (cutover-pending), then confirm MHV’s sending is off (docs/mhv-cutover.md)',
          'body.sender',
        );
      }
      const current = (await listCutover(ctx.db)).stations.find((s) => s.station_number === req.params.stationNumber)?.state ?? 'unconfigured';
      if (current !== 'legacy') {
        const r = await applyCutover(ctx, req.params.stationNumber, { action: current === 'unconfigured' ? 'set-legacy' : 'rollback' }, user.id);
        if (!r.ok) throw conflict(r.reason, 'body.sender');
      }
      return { stationNumber: req.params.stationNumber, sender: req.body.sender };
    },
  );

  r.get(
    '/api/tracking/cutover',
    {
      config: { auth: 'ops' },
      schema: {
        tags: ['tracking'],
        summary: 'Per-station MHV cut-over state, held shipments ("unconfigured, N shipments waiting") and the audit trail',
        response: { 200: cutoverResponse },
      },
    },
    async () => {
      const { stations, audit } = await listCutover(ctx.db);
      return {
        stations: stations.map((s) => ({
          ...s,
          oldest_held_at: isoOrNull(s.oldest_held_at),
          mhv_sending_off_at: isoOrNull(s.mhv_sending_off_at),
          mhv_off_confirmed_at: isoOrNull(s.mhv_off_confirmed_at),
          changed_at: isoOrNull(s.changed_at),
        })),
        audit: audit.map((a) => ({ ...a, mhv_sending_off_at: isoOrNull(a.mhv_sending_off_at), changed_at: iso(a.changed_at) })),
      };
    },
  );

  r.post(
    '/api/tracking/stations/:stationNumber/cutover',
    {
      config: { auth: 'ops' },
      schema: {
        tags: ['tracking'],
        summary: 'Cut-over action for a station: set-legacy, begin, confirm-mhv-off (with the time MHV stopped sending), rollback',
        params: z.object({ stationNumber: STATION }),
        body: z.discriminatedUnion('action', [
          z.object({ action: z.literal('set-legacy') }),
          z.object({ action: z.literal('begin') }),
          z.object({ action: z.literal('rollback') }),
          z.object({
            action: z.literal('confirm-mhv-off'),
            mhvSendingOffAt: z.coerce.date(),
            confirmMhvSendingOff: z.literal(true, 'Confirm that MHV’s own e-mails are off for this station'),
          }),
        ]),
        response: { 200: cutoverActionResponse },
      },
    },
    async (req) => {
      const user = requireRole(req, 'ops');
      const body = req.body;
      const request: CutoverRequest =
        body.action === 'confirm-mhv-off' ? { action: 'confirm-mhv-off', mhvSendingOffAt: body.mhvSendingOffAt } : { action: body.action };
      const r = await applyCutover(ctx, req.params.stationNumber, request, user.id);
      if (!r.ok) throw conflict(r.reason, 'body.action');
      return r;
    },
  );

  r.get(
    '/api/tracking/overview',
    {
      config: { auth: 'ops' },
      schema: {
        tags: ['tracking'],
        summary: 'Per status: count and age of the oldest item (messages, e-mails, AAL); soft-failed e-mails',
        response: { 200: overviewResponse },
      },
    },
    async () => ({
      ...(await pipelineOverview(ctx.db)),
      softFailedEmails: (await listSoftFailedEmails(ctx.db, 100)).map((e) => ({ ...e, updated_at: iso(e.updated_at) })),
    }),
  );

  r.post(
    '/api/tracking/emails/:id/resend',
    {
      config: { auth: 'ops' },
      schema: {
        tags: ['tracking'],
        summary: 'Re-send a soft-failed (temporary-failure) shipment e-mail now; audited with who and when',
        params: z.object({ id: z.uuid() }),
        response: { 200: resendResponse },
      },
    },
    async (req) => {
      const user = requireRole(req, 'ops');
      const r = await requestResend(ctx, req.params.id, user.id);
      if (r === 'not-soft-failed') throw conflict('Only an e-mail that ended temporary-failure can be re-sent', 'id');
      return { id: req.params.id, resend: r };
    },
  );

  r.get(
    '/api/tracking/shipments',
    {
      config: { auth: 'ops' },
      schema: {
        tags: ['tracking'],
        summary: 'Recent shipments with e-mail status (VA Notify) and AAL status',
        querystring: z.object({ status: z.enum(EMAIL_STATUSES).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: shipmentsResponse },
      },
    },
    async (req) => ({
      shipments: (await listShipments(ctx.db, req.query.status, req.query.limit)).map((s) => ({
        ...s,
        shipped_at: isoOrNull(s.shipped_at),
        created_at: iso(s.created_at),
      })),
    }),
  );

  r.get(
    '/api/tracking/summary',
    {
      config: { auth: 'ops' },
      schema: { tags: ['tracking'], summary: 'Shipment e-mails by status, messages by status, AAL events by status' },
    },
    async () => shipmentEmailSummary(ctx.db),
  );
}
