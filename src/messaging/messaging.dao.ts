/**
 * SQL for Secure Messaging. Veteran queries filter on patient id; clinician queries join through
 * care_team_members, so a clinician only ever reaches their own teams' threads.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../platform/db/pool.js';
import type { CategoryValue } from '../shared/message-rules.js';
import type { TeamAssociation } from './care-team-rules.js';

type Q = Db | Tx;

// --- care teams -----------------------------------------------------------------------------

/** Every team the Veteran is associated with (blocked and retired included), for the care-team rules. */
export async function listTeamAssociations(db: Q, patientId: string): Promise<TeamAssociation[]> {
  const rows = await db
    .selectFrom('patient_care_teams as pct')
    .innerJoin('care_teams as ct', 'ct.id', 'pct.care_team_id')
    .innerJoin('facilities as f', 'f.station_number', 'ct.station_number')
    .select([
      'ct.id',
      'ct.name',
      'ct.station_number',
      'ct.is_active',
      'ct.signature_required',
      'f.name as facility_name',
      'pct.blocked',
      'pct.preferred',
      sql<string[]>`coalesce((select array_agg(ctm.clinician_id::text) from care_team_members ctm where ctm.care_team_id = ct.id), '{}')`.as('member_ids'),
    ])
    .where('pct.patient_id', '=', patientId)
    .orderBy('ct.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    stationNumber: r.station_number,
    facilityName: r.facility_name,
    blocked: r.blocked,
    preferred: r.preferred,
    isActive: r.is_active,
    signatureRequired: r.signature_required,
    memberIds: r.member_ids,
  }));
}

/** The last time the Veteran sent each team a message, since `since` (for "recent care teams"). */
export async function listSentToTeams(db: Q, patientId: string, since: Date): Promise<Array<{ careTeamId: string; sentAt: Date }>> {
  const rows = await db
    .selectFrom('messages as m')
    .innerJoin('message_threads as t', 't.id', 'm.thread_id')
    .select((eb) => ['t.care_team_id', eb.fn.max('m.sent_at').as('last')])
    .where('t.patient_id', '=', patientId)
    .where('m.sender_type', '=', 'veteran')
    .where('m.sent_at', '>=', since)
    .groupBy('t.care_team_id')
    .execute();
  return rows.map((r) => ({ careTeamId: r.care_team_id, sentAt: new Date(r.last as unknown as string) }));
}

/** The Veteran's association with a team, or undefined when they are not associated. */
export async function findAssociation(db: Q, patientId: string, careTeamId: string) {
  return db
    .selectFrom('patient_care_teams as pct')
    .innerJoin('care_teams as ct', 'ct.id', 'pct.care_team_id')
    .innerJoin('facilities as f', 'f.station_number', 'ct.station_number')
    .select(['ct.id', 'ct.name', 'ct.station_number', 'f.name as facility_name', 'ct.is_active', 'ct.signature_required', 'pct.blocked', 'pct.preferred'])
    .where('pct.patient_id', '=', patientId)
    .where('pct.care_team_id', '=', careTeamId)
    .executeTakeFirst();
}

/** Renewal requests the Veteran sent for one prescription since `since`, with whether the team answered. */
export async function listRenewalRequests(db: Q, patientId: string, prescriptionId: string, since: Date) {
  const rows = await db
    .selectFrom('message_threads as t')
    .select((eb) => [
      't.id',
      't.created_at',
      eb.exists(eb.selectFrom('messages as m').select('m.id').whereRef('m.thread_id', '=', 't.id').where('m.sender_type', '=', 'clinician')).as('answered'),
    ])
    .where('t.patient_id', '=', patientId)
    .where('t.renewal_prescription_id', '=', prescriptionId)
    .where('t.created_at', '>=', since)
    .execute();
  return rows.map((r) => ({ threadId: r.id, createdAt: r.created_at, answered: Boolean(r.answered) }));
}

// --- signature ------------------------------------------------------------------------------

export async function findSignature(db: Q, patientId: string) {
  return db.selectFrom('messaging_signatures').selectAll().where('patient_id', '=', patientId).executeTakeFirst();
}

