/**
 * SQL for the shipment e-mail's life: claiming a send (a lease, so a crashed worker's claim expires),
 * recording VA Notify's answer, and status reports. The database trigger rejects any transition the
 * state machine does not allow, so these statements cannot regress a terminal state.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/pool.js';
import type { EmailStatus } from './email-status.js';

export interface ClaimedEmail {
  id: string;
  shipment_id: string;
  attempts: number;
}

/**
 * Take the send for one shipment: pending → submitting, or re-take a submitting row whose lease
 * expired (the previous worker crashed or failed). `attempts > 1` means an earlier attempt may have
 * reached VA Notify, so the caller must reconcile before sending again.
 */
export async function claimSend(db: Db, shipmentId: string, leaseSeconds: number): Promise<ClaimedEmail | undefined> {
  const res = await sql<ClaimedEmail>`
    update shipment_emails
       set status = 'submitting', attempts = attempts + 1, lease_until = now() + make_interval(secs => ${leaseSeconds})
     where shipment_id = ${shipmentId}
       and notification_id is null
       and (status = 'pending' or (status = 'submitting' and (lease_until is null or lease_until < now())))
    returning id, shipment_id, attempts`.execute(db);
  return res.rows[0];
}

/** VA Notify accepted the e-mail: store its id first, before anything else can retry. */
export async function markAccepted(tx: Tx, emailId: string, notificationId: string): Promise<boolean> {
  const res = await tx
    .updateTable('shipment_emails')
    .set({ status: 'created', notification_id: notificationId, accepted_at: sql<Date>`now()`, lease_until: null, last_error: null })
    .where('id', '=', emailId)
    .where('status', '=', 'submitting')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
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

export interface EmailWithAge extends EmailForStatus {
  /** Seconds since VA Notify accepted it, by the database clock. */
  accepted_age_seconds: number | null;
}

export async function lockByNotificationId(tx: Tx, notificationId: string): Promise<EmailForStatus | undefined> {
  return tx
    .selectFrom('shipment_emails')
    .select(['id', 'status', 'notification_id', 'accepted_at'])
    .where('notification_id', '=', notificationId)
    .forUpdate()
    .executeTakeFirst();
}

export async function findEmail(db: Db | Tx, emailId: string): Promise<EmailWithAge | undefined> {
  return db
    .selectFrom('shipment_emails')
    .select(['id', 'status', 'notification_id', 'accepted_at', sql<number | null>`extract(epoch from now() - accepted_at)::float8`.as('accepted_age_seconds')])
    .where('id', '=', emailId)
    .executeTakeFirst();
}

export async function setStatus(tx: Tx, emailId: string, status: EmailStatus, reason: string | null, terminal: boolean): Promise<void> {
  await tx
    .updateTable('shipment_emails')
    .set({ status, status_reason: reason, ...(terminal ? { completed_at: sql<Date>`now()` } : {}) })
    .where('id', '=', emailId)
    .execute();
}

export async function insertStatusReport(
  tx: Db | Tx,
  r: { notificationId: string; source: 'callback_signature' | 'callback_bearer' | 'poll'; status: string; statusReason: string | null; applied: boolean },
): Promise<void> {
  await tx
    .insertInto('notification_status_reports')
    .values({ notification_id: r.notificationId, source: r.source, status: r.status.slice(0, 64), status_reason: r.statusReason?.slice(0, 500) ?? null, applied: r.applied })
    .execute();
}
