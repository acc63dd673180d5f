/**
 * SQL for the shipment e-mail's life: claiming a send (a lease, so a crashed worker's claim expires),
 * recording VA Notify's answer, and status reports. The database trigger rejects any transition the
 * state machine does not allow, so these statements cannot regress a terminal state.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../../platform/db/pool.js';
import { addJobsCall, type JobSpec } from '../../platform/jobs/add-job.js';
import type { EmailStatus } from './email-status.js';
import { SHIPMENT_FOR_SEND_COLUMNS, type ShipmentForSend } from './shipments.dao.js';

export interface ClaimedEmail {
  id: string;
  shipment_id: string;
  attempts: number;
  /** What the e-mail says, read in the claiming statement. */
  shipment: ShipmentForSend;
}

type ClaimRow = Omit<ClaimedEmail, 'shipment'> & ShipmentForSend;

/** `claim` is an UPDATE of shipment_emails returning id, shipment_id, attempts: run it and read the shipment with it, in one statement. */
async function claimWithShipment(db: Db, claim: RawBuilder<unknown>): Promise<ClaimedEmail | undefined> {
  const res = await sql<ClaimRow>`
    with e as (${claim})
    select e.shipment_id, e.attempts, ${SHIPMENT_FOR_SEND_COLUMNS}
      from e join shipments s on s.id = e.shipment_id`.execute(db);
  const r = res.rows[0];
  if (!r) return undefined;
  const { shipment_id, attempts, ...shipment } = r;
  return { id: r.emailId, shipment_id, attempts, shipment };
}

/**
 * Take the send for one shipment: pending → submitting, or re-take a submitting row whose lease
 * expired (the previous worker crashed or failed). `attempts > 1` means an earlier attempt may have
 * reached VA Notify, so the caller must reconcile before sending again.
 */
export async function claimSend(db: Db, shipmentId: string, leaseSeconds: number): Promise<ClaimedEmail | undefined> {
  return claimWithShipment(
    db,
    sql`update shipment_emails
       set status = 'submitting', attempts = attempts + 1, lease_until = now() + make_interval(secs => ${leaseSeconds})
     where shipment_id = ${shipmentId}
       and notification_id is null
       and (status = 'pending' or (status = 'submitting' and (lease_until is null or lease_until < now())))
    returning id, shipment_id, attempts`,
  );
}

/**
 * VA Notify accepted the e-mail: store its id first, before anything else can retry; every send is
 * kept; `then` (the status poll) is enqueued with it. One statement: atomic without a transaction,
 * one round trip (it was five: begin, update, insert, enqueue, commit).
 */
export async function markAccepted(db: Db | Tx, emailId: string, notificationId: string, then: JobSpec[] = []): Promise<boolean> {
  const res = await sql<{ id: string }>`
    with e as (
      update shipment_emails
         set status = 'created', notification_id = ${notificationId}, accepted_at = now(), lease_until = null, last_error = null
       where id = ${emailId} and status = 'submitting'
      returning id, resends
    ), n as (
      insert into shipment_email_notifications (notification_id, shipment_email_id, send_number)
      select ${notificationId}, id, resends from e
      on conflict do nothing
    )
    select e.id${then.length ? sql`, ${addJobsCall(then)}` : sql``} from e`.execute(db);
  return res.rows.length > 0;
}

/**
 * Take a replay of an e-mail that ended temporary-failure: → submitting, notification id cleared
 * (the old one stays in shipment_email_notifications), attempts and resends counted.
 */
export async function claimResend(db: Db, emailId: string, leaseSeconds: number): Promise<ClaimedEmail | undefined> {
  return claimWithShipment(
    db,
    sql`update shipment_emails
       set status = 'submitting', notification_id = null, attempts = attempts + 1, resends = resends + 1,
           lease_until = now() + make_interval(secs => ${leaseSeconds}), status_reason = null, completed_at = null
     where id = ${emailId} and status = 'temporary-failure'
    returning id, shipment_id, attempts`,
  );
}