export async function upsertSignature(db: Q, patientId: string, sig: { name: string; title: string; include: boolean }, now: Date): Promise<void> {
  const values = { signature_name: sig.name, signature_title: sig.title, include_signature: sig.include, updated_at: now };
  await db
    .insertInto('messaging_signatures')
    .values({ patient_id: patientId, ...values })
    .onConflict((oc) => oc.column('patient_id').doUpdateSet(values))
    .execute();
}

// --- idempotency keys -----------------------------------------------------------------------

export type SendKeyRow = NonNullable<Awaited<ReturnType<typeof findSendKey>>>;

export async function findSendKey(db: Q, scope: string, key: string) {
  return db.selectFrom('message_send_keys').selectAll().where('scope', '=', scope).where('idempotency_key', '=', key).executeTakeFirst();
}

export async function findSendKeyForDraft(db: Q, scope: string, draftId: string) {
  return db.selectFrom('message_send_keys').selectAll().where('scope', '=', scope).where('draft_id', '=', draftId).executeTakeFirst();
}

/**
 * Claim a key inside the sending transaction. Returns the new row's id, or undefined when the key
 * (or the draft) is already claimed: a concurrent claimer waits here until the first transaction
 * ends, then sees its committed row.
 */
export async function claimSendKey(tx: Tx, row: { scope: string; key: string; requestHash: string; draftId: string | null }): Promise<string | undefined> {
  const res = await tx
    .insertInto('message_send_keys')
    .values({ scope: row.scope, idempotency_key: row.key, request_hash: row.requestHash, draft_id: row.draftId, thread_id: null, message_id: null })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return res?.id;
}

export async function completeSendKey(tx: Tx, id: string, threadId: string, messageId: string): Promise<void> {
  await tx.updateTable('message_send_keys').set({ thread_id: threadId, message_id: messageId }).where('id', '=', id).execute();
}

/** The stored result of a completed send (for replaying it). */
export async function findSentMessage(db: Q, messageId: string) {
  return db.selectFrom('messages').select(['id', 'thread_id', 'sent_at']).where('id', '=', messageId).executeTakeFirst();
}

// --- drafts ---------------------------------------------------------------------------------

const draftColumns = [
  'd.id',
  'd.care_team_id',
  'd.category',
  'd.subject',
  'd.body',
  'd.renewal_prescription_id',
  'd.prefill_state',
  'd.created_at',
  'd.updated_at',
  'ct.name as care_team_name',
  'ct.signature_required',
  'f.name as facility_name',
] as const;

function draftQuery(db: Q) {
  return db
    .selectFrom('message_drafts as d')
    .leftJoin('care_teams as ct', 'ct.id', 'd.care_team_id')
    .leftJoin('facilities as f', 'f.station_number', 'ct.station_number')
    .select(draftColumns);
}
export type DraftRow = NonNullable<Awaited<ReturnType<typeof findDraft>>>;

export async function findDraft(db: Q, patientId: string, id: string) {
  return draftQuery(db).where('d.patient_id', '=', patientId).where('d.id', '=', id).executeTakeFirst();
}

export async function findRenewalDraft(db: Q, patientId: string, prescriptionId: string) {
  return draftQuery(db).where('d.patient_id', '=', patientId).where('d.renewal_prescription_id', '=', prescriptionId).executeTakeFirst();
}

export async function listDrafts(db: Q, patientId: string) {
  return draftQuery(db).where('d.patient_id', '=', patientId).orderBy('d.updated_at', 'desc').execute();
}

export interface DraftContent {
  careTeamId: string | null;
  category: CategoryValue | null;
  subject: string;
  body: string;
}

