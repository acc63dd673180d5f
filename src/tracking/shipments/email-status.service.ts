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
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { decideRetry } from '../../platform/jobs/retry.js';
import { canTransition, fromVaNotifyStatus, isTerminal, type EmailStatus } from './email-status.js';
import {
  findByNotificationId,
  findEmail,
  insertStatusReport,
  lockByNotificationId,
  recordStatusReport,
  type EmailStatusChange,
} from './shipment-emails.dao.js';
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

/**
 * What entering `target` writes (recordStatusReport writes it with the report, in one statement): a
 * final status removes the pending poll; delivered creates the AAL event (once: unique per e-mail)
 * and its job; temporary-failure schedules a replay through the one retry decision, or is left
 * for an operator once the replays are used up (`replaysUsedUp`: the caller says so once written).
 */
function statusChange(
  ctx: AppContext,
  email: { id: string; resends: number },
  target: EmailStatus,
  reason: string | null,
): EmailStatusChange & { replaysUsedUp?: boolean } {
  const change: EmailStatusChange & { replaysUsedUp?: boolean } = { emailId: email.id, status: target, reason, terminal: isTerminal(target) };
  if (isTerminal(target)) change.removeJobKey = pollShipmentEmailJob.spec({ emailId: email.id, round: 0 }).jobKey;
  if (target === 'delivered') {
    const aalEventId = randomUUID();
    change.aalEvent = { id: aalEventId, then: [postAalEventJob.spec({ aalEventId })] };
  }
  if (target === 'temporary-failure') {
    const decision = decideRetry(resendPolicy(ctx.config), { retryable: true, attempt: email.resends + 1 });
    if (decision.action === 'retry') change.then = [resendShipmentEmailJob.spec({ emailId: email.id }, { delaySeconds: decision.delaySeconds })];
    else change.replaysUsedUp = true;
  }
  return change;
}

function warnIfReplaysUsedUp(ctx: AppContext, change: { replaysUsedUp?: boolean } | undefined, email: { id: string; resends: number }): void {
  if (change?.replaysUsedUp)
    ctx.log.warn({ shipmentEmailId: email.id, resends: email.resends }, 'shipment e-mail soft-failed after every replay; left for an operator');
}

const isFinal = (target: EmailStatus | null) => target !== null && target !== 'created' && target !== 'delivering';

/**
 * The common cases without a transaction: a report for the e-mail's current notification is one
 * unlocked read, then one statement that locks the e-mail row and writes only if it is still what
 * was read (2 round trips instead of begin, lock, write, commit); a report racing the send that
 * stores its notification id is in flight after one more read. Undefined otherwise, or when the
 * row changed meanwhile: the caller then decides again under a lock.
 */
async function applyWithoutTransaction(ctx: AppContext, report: StatusReport, target: EmailStatus | null): Promise<ApplyResult | undefined> {
  const email = await findByNotificationId(ctx.db, report.notificationId);
  if (!email) {
    // Not recorded (yet): if our reference names an e-mail whose first send has not stored its
    // notification id, the callback raced that send: in flight, the caller waits and asks again.
    // The read waits for the row's lock (a send committing right now) but holds none: one statement
    // instead of a transaction per wait; a send that has committed meanwhile is found under the lock.
    const ours = report.reference && UUID.test(report.reference) ? await findEmail(ctx.db, report.reference, { lock: true }) : undefined;
    if (ours && ours.status === 'submitting' && ours.notification_id === null) return { kind: 'in-flight' };
    return undefined;
  }
  if (email.notification_id !== report.notificationId) return undefined;
  const applies = target !== null && canTransition(email.status, target);
  const change = applies ? statusChange(ctx, email, target, report.statusReason) : undefined;
  const recorded = await recordStatusReport(ctx.db, { final: isFinal(target) }, { ...report, applied: applies, shipmentEmailId: email.id }, change, email);
  if (!recorded) return undefined;
  warnIfReplaysUsedUp(ctx, change, email);
  return applies ? { kind: 'applied', from: email.status, to: target } : { kind: 'ignored', current: email.status };
}

export async function applyStatusReport(ctx: AppContext, report: StatusReport): Promise<ApplyResult> {
  const target = fromVaNotifyStatus(report.status);
  const fast = await applyWithoutTransaction(ctx, report, target);
  if (fast) return fast;
  return ctx.db.transaction().execute(async (tx) => {
    let email = await lockByNotificationId(tx, report.notificationId);
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
    const notification = { final: isFinal(target) };
    if (email.notification_id !== report.notificationId) {
      // A replaced send reporting late. Only "delivered" still matters: the Veteran has an e-mail.
      // Not while a replay is being submitted: that send decides (it may already be at VA Notify).
      const applies = target === 'delivered' && email.status !== 'submitting' && canTransition(email.status, 'delivered');
      await recordStatusReport(
        tx,
        notification,
        { ...report, applied: applies, shipmentEmailId: email.id, duplicate: true },
        applies ? statusChange(ctx, email, 'delivered', report.statusReason) : undefined,
      );
      return { kind: 'duplicate', applied: applies } as const;
    }
    const applies = target !== null && canTransition(email.status, target);
    const change = applies ? statusChange(ctx, email, target, report.statusReason) : undefined;
    await recordStatusReport(tx, notification, { ...report, applied: applies, shipmentEmailId: email.id }, change);
    warnIfReplaysUsedUp(ctx, change, email);
    if (!applies || target === null) return { kind: 'ignored', current: email.status } as const;
    return { kind: 'applied', from: email.status, to: target } as const;
  });
}