/** Notification ids already sent for this e-mail (a replay must not mistake one for its own). */
export async function sentNotificationIds(db: Db | Tx, emailId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('shipment_email_notifications').select('notification_id').where('shipment_email_id', '=', emailId).execute();
  return new Set(rows.map((r) => r.notification_id));
}

export async function recordResendRequest(tx: Tx, emailId: string, requestedBy: string): Promise<void> {
  await tx.insertInto('shipment_email_resend_requests').values({ shipment_email_id: emailId, requested_by: requestedBy }).execute();
}

/** VA Notify refused the request (non-retryable) or we gave up: terminal, with the reason. */
export async function markRejected(db: Db | Tx, emailId: string, reason: string): Promise<void> {
  await db
    .updateTable('shipment_emails')
    .set({ status: 'rejected', status_reason: reason.slice(0, 500), completed_at: sql<Date>`now()`, lease_until: null })
    .where('id', '=', emailId)
    .where('status', '=', 'submitting')
    .execute();
}

/** A retryable failure: keep `submitting`, release the lease so the retry can re-take it. */
export async function releaseAfterError(db: Db | Tx, emailId: string, error: string): Promise<void> {
  await db
    .updateTable('shipment_emails')
    .set({ lease_until: null, last_error: error.slice(0, 500) })
    .where('id', '=', emailId)
    .where('status', '=', 'submitting')
    .execute();
}

export interface EmailForStatus {
  id: string;
  status: EmailStatus;
  notification_id: string | null;
  accepted_at: Date | null;
}

export interface EmailForReport extends EmailForStatus {
  resends: number;
}

export interface EmailWithAge extends EmailForStatus {
  /** Seconds since VA Notify accepted it, by the database clock. */
  accepted_age_seconds: number | null;
}

/** The e-mail that any of our notifications (current or replaced) belongs to, locked. */
export async function lockByNotificationId(tx: Tx, notificationId: string): Promise<EmailForReport | undefined> {
  return tx
    .selectFrom('shipment_email_notifications as n')
    .innerJoin('shipment_emails as e', 'e.id', 'n.shipment_email_id')
    .select(['e.id', 'e.status', 'e.notification_id', 'e.accepted_at', 'e.resends'])
    .where('n.notification_id', '=', notificationId)
    .forUpdate('e')
    .executeTakeFirst();
}

/** The e-mail any of our notifications belongs to, without a lock (recordStatusReport's `guard` checks it again). */
export async function findByNotificationId(db: Db, notificationId: string): Promise<EmailForReport | undefined> {
  const res = await sql<EmailForReport>`
    select e.id, e.status, e.notification_id, e.accepted_at, e.resends
      from shipment_email_notifications n join shipment_emails e on e.id = n.shipment_email_id
     where n.notification_id = ${notificationId}::uuid`.execute(db);
  return res.rows[0];
}

/** `lock`: FOR UPDATE: waits for a concurrent change of the row to commit or roll back (held until commit in a transaction; outside one, only waited for). */
export async function findEmail(db: Db | Tx, emailId: string, opts: { lock?: boolean } = {}): Promise<EmailWithAge | undefined> {
  const q = db
    .selectFrom('shipment_emails')
    .select(['id', 'status', 'notification_id', 'accepted_at', sql<number | null>`extract(epoch from now() - accepted_at)::float8`.as('accepted_age_seconds')])
    .where('id', '=', emailId);
  return (opts.lock ? q.forUpdate() : q).executeTakeFirst();
}

export async function insertStatusReport(
  tx: Db | Tx,
  r: {
    notificationId: string;
    source: 'callback_signature' | 'callback_bearer' | 'poll';
    status: string;
    statusReason: string | null;
    applied: boolean;
    shipmentEmailId?: string | null;
    duplicate?: boolean;
  },
): Promise<void> {
  await tx
    .insertInto('notification_status_reports')
    .values({
      notification_id: r.notificationId,
      source: r.source,
      status: r.status.slice(0, 64),
      status_reason: r.statusReason?.slice(0, 500) ?? null,
      applied: r.applied,
      shipment_email_id: r.shipmentEmailId ?? null,
      duplicate: r.duplicate ?? false,
    })
    .execute();
}