export async function insertDraft(
  db: Q,
  patientId: string,
  content: DraftContent,
  renewal: { prescriptionId: string | null; prefillState: 'loaded' | 'unavailable' } | null,
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('message_drafts')
    .values({
      patient_id: patientId,
      care_team_id: content.careTeamId,
      category: content.category,
      subject: content.subject,
      body: content.body,
      renewal_prescription_id: renewal?.prescriptionId ?? null,
      prefill_state: renewal?.prefillState ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Returns false when the draft is not the Veteran's (or no longer exists). */
export async function updateDraft(db: Q, patientId: string, id: string, content: Partial<DraftContent>, now: Date): Promise<boolean> {
  const res = await db
    .updateTable('message_drafts')
    .set({
      ...(content.careTeamId !== undefined ? { care_team_id: content.careTeamId } : {}),
      ...(content.category !== undefined ? { category: content.category } : {}),
      ...(content.subject !== undefined ? { subject: content.subject } : {}),
      ...(content.body !== undefined ? { body: content.body } : {}),
      updated_at: now,
    })
    .where('patient_id', '=', patientId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function deleteDraft(db: Q, patientId: string, id: string): Promise<boolean> {
  const res = await db.deleteFrom('message_drafts').where('patient_id', '=', patientId).where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

/** Lock the draft for sending (two tabs pressing Send at once send one message). */
export async function lockDraft(tx: Tx, patientId: string, id: string) {
  return tx.selectFrom('message_drafts').selectAll().where('patient_id', '=', patientId).where('id', '=', id).forUpdate().executeTakeFirst();
}

// --- threads and messages -------------------------------------------------------------------

export async function insertThread(
  tx: Tx,
  t: { patientId: string; careTeamId: string; category: CategoryValue; subject: string; renewalPrescriptionId: string | null; now: Date },
): Promise<string> {
  const row = await tx
    .insertInto('message_threads')
    .values({
      patient_id: t.patientId,
      care_team_id: t.careTeamId,
      category: t.category,
      subject: t.subject,
      renewal_prescription_id: t.renewalPrescriptionId,
      created_at: t.now,
      last_message_at: t.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertMessage(
  tx: Tx,
  m: { threadId: string; senderType: 'veteran' | 'clinician'; clinicianId: string | null; body: string; now: Date },
): Promise<{ id: string; sent_at: Date }> {
  const row = await tx
    .insertInto('messages')
    .values({
      thread_id: m.threadId,
      sender_type: m.senderType,
      sender_clinician_id: m.clinicianId,
      body: m.body,
      sent_at: m.now,
      read_at: null,
      notification_id: null,
      notified_at: null,
    })
    .returning(['id', 'sent_at'])
    .executeTakeFirstOrThrow();
  await tx.updateTable('message_threads').set({ last_message_at: m.now }).where('id', '=', m.threadId).execute();
  return row;
}

function threadQuery(db: Q) {
  return db
    .selectFrom('message_threads as t')
    .innerJoin('care_teams as ct', 'ct.id', 't.care_team_id')
    .innerJoin('facilities as f', 'f.station_number', 'ct.station_number')
    .innerJoin('patients as p', 'p.id', 't.patient_id')
    .select([
      't.id',
      't.patient_id',
      't.care_team_id',
      't.category',
      't.subject',
      't.renewal_prescription_id',
      't.created_at',
      't.last_message_at',
      'ct.name as care_team_name',
      'ct.is_active as care_team_active',
      'f.name as facility_name',
      'f.station_number',
      'p.first_name as patient_first_name',
      'p.last_name as patient_last_name',
    ]);
}
export type ThreadRow = NonNullable<Awaited<ReturnType<typeof findThreadForPatient>>>;

export async function findThreadForPatient(db: Q, patientId: string, threadId: string) {
  return threadQuery(db).where('t.patient_id', '=', patientId).where('t.id', '=', threadId).executeTakeFirst();
}

export async function findThreadForClinician(db: Q, clinicianId: string, threadId: string) {
  return threadQuery(db)
    .where('t.id', '=', threadId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('care_team_members as ctm')
          .select('ctm.care_team_id')
          .whereRef('ctm.care_team_id', '=', 't.care_team_id')
          .where('ctm.clinician_id', '=', clinicianId),
      ),
    )
    .executeTakeFirst();
}

export async function listThreadMessages(db: Q, threadId: string) {
  return db
    .selectFrom('messages as m')
    .leftJoin('clinicians as c', 'c.id', 'm.sender_clinician_id')
    .select([
      'm.id',
      'm.sender_type',
      'm.body',
      'm.sent_at',
      'm.read_at',
      'c.first_name as clinician_first_name',
      'c.last_name as clinician_last_name',
      'c.title as clinician_title',
    ])
    .where('m.thread_id', '=', threadId)
    .orderBy('m.sent_at')
    .orderBy('m.seq')
    .execute();
}

/** Mark the other side's messages in a thread read (the reader opened it). */
export async function markThreadRead(db: Q, threadId: string, writtenBy: 'veteran' | 'clinician', now: Date): Promise<void> {
  await db
    .updateTable('messages')
    .set({ read_at: now })
    .where('thread_id', '=', threadId)
    .where('sender_type', '=', writtenBy)
    .where('read_at', 'is', null)
    .execute();
}

/**
 * A Veteran's folder: one row per message, newest first. Inbox holds the care team's messages,
 * Sent the Veteran's own.
 */
export async function listVeteranFolder(db: Q, patientId: string, folder: 'inbox' | 'sent') {
  return db
    .selectFrom('messages as m')
    .innerJoin('message_threads as t', 't.id', 'm.thread_id')
    .innerJoin('care_teams as ct', 'ct.id', 't.care_team_id')
    .innerJoin('facilities as f', 'f.station_number', 'ct.station_number')
    .leftJoin('clinicians as c', 'c.id', 'm.sender_clinician_id')
    .select([
      'm.id',
      'm.thread_id',
      'm.body',
      'm.sent_at',
      'm.read_at',
      't.subject',
      't.category',
      't.renewal_prescription_id',
      'ct.name as care_team_name',
      'f.name as facility_name',
      'c.first_name as clinician_first_name',
      'c.last_name as clinician_last_name',
      'c.title as clinician_title',
    ])
    .where('t.patient_id', '=', patientId)
    .where('m.sender_type', '=', folder === 'inbox' ? 'clinician' : 'veteran')
    .orderBy('m.sent_at', 'desc')
    .orderBy('m.seq', 'desc')
    .limit(200)
    .execute();
}

/** Threads of every team the clinician belongs to, newest activity first. */
export async function listCareTeamInbox(db: Q, clinicianId: string) {
  return threadQuery(db)
    .innerJoin('care_team_members as ctm', 'ctm.care_team_id', 't.care_team_id')
    .select((eb) => [
      eb
        .selectFrom('messages as m')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('m.thread_id', '=', 't.id')
        .where('m.sender_type', '=', 'veteran')
        .where('m.read_at', 'is', null)
        .as('unread_count'),
      eb
        .selectFrom('messages as m')
        .select('m.sender_type')
        .whereRef('m.thread_id', '=', 't.id')
        // seq: the later of two messages sent at the same instant (migration 0013).
        .orderBy('m.sent_at', 'desc')
        .orderBy('m.seq', 'desc')
        .limit(1)
        .as('last_sender_type'),
    ])
    .where('ctm.clinician_id', '=', clinicianId)
    .orderBy('t.last_message_at', 'desc')
    .limit(200)
    .execute();
}

// --- notification bookkeeping ---------------------------------------------------------------

export async function loadMessageForEmail(db: Q, messageId: string) {
  return db
    .selectFrom('messages as m')
    .innerJoin('message_threads as t', 't.id', 'm.thread_id')
    .innerJoin('patients as p', 'p.id', 't.patient_id')
    .select(['m.id', 'm.sender_type', 'm.notification_id', 'p.icn'])
    .where('m.id', '=', messageId)
    .executeTakeFirst();
}

/** Record VA Notify's id once; returns false if a (racing) attempt recorded one first. */
export async function recordNotification(db: Q, messageId: string, notificationId: string, now: Date): Promise<boolean> {
  const res = await db
    .updateTable('messages')
    .set({ notification_id: notificationId, notified_at: now })
    .where('id', '=', messageId)
    .where('notification_id', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
