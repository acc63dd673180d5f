/**
 * Secure Messaging use cases that span several statements: starting drafts (with the renewal
 * prefill and the Veteran's signature), sending a draft, replies (a clinician's reply enqueues the
 * e-mail job in the same transaction). Terminology: see src/shared/message-rules.ts.
 *
 * Sends and replies are idempotent: the client sends an Idempotency-Key; a repeated key returns the
 * first result (replayed, HTTP 200) instead of a second message. A draft is sent at most once, so a
 * second send of an already-sent draft also returns the first result (never a 404). The key row is
 * claimed in the sending transaction (unique index), so N identical requests at once make one message.
 */
import { createHash } from 'node:crypto';
import type { AppContext } from '../platform/context.js';
import type { Tx } from '../platform/db/pool.js';
import { AppError, isAppError, notEligible, notFound, unprocessable } from '../platform/http/errors.js';
import { findPrescription, loadPrescription, type LoadedPrescription } from '../medications/index.js';
import {
  claimSendKey,
  completeSendKey,
  deleteDraft,
  findAssociation,
  findDraft,
  findRenewalDraft,
  findSendKey,
  findSendKeyForDraft,
  findSentMessage,
  findSignature,
  findThreadForClinician,
  findThreadForPatient,
  insertDraft,
  insertMessage,
  insertThread,
  listRenewalRequests,
  listSentToTeams,
  listTeamAssociations,
  lockDraft,
  updateDraft,
  upsertSignature,
  type DraftContent,
  type SendKeyRow,
} from './messaging.dao.js';
import { codePointLength } from '../shared/text-count.js';
import { BODY_MAX_LENGTH, SEND_CONFLICT_REASONS, type CategoryValue } from '../shared/message-rules.js';
import {
  blockedTeamsAlert,
  healthCareSystemStep,
  mayMessageTeam,
  monthsBefore,
  RECENT_TEAMS_MONTHS,
  recentCareTeams,
  suggestedTeam,
  type MessagePurpose,
  type MessageRefusal,
  type TeamAssociation,
} from './care-team-rules.js';
import { buildRenewalPrefill, RENEWAL_CATEGORY, truncate, type PrefillPrescription, type RenewalPrefill } from './renewal-prefill.js';
import { pendingRenewalRequest } from './renewal-duplicates.js';
import { electronicSignatureBlock, electronicSignatureIssues, formatSignature, type MessagingSignature } from './signature.js';
import { sendNewMessageEmailJob } from './tasks/jobs.js';

/** The Veteran's own renewable prescription, or 404 (not theirs) / 422 (not renewable). */
export async function loadRenewablePrescription(ctx: AppContext, patientId: string, prescriptionId: string): Promise<LoadedPrescription> {
  const rx = await loadPrescription(ctx, patientId, prescriptionId);
  if (!rx) throw notFound('Prescription');
  if (!rx.eligibility.renewable) throw notEligible(rx.reasonText, rx.eligibility.reason, 'params.prescriptionId');
  return rx;
}

/** Reason for use is not in this product's prescription data yet; when Medications adds it, it is used. */
function reasonForUse(row: LoadedPrescription['row']): string | null {
  const value = (row as LoadedPrescription['row'] & { reason_for_use?: unknown }).reason_for_use;
  return typeof value === 'string' ? value : null;
}

/** The prefill for a loaded prescription, or the labels-only variant (null: it could not be loaded). */
export function prefillFor(rx: LoadedPrescription | null): RenewalPrefill {
  const row = rx?.row;
  const input: PrefillPrescription | null = row
    ? {
        name: row.medication_name,
        rxNumber: row.rx_number,
        instructions: row.instructions,
        prescriber: row.prescriber_last_name === null ? null : { name: `${row.prescriber_first_name} ${row.prescriber_last_name}, ${row.prescriber_title}` },
        refillsRemaining: row.refills_remaining,
        expirationDate: row.expiration_date,
        reasonForUse: reasonForUse(row),
        lastFillDate: row.last_fill_date,
        quantity: Number(row.quantity),
      }
    : null;
  return buildRenewalPrefill(input);
}