export interface StatusReportRow {
  notificationId: string;
  source: 'callback_signature' | 'callback_bearer' | 'poll';
  status: string;
  statusReason: string | null;
  applied: boolean;
  shipmentEmailId: string;
  duplicate?: boolean;
}

/** An e-mail entering a new status, and what comes with it. */
export interface EmailStatusChange {
  emailId: string;
  status: EmailStatus;
  reason: string | null;
  terminal: boolean;
  /** The key of a pending job that the change makes pointless (the status poll). */
  removeJobKey?: string;
  /** Create the e-mail's AAL event with this id unless it has one; `then` is enqueued only if it was created. */
  aalEvent?: { id: string; then: JobSpec[] };
  /** Jobs enqueued with the change (a replay). */
  then?: JobSpec[];
}

/**
 * Everything a status report for a known notification writes, once its e-mail is locked, in one
 * statement: the notification's own last status, the report, and — when it applies — the
 * e-mail's new status, the removal of its pending poll, its AAL event and that event's job, or a
 * replay's job. (These were up to six statements, one round trip each, per callback.) The state
 * machine's trigger still guards the status change.
 *
 * `guard`: the e-mail as read without a lock; then the statement itself locks the row and writes
 * nothing unless it is still exactly that (status, notification id, resends), and says whether it
 * wrote (false: someone changed it meanwhile, so decide again under a lock).
 */
export async function recordStatusReport(
  db: Db | Tx,
  notification: { final: boolean },
  report: StatusReportRow,
  change?: EmailStatusChange,
  guard?: EmailForReport,
): Promise<boolean> {
  const status = report.status.slice(0, 64);
  const reason = report.statusReason?.slice(0, 500) ?? null;
  const ctes: RawBuilder<unknown>[] = [];
  if (guard) {
    ctes.push(sql`g as (
      select id from shipment_emails
       where id = ${guard.id}::uuid and status = ${guard.status} and notification_id is not distinct from ${guard.notification_id}::uuid and resends = ${guard.resends}::int
         for update)`);
  }
  const ok = guard ? sql`exists (select 1 from g)` : sql`true`;
  ctes.push(
    sql`ns as (
      update shipment_email_notifications set status = ${status}, status_reason = ${reason}${notification.final ? sql`, completed_at = now()` : sql``}
       where notification_id = ${report.notificationId}::uuid and ${ok})`,
    sql`rep as (
      insert into notification_status_reports (notification_id, source, status, status_reason, applied, shipment_email_id, duplicate)
      select ${report.notificationId}::uuid, ${report.source}, ${status}, ${reason}, ${report.applied}::boolean, ${report.shipmentEmailId}::uuid, ${report.duplicate ?? false}::boolean
       where ${ok})`,
  );
  const columns: RawBuilder<unknown>[] = [sql`${ok} as recorded`];
  if (change) {
    ctes.push(
      sql`e as (
        update shipment_emails set status = ${change.status}, status_reason = ${change.reason}${change.terminal ? sql`, completed_at = now()` : sql``}
         where id = ${change.emailId}::uuid and ${ok})`,
    );
    if (change.removeJobKey) columns.push(sql`case when ${ok} then (graphile_worker.remove_job(${change.removeJobKey})).id end as removed_job`);
    if (change.aalEvent) {
      ctes.push(
        sql`aal as (
          insert into aal_events (id, shipment_email_id, updated_at) select ${change.aalEvent.id}::uuid, ${change.emailId}::uuid, now() where ${ok}
          on conflict (shipment_email_id) do nothing
          returning id)`,
      );
      if (change.aalEvent.then.length)
        columns.push(sql`(select count(*) from ${addJobsCall(change.aalEvent.then, { onlyIf: sql`exists (select 1 from aal)` })}) as aal_jobs`);
    }
    if (change.then?.length) columns.push(sql`(select count(*) from ${addJobsCall(change.then, { onlyIf: ok })}) as jobs`);
  }
  const res = await sql<{ recorded: boolean }>`with ${sql.join(ctes)} select ${sql.join(columns)}`.execute(db);
  return res.rows[0]?.recorded === true;
}
