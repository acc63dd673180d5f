/**
 * Secure Messaging use cases that span several statements: starting drafts (with the renewal
 * prefill), sending a draft, and a clinician's reply (which enqueues the e-mail job in the same
 * transaction). Terminology: see message-rules.ts.
 */
import type { AppContext } from '../platform/context.js';
import { AppError, notEligible, notFound } from '../platform/http/errors.js';
import { ELIGIBILITY_REASONS, findPrescription, toMedication, type Medication } from '../medications/index.js';
import {
  deleteDraft, findAssociation, findDraft, findRenewalDraft, findThreadForClinician, findThreadForPatient, insertDraft,
  insertMessage, insertThread, lockDraft, updateDraft, type DraftContent,
} from './messaging.dao.js';
import { SEND_CONFLICT_REASONS, type CategoryValue, type SendConflictReason } from './message-rules.js';
import { buildRenewalPrefill, type RenewalPrefill } from './renewal-prefill.js';
import { sendNewMessageEmailJob } from './tasks/jobs.js';

/** The Veteran's own renewable prescription, or 404 (not theirs) / 422 (not renewable). */
export async function loadRenewablePrescription(ctx: AppContext, patientId: string, prescriptionId: string): Promise<Medication> {
  const row = await findPrescription(ctx.db, patientId, prescriptionId);
  if (!row) throw notFound('Prescription');
  const rx = toMedication(row, ctx.clock.today(), ctx.config.RENEWAL_WINDOW_DAYS);
  if (!rx.eligibility.renewable) {
    throw notEligible(`${ELIGIBILITY_REASONS[rx.eligibility.reason]}`, rx.eligibility.reason, 'params.prescriptionId');
  }
  return rx;
}

export function prefillFor(rx: Medication): RenewalPrefill {
  return buildRenewalPrefill({ name: rx.name, rxNumber: rx.rxNumber, lastFillDate: rx.lastFillDate, quantity: rx.quantity, prescriber: rx.prescriber, facility: rx.facility });
}

function conflict(reason: SendConflictReason): AppError {
  return new AppError('conflict', SEND_CONFLICT_REASONS[reason], [{ field: 'body.careTeamId', message: SEND_CONFLICT_REASONS[reason] }], { reason });
}

/** 404 unless the Veteran is associated with the team; 409 when blocked or retired (if `forSend`). */
async function checkTeam(ctx: AppContext, patientId: string, careTeamId: string, forSend: boolean): Promise<void> {
  const a = await findAssociation(ctx.db, patientId, careTeamId);
  if (!a) throw notFound('Care team');
  if (!forSend) return;
  if (a.blocked) throw conflict('CARE_TEAM_BLOCKED');
  if (!a.is_active) throw conflict('CARE_TEAM_INACTIVE');
}

/**
 * Start a draft. With a prescription: resume the open renewal draft for it if there is one (the
 * Veteran came back through the link), else create one prefilled from the prescription.
 */
export async function startDraft(
  ctx: AppContext,
  patientId: string,
  input: { careTeamId: string; prescriptionId?: string | undefined },
): Promise<{ id: string; resumed: boolean }> {
  await checkTeam(ctx, patientId, input.careTeamId, true);
  const now = ctx.clock.now();
  if (!input.prescriptionId) {
    const id = await insertDraft(ctx.db, patientId, { careTeamId: input.careTeamId, category: null, subject: '', body: '' }, null, now);
    return { id, resumed: false };
  }
  const rx = await loadRenewablePrescription(ctx, patientId, input.prescriptionId);
  const existing = await findRenewalDraft(ctx.db, patientId, rx.id);
  if (existing) {
    await updateDraft(ctx.db, patientId, existing.id, { careTeamId: input.careTeamId }, now);
    return { id: existing.id, resumed: true };
  }
  const p = prefillFor(rx);
  try {
    const id = await insertDraft(ctx.db, patientId, { careTeamId: input.careTeamId, category: p.category, subject: p.subject, body: p.body }, rx.id, now);
    return { id, resumed: false };
  } catch (err) {
    // Two tabs raced to create the renewal draft: the unique index kept one; resume it.
    const again = await findRenewalDraft(ctx.db, patientId, rx.id);
    if (again) return { id: again.id, resumed: true };
    throw err;
  }
}

export async function saveDraft(ctx: AppContext, patientId: string, draftId: string, content: Partial<DraftContent>): Promise<void> {
  if (!(await findDraft(ctx.db, patientId, draftId))) throw notFound('Draft');
  if (content.careTeamId) await checkTeam(ctx, patientId, content.careTeamId, false);
  if (!(await updateDraft(ctx.db, patientId, draftId, content, ctx.clock.now()))) throw notFound('Draft');
}

export interface SendInput {
  careTeamId: string;
  category: CategoryValue;
  subject: string;
  body: string;
}

/**
 * Send a draft: the final content is saved to the draft first (so any failure keeps exactly what
 * the Veteran wrote), then one transaction creates the thread and message and deletes the draft.
 */
export async function sendDraft(ctx: AppContext, patientId: string, draftId: string, input: SendInput) {
  await saveDraft(ctx, patientId, draftId, input);
  await checkTeam(ctx, patientId, input.careTeamId, true);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const draft = await lockDraft(tx, patientId, draftId);
    if (!draft) throw notFound('Draft'); // sent a moment ago from another tab
    const threadId = await insertThread(tx, {
      patientId,
      careTeamId: input.careTeamId,
      category: input.category,
      subject: input.subject,
      renewalPrescriptionId: draft.renewal_prescription_id,
      now,
    });
    const message = await insertMessage(tx, { threadId, senderType: 'veteran', clinicianId: null, body: input.body, now });
    await deleteDraft(tx, patientId, draftId);
    return { threadId, messageId: message.id, sentAt: message.sent_at.toISOString() };
  });
}

/** A Veteran's follow-up in their own thread (no e-mail: care teams work in their inbox). */
export async function veteranReply(ctx: AppContext, patientId: string, threadId: string, body: string) {
  const thread = await findThreadForPatient(ctx.db, patientId, threadId);
  if (!thread) throw notFound('Conversation');
  await checkTeam(ctx, patientId, thread.care_team_id, true);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const m = await insertMessage(tx, { threadId, senderType: 'veteran', clinicianId: null, body, now });
    return { threadId, messageId: m.id, sentAt: m.sent_at.toISOString() };
  });
}

/**
 * A clinician's reply. The "new secure message" e-mail job is enqueued in the same transaction
 * as the message, so there is an e-mail job exactly when the reply exists.
 */
export async function clinicianReply(ctx: AppContext, clinicianId: string, threadId: string, body: string) {
  const thread = await findThreadForClinician(ctx.db, clinicianId, threadId);
  if (!thread) throw notFound('Conversation');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const m = await insertMessage(tx, { threadId, senderType: 'clinician', clinicianId, body, now });
    await sendNewMessageEmailJob.enqueue(tx, { messageId: m.id });
    return { threadId, messageId: m.id, sentAt: m.sent_at.toISOString() };
  });
}