function refusal(reason: MessageRefusal, field: string): AppError {
  if (reason === 'NOT_ASSOCIATED') return notFound('Care team');
  return new AppError('conflict', SEND_CONFLICT_REASONS[reason], [{ field, message: SEND_CONFLICT_REASONS[reason] }], { reason });
}

/** 404 unless associated; for a new message or a reply, 409 with the reason mayMessageTeam gives. */
async function checkTeam(ctx: AppContext, patientId: string, careTeamId: string, purpose: MessagePurpose | 'draft', field = 'body.careTeamId') {
  const a = await findAssociation(ctx.db, patientId, careTeamId);
  if (!a) throw notFound('Care team');
  if (purpose === 'draft') return a;
  const may = mayMessageTeam({ blocked: a.blocked, preferred: a.preferred, isActive: a.is_active }, purpose);
  if (!may.allowed) throw refusal(may.reason, field);
  return a;
}

// --- signature ------------------------------------------------------------------------------

export async function getSignature(ctx: AppContext, patientId: string): Promise<MessagingSignature> {
  const row = await findSignature(ctx.db, patientId);
  return { name: row?.signature_name ?? '', title: row?.signature_title ?? '', include: row?.include_signature ?? false };
}

export async function saveSignature(ctx: AppContext, patientId: string, sig: MessagingSignature): Promise<MessagingSignature> {
  await upsertSignature(ctx.db, patientId, { name: sig.name.trim(), title: sig.title.trim(), include: sig.include }, ctx.clock.now());
  return getSignature(ctx, patientId);
}

// --- duplicates -----------------------------------------------------------------------------

/** An unanswered renewal request for this prescription inside the configured window, or null. */
export async function pendingRenewal(ctx: AppContext, patientId: string, prescriptionId: string) {
  const days = ctx.config.RENEWAL_DUPLICATE_WINDOW_DAYS;
  if (days <= 0) return null;
  const now = ctx.clock.now();
  const threads = await listRenewalRequests(ctx.db, patientId, prescriptionId, new Date(now.getTime() - days * 86_400_000));
  const p = pendingRenewalRequest(threads, now, days);
  return p ? { threadId: p.threadId, sentAt: p.createdAt.toISOString() } : null;
}

export const RENEWAL_ALREADY_REQUESTED =
  'You already sent a renewal request for this prescription and your care team hasn’t replied yet. To send another request, choose “Send another request”.';

// --- drafts ---------------------------------------------------------------------------------

/**
 * Start a draft. With a prescription: refuse (409 RENEWAL_ALREADY_REQUESTED) when an unanswered
 * request for it was sent recently, unless `sendAnother`; resume the open renewal draft for it if
 * there is one; else create one prefilled from the prescription. When the prescription can't be
 * loaded (a failure, not "not yours" or "not renewable"), the draft keeps VA.gov's labels with
 * blank values. The Veteran's messaging signature is added to the body (VA.gov).
 */
