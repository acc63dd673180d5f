/**
 * Secure Messaging HTTP routes (HTTP only; rules live in the service and pure modules).
 *
 * Ownership: every route with an id resolves it within the caller's scope — a Veteran's own
 * drafts/threads/prescriptions, a clinician's own teams' threads — and answers 404 otherwise.
 * The check runs before body validation, so other people's ids reveal nothing, not even the
 * body schema. Malformed ids fall through to validation (400 naming the parameter).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { requireClinician, requirePatient, requireUser } from '../identity/index.js';
import { notFound } from '../platform/http/errors.js';
import { mayMessageTeam } from './care-team-rules.js';
import {
  deleteDraft,
  findAssociation,
  findDraft,
  findRenewalDraft,
  findSendKeyForDraft,
  findThreadForClinician,
  findThreadForPatient,
  listCareTeamInbox,
  listDrafts,
  listThreadMessages,
  listVeteranFolder,
  markThreadRead,
  type DraftRow,
} from './messaging.dao.js';
import { BODY_MAX_LENGTH, CATEGORIES, categoryLabel, SUBJECT_MAX_LENGTH } from '../shared/message-rules.js';
import {
  careTeamChoice,
  clinicianReply,
  getSignature,
  loadRenewablePrescription,
  pendingRenewal,
  prefillFor,
  saveDraft,
  saveSignature,
  sendDraft,
  startDraft,
  veteranReply,
} from './messaging.service.js';
import { PREFILL_EXCLUDED_FIELDS } from './renewal-prefill.js';
import { findPrescription } from '../medications/index.js';
import {
  careTeamInboxResponse,
  careTeamsQuery,
  careTeamsResponse,
  categoriesResponse,
  draftSchema,
  draftsResponse,
  folderResponse,
  draftIdParams,
  threadIdParams,
  idempotencyHeaders,
  prescriptionIdParams,
  renewalResponse,
  replyBody,
  saveDraftBody,
  sendDraftBody,
  sentResponse,
  signatureSchema,
  startDraftBody,
  startDraftResponse,
  threadResponse,
} from './schemas.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TAGS = ['secure-messaging'];

const clinicianName = (r: { clinician_first_name: string | null; clinician_last_name: string | null; clinician_title: string | null }) =>
  r.clinician_last_name ? `${r.clinician_first_name} ${r.clinician_last_name}, ${r.clinician_title}` : 'Care team';

function draftView(d: DraftRow): z.infer<typeof draftSchema> {
  return {
    id: d.id,
    careTeam: d.care_team_id
      ? { id: d.care_team_id, name: d.care_team_name ?? '', facilityName: d.facility_name ?? '', signatureRequired: d.signature_required ?? false }
      : null,
    category: d.category,
    subject: d.subject,
    body: d.body,
    renewalPrescriptionId: d.renewal_prescription_id,
    prefillState: d.prefill_state,
    updatedAt: d.updated_at.toISOString(),
  };
}

export async function messagingRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** preValidation hook: 404 unless `check` finds the id (named `param`) in the caller's scope. */
  const owned =
    (check: (req: FastifyRequest, id: string) => Promise<unknown>, param = 'id') =>
    async (req: FastifyRequest) => {
      const id = (req.params as Record<string, string | undefined>)[param];
      if (!id || !UUID.test(id)) return; // let validation name the bad parameter
      if (!(await check(req, id))) throw notFound();
    };
  const ownDraft = owned((req, id) => findDraft(ctx.db, requirePatient(req), id), 'draftId');
  // Sending: the Veteran's draft, or their draft that was already sent (the repeat gets the first result).
  const ownDraftOrSent = owned(
    async (req, id) => (await findDraft(ctx.db, requirePatient(req), id)) ?? (await findSendKeyForDraft(ctx.db, `veteran:${requirePatient(req)}`, id)),
    'draftId',
  );
  const ownPrescription = owned((req, id) => findPrescription(ctx.db, requirePatient(req), id), 'prescriptionId');
  const visibleThread = owned(
    (req, id) =>
      requireUser(req).role === 'care_team' ? findThreadForClinician(ctx.db, requireClinician(req), id) : findThreadForPatient(ctx.db, requirePatient(req), id),
    'threadId',
  );

  r.get(
    '/api/messaging/categories',
    {
      schema: { tags: TAGS, summary: 'Message categories (VA.gov values) and field limits', response: { 200: categoriesResponse } },
    },
    async () => ({ categories: CATEGORIES.map((c) => ({ ...c })), limits: { subject: SUBJECT_MAX_LENGTH, body: BODY_MAX_LENGTH } }),
  );

  r.get(
    '/api/messaging/care-teams',
    {
      config: { auth: 'veteran' },
      schema: {
        tags: TAGS,
        summary:
          'Care-team steps: recent teams (6 months, ≤ 4), health care systems, teams the Veteran may message, blocked-team alert, the renewal suggestion',
        querystring: careTeamsQuery,
        response: { 200: careTeamsResponse },
      },
    },
    async (req) => careTeamChoice(ctx, requirePatient(req), req.query.prescriptionId),
  );

  r.get(
    '/api/messaging/renewals/:prescriptionId',
    {
      config: { auth: 'veteran' },
      preValidation: ownPrescription,
      schema: {
        tags: TAGS,
        summary: 'Renewal request context: the prescription (must be the Veteran’s and renewable) and the prefilled message',
        params: prescriptionIdParams,
        response: { 200: renewalResponse },
      },
    },
    async (req) => {
      const patientId = requirePatient(req);
      const rx = await loadRenewablePrescription(ctx, patientId, req.params.prescriptionId);
      const draft = await findRenewalDraft(ctx.db, patientId, rx.row.id);
      return {
        prescription: {
          id: rx.row.id,
          name: rx.row.medication_name,
          rxNumber: rx.row.rx_number,
          facility: { stationNumber: rx.row.station_number, name: rx.row.facility_name, phone: rx.row.facility_phone },
        },
        prefill: prefillFor(rx),
        excludedFields: PREFILL_EXCLUDED_FIELDS.map((f) => ({ ...f })),
        draftId: draft?.id ?? null,
        pendingRequest: await pendingRenewal(ctx, patientId, rx.row.id),
      };
    },
  );

  r.get(
    '/api/messaging/drafts',
    {
      config: { auth: 'veteran' },
      schema: { tags: TAGS, summary: 'The Veteran’s drafts (Drafts folder)', response: { 200: draftsResponse } },
    },
    async (req) => ({ drafts: (await listDrafts(ctx.db, requirePatient(req))).map(draftView) }),
  );

  r.post(
    '/api/messaging/drafts',
    {
      config: { auth: 'veteran' },
      schema: {
        tags: TAGS,
        summary: 'Start a draft to a care team; with prescriptionId, start (or resume) the prefilled renewal request',
        body: startDraftBody,
        response: { 201: startDraftResponse },
      },
    },
    async (req, reply) => {
      const patientId = requirePatient(req);
      const { id, resumed } = await startDraft(ctx, patientId, req.body);
      const draft = await findDraft(ctx.db, patientId, id);
      if (!draft) throw notFound('Draft');
      return reply.status(201).send({ ...draftView(draft), resumed });
    },
  );

  r.get(
    '/api/messaging/drafts/:draftId',
    {
      config: { auth: 'veteran' },
      preValidation: ownDraft,
      schema: { tags: TAGS, summary: 'One draft', params: draftIdParams, response: { 200: draftSchema } },
    },
    async (req) => {
      const draft = await findDraft(ctx.db, requirePatient(req), req.params.draftId);
      if (!draft) throw notFound('Draft');
      return draftView(draft);
    },
  );

  r.put(
    '/api/messaging/drafts/:draftId',
    {
      config: { auth: 'veteran' },
      preValidation: ownDraft,
      schema: {
        tags: TAGS,
        summary: 'Autosave a draft (partial content; limits enforced)',
        params: draftIdParams,
        body: saveDraftBody,
        response: { 200: draftSchema },
      },
    },
    async (req) => {
      const patientId = requirePatient(req);
      await saveDraft(ctx, patientId, req.params.draftId, req.body);
      const draft = await findDraft(ctx.db, patientId, req.params.draftId);
      if (!draft) throw notFound('Draft');
      return draftView(draft);
    },
  );

  r.delete(
    '/api/messaging/drafts/:draftId',
    {
      config: { auth: 'veteran' },
      preValidation: ownDraft,
      schema: { tags: TAGS, summary: 'Delete a draft', params: draftIdParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      if (!(await deleteDraft(ctx.db, requirePatient(req), req.params.draftId))) throw notFound('Draft');
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/messaging/drafts/:draftId/send',
    {
      config: { auth: 'veteran' },
      preValidation: ownDraftOrSent,
      schema: {
        tags: TAGS,
        summary:
          'Send a draft to its care team (201). Idempotent: a repeated Idempotency-Key, or a second send of the same draft, answers 200 with the first result. ' +
          '409 (detail.reason CARE_TEAM_BLOCKED | CARE_TEAM_INACTIVE | NOT_IN_CONTACT_LIST) keeps the draft; 400 names a missing electronic signature field.',
        params: draftIdParams,
        headers: idempotencyHeaders,
        body: sendDraftBody,
        response: { 200: sentResponse, 201: sentResponse },
      },
    },
    async (req, reply) => {
      const { replayed, ...sent } = await sendDraft(ctx, requirePatient(req), req.params.draftId, req.body, req.headers['idempotency-key'] ?? null);
      req.log.info(
        { threadId: sent.threadId, messageId: sent.messageId, replayed },
        replayed ? 'secure message send repeated: first result returned' : 'secure message sent',
      );
      return reply.status(replayed ? 200 : 201).send(sent);
    },
  );

  r.get(
    '/api/messaging/signature',
    {
      config: { auth: 'veteran' },
      schema: { tags: TAGS, summary: 'The Veteran’s messaging signature (added to new messages when `include`)', response: { 200: signatureSchema } },
    },
    async (req) => getSignature(ctx, requirePatient(req)),
  );

  r.put(
    '/api/messaging/signature',
    {
      config: { auth: 'veteran' },
      schema: { tags: TAGS, summary: 'Edit the messaging signature', body: signatureSchema, response: { 200: signatureSchema } },
    },
    async (req) => saveSignature(ctx, requirePatient(req), req.body),
  );

  for (const folder of ['inbox', 'sent'] as const) {
    r.get(
      `/api/messaging/${folder}`,
      {
        config: { auth: 'veteran' },
        schema: {
          tags: TAGS,
          summary: `The Veteran’s ${folder === 'inbox' ? 'Inbox (messages from care teams)' : 'Sent folder'}`,
          response: { 200: folderResponse },
        },
      },
      async (req) => {
        const rows = await listVeteranFolder(ctx.db, requirePatient(req), folder);
        return {
          folder,
          messages: rows.map((m) => ({
            messageId: m.id,
            threadId: m.thread_id,
            subject: m.subject,
            category: m.category,
            categoryLabel: categoryLabel(m.category),
            careTeamName: m.care_team_name,
            facilityName: m.facility_name,
            senderName: folder === 'inbox' ? clinicianName(m) : 'You',
            sentAt: m.sent_at.toISOString(),
            read: folder === 'sent' || m.read_at !== null,
            isRenewal: m.renewal_prescription_id !== null,
            preview: m.body.slice(0, 120),
          })),
        };
      },
    );
  }

  r.get(
    '/api/messaging/threads/:threadId',
    {
      config: { auth: ['veteran', 'care_team'] },
      preValidation: visibleThread,
      schema: {
        tags: TAGS,
        summary: 'A conversation (the Veteran’s own, or one of the clinician’s teams’); marks it read',
        params: threadIdParams,
        response: { 200: threadResponse },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const clinician = user.role === 'care_team';
      const thread = clinician
        ? await findThreadForClinician(ctx.db, requireClinician(req), req.params.threadId)
        : await findThreadForPatient(ctx.db, requirePatient(req), req.params.threadId);
      if (!thread) throw notFound('Conversation');
      await markThreadRead(ctx.db, thread.id, clinician ? 'veteran' : 'clinician', ctx.clock.now());
      const messages = await listThreadMessages(ctx.db, thread.id);
      const veteranName = `${thread.patient_first_name} ${thread.patient_last_name}`;
      let canReply = true;
      if (!clinician) {
        const a = await findAssociation(ctx.db, thread.patient_id, thread.care_team_id);
        canReply = mayMessageTeam(a && { blocked: a.blocked, preferred: a.preferred, isActive: a.is_active }, 'reply').allowed;
      }
      return {
        id: thread.id,
        subject: thread.subject,
        category: thread.category,
        categoryLabel: categoryLabel(thread.category),
        careTeam: { id: thread.care_team_id, name: thread.care_team_name, facilityName: thread.facility_name, stationNumber: thread.station_number },
        veteranName: clinician ? veteranName : null,
        renewal: thread.renewal_prescription_id ? { prescriptionId: thread.renewal_prescription_id } : null,
        canReply,
        messages: messages.map((m) => ({
          id: m.id,
          from: m.sender_type,
          senderName: m.sender_type === 'clinician' ? clinicianName(m) : clinician ? veteranName : 'You',
          body: m.body,
          sentAt: m.sent_at.toISOString(),
          readAt: m.read_at?.toISOString() ?? null,
        })),
      };
    },
  );

  r.post(
    '/api/messaging/threads/:threadId/replies',
    {
      config: { auth: ['veteran', 'care_team'] },
      preValidation: visibleThread,
      schema: {
        tags: TAGS,
        summary:
          'Reply in a conversation (201). A care team’s reply e-mails the Veteran “new secure message” (job in the same transaction). ' +
          'Idempotent: a repeated Idempotency-Key answers 200 with the first reply.',
        params: threadIdParams,
        headers: idempotencyHeaders,
        body: replyBody,
        response: { 200: sentResponse, 201: sentResponse },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      const key = req.headers['idempotency-key'] ?? null;
      const { replayed, ...sent } =
        user.role === 'care_team'
          ? await clinicianReply(ctx, requireClinician(req), req.params.threadId, req.body.body, key)
          : await veteranReply(ctx, requirePatient(req), req.params.threadId, req.body.body, key);
      req.log.info({ threadId: sent.threadId, messageId: sent.messageId, replayed }, 'secure message reply sent');
      return reply.status(replayed ? 200 : 201).send(sent);
    },
  );

  r.get(
    '/api/messaging/care-team/inbox',
    {
      config: { auth: 'care_team' },
      schema: {
        tags: TAGS,
        summary: 'Conversations for every care team the clinician belongs to; renewal requests flagged',
        response: { 200: careTeamInboxResponse },
      },
    },
    async (req) => {
      const rows = await listCareTeamInbox(ctx.db, requireClinician(req));
      return {
        threads: rows.map((t) => ({
          threadId: t.id,
          subject: t.subject,
          category: t.category,
          categoryLabel: categoryLabel(t.category),
          veteranName: `${t.patient_first_name} ${t.patient_last_name}`,
          careTeamName: t.care_team_name,
          facilityName: t.facility_name,
          lastMessageAt: t.last_message_at.toISOString(),
          unreadCount: Number(t.unread_count ?? 0),
          awaitingReply: t.last_sender_type === 'veteran',
          renewal: t.renewal_prescription_id ? { prescriptionId: t.renewal_prescription_id } : null,
        })),
      };
    },
  );
}
