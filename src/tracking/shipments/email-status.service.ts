/**
 * One place where VA Notify status reports (callbacks and polls alike) change a shipment e-mail,
 * so both paths converge on the same state. Duplicates and out-of-order reports are recorded and
 * ignored: the state machine only moves forward and never leaves a terminal state. Delivery
 * creates the AAL event (once: unique per e-mail) and its job in the same transaction. A final
 * status removes the e-mail's pending status poll: the poll would only find the e-mail final.
 *
 * Soft failures recover: temporary-failure schedules a replay (a new notification with the same
 * reference) through the one retry decision, with backoff and a limit (resendPolicy); a later
 * delivered / permanent-failure of the same notification still applies. Every notification sent
 * for an e-mail is known (shipment_email_notifications): a report for one that is no longer the
 * e-mail's current one is recorded and flagged `duplicate` — and if it says delivered, the
 * Veteran did get an e-mail, so the e-mail becomes delivered (once). A report whose notification we
 * never recorded but whose `reference` is one of our e-mails is also recorded as a duplicate,
 * unless that e-mail's send is still in flight (its id not stored yet): then the caller asks VA
 * Notify to retry (503).
 */
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/pool.js';
import { decideRetry } from '../../platform/jobs/retry.js';
import { canTransition, fromVaNotifyStatus, isTerminal, type EmailStatus } from './email-status.js';
import { findEmail, insertStatusReport, lockByNotificationId, setNotificationStatus, setStatus } from './shipment-emails.dao.js';
import { pollShipmentEmailJob, postAalEventJob, resendPolicy, resendShipmentEmailJob } from '../tasks/jobs.js';

export interface StatusReport {
  notificationId: string;
  /** VA Notify status value, e.g. "delivered". */
  status: string;
  statusReason: string | null;
  source: 'callback_signature' | 'callback_bearer' | 'poll';
  /** Our reference as VA Notify reports it (callbacks carry it): identifies notifications we never recorded. */
  reference?: string | null;
}

export type ApplyResult =
  | { kind: 'unknown' }
  /** Our reference, but the first send has not stored its notification id yet: ask for a retry. */
  | { kind: 'in-flight' }
  | { kind: 'applied'; from: EmailStatus; to: EmailStatus }
  | { kind: 'ignored'; current: EmailStatus }
  /** A notification of ours that is not the e-mail's current one (replaced send, or never recorded). */
  | { kind: 'duplicate'; applied: boolean };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function enterStatus(ctx: AppContext, tx: Tx, email: { id: string; resends: number }, target: EmailStatus, reason: string | null): Promise<void> {
  await setStatus(tx, email.id, target, reason, isTerminal(target));
  if (isTerminal(target)) await pollShipmentEmailJob.remove(tx, { emailId: email.id, round: 0 });
  if (target === 'delivered') {
    const created = await tx
      .insertInto('aal_events')
      .values({ shipment_email_id: email.id, updated_at: sql<Date>`now()` })
      .onConflict((oc) => oc.column('shipment_email_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (created) await postAalEventJob.enqueue(tx, { aalEventId: created.id });
  }
  if (target === 'temporary-failure') {
    const decision = decideRetry(resendPolicy(ctx.config), { retryable: true, attempt: email.resends + 1 });
    if (decision.action === 'retry') await resendShipmentEmailJob.enqueue(tx, { emailId: email.id }, { delaySeconds: decision.delaySeconds });
    else ctx.log.warn({ shipmentEmailId: email.id, resends: email.resends }, 'shipment e-mail soft-failed after every replay; left for an operator');
  }
}

export async function applyStatusReport(ctx: AppContext, report: StatusReport): Promise<ApplyResult> {
  return ctx.db.transaction().execute(async (tx) => {
    let email = await lockByNotificationId(tx, report.notificationId);
    const target = fromVaNotifyStatus(report.status);
    if (!email) {
      // Locked: waits for a send that is storing its notification id right now. If the id is there
      // now, that send committed after the read above (each statement sees what had committed when
      // it started): read again, instead of recording our own report as a stranger's.
      const ours = report.reference && UUID.test(report.reference) ? await findEmail(tx, report.reference, { lock: true }) : undefined;
      if (ours && ours.notification_id === report.notificationId) email = await lockByNotificationId(tx, report.notificationId);
      if (!email) {
        if (ours && ours.status === 'submitting' && ours.notification_id === null) return { kind: 'in-flight' } as const;
        await insertStatusReport(tx, { ...report, applied: false, shipmentEmailId: ours?.id ?? null, duplicate: !!ours });
        if (ours)
          ctx.log.warn(
            { shipmentEmailId: ours.id, status: report.status },
            'status report for a notification we never recorded that carries our reference: recorded as a duplicate',
          );
        return ours ? ({ kind: 'duplicate', applied: false } as const) : ({ kind: 'unknown' } as const);
      }
    }
    await setNotificationStatus(
      tx,
      report.notificationId,
      report.status,
      report.statusReason,
      target !== null && target !== 'created' && target !== 'delivering',
    );
    if (email.notification_id !== report.notificationId) {
      // A replaced send reporting late. Only "delivered" still matters: the Veteran has an e-mail.
      // Not while a replay is being submitted: that send decides (it may already be at VA Notify).
      const applies = target === 'delivered' && email.status !== 'submitting' && canTransition(email.status, 'delivered');
      await insertStatusReport(tx, { ...report, applied: applies, shipmentEmailId: email.id, duplicate: true });
      if (applies) await enterStatus(ctx, tx, email, 'delivered', report.statusReason);
      return { kind: 'duplicate', applied: applies } as const;
    }
    const applies = target !== null && canTransition(email.status, target);
    await insertStatusReport(tx, { ...report, applied: applies, shipmentEmailId: email.id });
    if (!applies || target === null) return { kind: 'ignored', current: email.status } as const;
    await enterStatus(ctx, tx, email, target, report.statusReason);
    return { kind: 'applied', from: email.status, to: target } as const;
  });
}