export async function startDraft(
  ctx: AppContext,
  patientId: string,
  input: { careTeamId: string; prescriptionId?: string | undefined; sendAnother?: boolean | undefined },
): Promise<{ id: string; resumed: boolean }> {
  await checkTeam(ctx, patientId, input.careTeamId, 'new');
  const now = ctx.clock.now();
  const signature = formatSignature(await getSignature(ctx, patientId));
  if (!input.prescriptionId) {
    const id = await insertDraft(ctx.db, patientId, { careTeamId: input.careTeamId, category: null, subject: '', body: signature }, null, now);
    return { id, resumed: false };
  }
  let rx: LoadedPrescription | null = null;
  try {
    rx = await loadRenewablePrescription(ctx, patientId, input.prescriptionId);
  } catch (err) {
    if (isAppError(err)) throw err;
    ctx.log.warn(
      { errorName: err instanceof Error ? err.name : 'unknown' },
      'renewal prescription could not be loaded; draft starts with blank medication details',
    );
  }
  if (rx) {
    const pending = input.sendAnother ? null : await pendingRenewal(ctx, patientId, rx.row.id);
    if (pending) {
      throw new AppError('conflict', RENEWAL_ALREADY_REQUESTED, [{ field: 'body.sendAnother', message: RENEWAL_ALREADY_REQUESTED }], {
        reason: 'RENEWAL_ALREADY_REQUESTED',
        threadId: pending.threadId,
      });
    }
    const existing = await findRenewalDraft(ctx.db, patientId, rx.row.id);
    if (existing) {
      await updateDraft(ctx.db, patientId, existing.id, { careTeamId: input.careTeamId }, now);
      return { id: existing.id, resumed: true };
    }
  }
  const p = prefillFor(rx);
  const body = `${truncate(p.body, BODY_MAX_LENGTH - codePointLength(signature))}${signature}`;
  try {
    const id = await insertDraft(
      ctx.db,
      patientId,
      { careTeamId: input.careTeamId, category: p.category, subject: p.subject, body },
      { prescriptionId: rx?.row.id ?? null, prefillState: p.state },
      now,
    );
    return { id, resumed: false };
  } catch (err) {
    // Two tabs raced to create the renewal draft: the unique index kept one; resume it.
    const again = rx ? await findRenewalDraft(ctx.db, patientId, rx.row.id) : undefined;
    if (again) return { id: again.id, resumed: true };
    throw err;
  }
}

const LOCKED_CATEGORY = 'Renewal requests use the Medication category.';

export async function saveDraft(ctx: AppContext, patientId: string, draftId: string, content: Partial<DraftContent>): Promise<void> {
  const draft = await findDraft(ctx.db, patientId, draftId);
  if (!draft) throw notFound('Draft');
  if (draft.prefill_state !== null && content.category !== undefined && content.category !== RENEWAL_CATEGORY) {
    throw new AppError('validation_failed', LOCKED_CATEGORY, [{ field: 'body.category', message: LOCKED_CATEGORY }]);
  }
  if (content.careTeamId) await checkTeam(ctx, patientId, content.careTeamId, 'draft');
  if (!(await updateDraft(ctx.db, patientId, draftId, content, ctx.clock.now()))) throw notFound('Draft');
}

// --- sending --------------------------------------------------------------------------------

export interface SendResult {
  threadId: string;
  messageId: string;
  sentAt: string;
  /** True when this answers a repeated request with the first result. */
  replayed: boolean;
}

const requestHash = (parts: unknown[]): string => createHash('sha256').update(JSON.stringify(parts)).digest('hex');
const KEY_REUSED = 'This Idempotency-Key was already used for a different request. Use a new key for a new message.';

/** The first result for a repeated request; 422 when the key was reused for something else. */
async function replay(ctx: AppContext, prior: SendKeyRow, hash: string | null): Promise<SendResult> {
  if (hash !== null && prior.request_hash !== hash) throw unprocessable(KEY_REUSED, 'headers.idempotency-key', { reason: 'IDEMPOTENCY_KEY_REUSED' });
  const m = prior.message_id ? await findSentMessage(ctx.db, prior.message_id) : undefined;
  if (!m) throw new AppError('conflict', 'This message is still being sent. Try again in a moment.'); // not reachable: the key row commits with its message
  return { threadId: m.thread_id, messageId: m.id, sentAt: m.sent_at.toISOString(), replayed: true };
}

/**
 * Claim the key inside `tx`; when someone else holds it (their transaction committed while we
 * waited on the unique index), return their row instead.
 */
async function claimOrFind(tx: Tx, row: { scope: string; key: string; requestHash: string; draftId: string | null }) {
  const id = await claimSendKey(tx, row);
  if (id) return { id } as const;
  const prior = (await findSendKey(tx, row.scope, row.key)) ?? (row.draftId ? await findSendKeyForDraft(tx, row.scope, row.draftId) : undefined);
  if (!prior) throw new AppError('conflict', 'This message is being sent from another window. Check your Sent folder.');
  return { prior } as const;
}

export interface SendInput {
  careTeamId: string;
  category: CategoryValue;
  subject: string;
  body: string;
  electronicSignature?: { fullName?: string | undefined; certified?: boolean | undefined } | undefined;
}

/**
 * Send a draft: the final content is saved to the draft first (so any failure keeps exactly what
 * the Veteran wrote), then one transaction claims the idempotency key, creates the thread and
 * message and deletes the draft.
 */
export async function sendDraft(ctx: AppContext, patientId: string, draftId: string, input: SendInput, key: string | null): Promise<SendResult> {
  const scope = `veteran:${patientId}`;
  const hash = requestHash(['send', draftId, input.careTeamId, input.category, input.subject, input.body, input.electronicSignature?.fullName?.trim() ?? null]);
  const findPrior = async () => {
    const byKey = key ? await findSendKey(ctx.db, scope, key) : undefined;
    if (byKey) return { row: byKey, hash };
    const byDraft = await findSendKeyForDraft(ctx.db, scope, draftId);
    return byDraft ? { row: byDraft, hash: null } : null; // the same draft, already sent: its first result
  };
  const prior = await findPrior();
  if (prior) return replay(ctx, prior.row, prior.hash);

  try {
    await saveDraft(ctx, patientId, draftId, { careTeamId: input.careTeamId, category: input.category, subject: input.subject, body: input.body });
  } catch (err) {
    // Sent a moment ago (another tab, a retried request): answer with that result, not a 404.
    const late = isAppError(err) && err.code === 'not_found' ? await findPrior() : null;
    if (late) return replay(ctx, late.row, late.hash);
    throw err;
  }
  const team = await checkTeam(ctx, patientId, input.careTeamId, 'new');
  let body = input.body;
  if (team.signature_required) {
    const issues = electronicSignatureIssues(input.electronicSignature);
    if (issues.length) throw new AppError('validation_failed', 'Messages to this care team need your electronic signature.', issues);
    body += electronicSignatureBlock(input.electronicSignature!.fullName!, ctx.clock.today());
  }
  if (codePointLength(body) > BODY_MAX_LENGTH) {
    const message = `Message must be ${BODY_MAX_LENGTH.toLocaleString('en-US')} characters or fewer, including your electronic signature`;
    throw new AppError('validation_failed', message, [{ field: 'body.body', message }]);
  }
  const now = ctx.clock.now();
  const outcome = await ctx.db.transaction().execute(async (tx) => {
    const claim = await claimOrFind(tx, { scope, key: key ?? `draft:${draftId}`, requestHash: hash, draftId });
    if ('prior' in claim) return { prior: claim.prior };
    const draft = await lockDraft(tx, patientId, draftId);
    if (!draft) throw notFound('Draft'); // deleted by the Veteran meanwhile
    const threadId = await insertThread(tx, {
      patientId,
      careTeamId: input.careTeamId,
      category: draft.prefill_state !== null ? RENEWAL_CATEGORY : input.category,
      subject: input.subject,
      renewalPrescriptionId: draft.renewal_prescription_id,
      now,
    });
    const message = await insertMessage(tx, { threadId, senderType: 'veteran', clinicianId: null, body, now });
    await deleteDraft(tx, patientId, draftId);
    await completeSendKey(tx, claim.id, threadId, message.id);
    return { sent: { threadId, messageId: message.id, sentAt: message.sent_at.toISOString(), replayed: false } };
  });
  if ('prior' in outcome && outcome.prior) return replay(ctx, outcome.prior, outcome.prior.idempotency_key === key ? hash : null);
  return outcome.sent!;
}

/** A Veteran's follow-up in their own thread (no e-mail: care teams work in their inbox). */
export async function veteranReply(ctx: AppContext, patientId: string, threadId: string, body: string, key: string | null): Promise<SendResult> {
  const thread = await findThreadForPatient(ctx.db, patientId, threadId);
  if (!thread) throw notFound('Conversation');
  await checkTeam(ctx, patientId, thread.care_team_id, 'reply', 'params.threadId');
  return reply(ctx, `veteran:${patientId}`, key, threadId, body, async (tx, now) =>
    insertMessage(tx, { threadId, senderType: 'veteran', clinicianId: null, body, now }),
  );
}

/**
 * A clinician's reply. The "new secure message" e-mail job is enqueued in the same transaction
 * as the message, so there is an e-mail job exactly when the reply exists.
 */
export async function clinicianReply(ctx: AppContext, clinicianId: string, threadId: string, body: string, key: string | null): Promise<SendResult> {
  const thread = await findThreadForClinician(ctx.db, clinicianId, threadId);
  if (!thread) throw notFound('Conversation');
  return reply(ctx, `clinician:${clinicianId}`, key, threadId, body, async (tx, now) => {
    const m = await insertMessage(tx, { threadId, senderType: 'clinician', clinicianId, body, now });
    await sendNewMessageEmailJob.enqueue(tx, { messageId: m.id });
    return m;
  });
}

async function reply(
  ctx: AppContext,
  scope: string,
  key: string | null,
  threadId: string,
  body: string,
  write: (tx: Tx, now: Date) => Promise<{ id: string; sent_at: Date }>,
): Promise<SendResult> {
  const hash = requestHash(['reply', threadId, body]);
  if (key) {
    const prior = await findSendKey(ctx.db, scope, key);
    if (prior) return replay(ctx, prior, hash);
  }
  const now = ctx.clock.now();
  const outcome = await ctx.db.transaction().execute(async (tx) => {
    const claim = key ? await claimOrFind(tx, { scope, key, requestHash: hash, draftId: null }) : null;
    if (claim && 'prior' in claim) return { prior: claim.prior };
    const m = await write(tx, now);
    if (claim) await completeSendKey(tx, claim.id, threadId, m.id);
    return { sent: { threadId, messageId: m.id, sentAt: m.sent_at.toISOString(), replayed: false } };
  });
  if ('prior' in outcome && outcome.prior) return replay(ctx, outcome.prior, hash);
  return outcome.sent!;
}

// --- care-team choice -----------------------------------------------------------------------

/** Everything the care-team pages need, from the rules in care-team-rules.ts. */
export async function careTeamChoice(ctx: AppContext, patientId: string, prescriptionId: string | undefined) {
  let rx: Awaited<ReturnType<typeof findPrescription>>;
  if (prescriptionId) {
    try {
      rx = await findPrescription(ctx.db, patientId, prescriptionId);
    } catch (err) {
      // The suggestion is a help, not a requirement: without the prescription the Veteran still chooses.
      ctx.log.warn({ errorName: err instanceof Error ? err.name : 'unknown' }, 'prescription for the care-team suggestion could not be loaded');
      rx = undefined;
      prescriptionId = undefined;
    }
    if (prescriptionId && !rx) throw notFound('Prescription');
  }
  const teams = await listTeamAssociations(ctx.db, patientId);
  const now = ctx.clock.now();
  const sent = await listSentToTeams(ctx.db, patientId, monthsBefore(now, RECENT_TEAMS_MONTHS));
  const view = (t: TeamAssociation) => ({
    id: t.id,
    name: t.name,
    stationNumber: t.stationNumber,
    healthCareSystemName: t.facilityName,
    signatureRequired: t.signatureRequired,
  });
  const startable = teams.filter((t) => mayMessageTeam(t, 'new').allowed);
  const systems = healthCareSystemStep(teams);
  const order = new Map(systems.systems.map((s, i) => [s.stationNumber, i]));
  startable.sort((a, b) => order.get(a.stationNumber)! - order.get(b.stationNumber)! || a.name.localeCompare(b.name));
  return {
    hasAvailableTeam: startable.length > 0,
    recentTeams: recentCareTeams(sent, teams, now).map(view),
    systemStep: systems,
    teams: startable.map(view),
    suggestedTeamId: suggestedTeam(teams, rx ? { stationNumber: rx.station_number, prescriberId: rx.prescriber_id } : null)?.id ?? null,
    blockedAlert: blockedTeamsAlert(teams),
    hasTeamsOutsideContactList: teams.some((t) => !t.preferred && !t.blocked && t.isActive),
    prescriptionFacility: rx ? { stationNumber: rx.station_number, name: rx.facility_name, phone: rx.facility_phone } : null,
  };
}
