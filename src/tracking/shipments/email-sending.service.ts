/**
 * Sending one shipment's e-mail through VA Notify, exactly once.
 *
 * VA Notify has no idempotency key (reference A11): every accepted POST is a new e-mail. So:
 *  1. claim the row (lease) — only one worker sends for a shipment at a time;
 *  2. if an earlier attempt may have reached VA Notify (a crash or timeout after the POST), look
 *     the e-mail up by our `reference` (the shipment e-mail id) before sending again;
 *  3. send with `recipient_identifier` = ICN, so VA Notify resolves the address in VA Profile and
 *     enforces the Veteran's "Prescription shipment and tracking updates" e-mail permission;
 *  4. store `notification_id` in the same transaction that schedules the status poll.
 * Failures go through the one retry decision (platform/jobs/retry.ts, policy sendRetry):
 * retryable ones (429, 5xx, timeouts) release the lease and schedule the next attempt, in one
 * transaction; non-retryable ones, and the last attempt, end the e-mail as `rejected` with the reason.
 */
import type { AppContext } from '../../platform/context.js';
import { decideRetry } from '../../platform/jobs/retry.js';
import { NotifyApiError, type NotificationRecord } from '../../platform/notify-port.js';
import { shipmentPersonalisation } from './shipment-email-content.js';
import {
  claimResend,
  claimSend,
  markAccepted,
  markRejected,
  recordResendRequest,
  releaseAfterError,
  sentNotificationIds,
  type ClaimedEmail,
} from './shipment-emails.dao.js';
import { pollShipmentEmailJob, resendShipmentEmailJob, sendRetry, sendShipmentEmailJob } from '../tasks/jobs.js';

export type SendOutcome = 'sent' | 'reconciled' | 'rejected' | 'not-claimed' | 'retry';

// The lease outlives the VA Notify client's timeout, so a live send never loses it.
const leaseSeconds = (ctx: AppContext) => Math.max(ctx.config.TRACKING_SEND_LEASE_SECONDS, Math.ceil(ctx.config.VA_NOTIFY_TIMEOUT_MS / 1000) + 1);

export async function sendShipmentEmail(ctx: AppContext, shipmentId: string): Promise<SendOutcome> {
  const claim = await claimSend(ctx.db, shipmentId, leaseSeconds(ctx));
  if (!claim) return 'not-claimed'; // already sent, suppressed, or another worker holds the lease
  return sendClaimed(ctx, claim);
}

/**
 * Replay an e-mail that ended temporary-failure: a new notification with the same reference (the
 * old one is kept and still recognised if it reports late). Only from temporary-failure, so a
 * replay never races a delivered or permanently failed e-mail.
 */
export async function resendShipmentEmail(ctx: AppContext, emailId: string): Promise<SendOutcome> {
  const claim = await claimResend(ctx.db, emailId, leaseSeconds(ctx));
  if (!claim) return 'not-claimed';
  ctx.log.info({ shipmentEmailId: emailId }, 'replaying a soft-failed shipment e-mail');
  return sendClaimed(ctx, claim);
}

/** An operator's re-send of a soft-failed e-mail: audited (who, when), then replayed now. */
export async function requestResend(ctx: AppContext, emailId: string, requestedBy: string): Promise<'scheduled' | 'not-soft-failed'> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('shipment_emails').select('status').where('id', '=', emailId).forUpdate().executeTakeFirst();
    if (row?.status !== 'temporary-failure') return 'not-soft-failed' as const;
    await recordResendRequest(tx, emailId, requestedBy);
    await resendShipmentEmailJob.enqueue(tx, { emailId });
    return 'scheduled' as const;
  });
}

async function sendClaimed(ctx: AppContext, claim: ClaimedEmail): Promise<SendOutcome> {
  const shipmentId = claim.shipment_id;
  const log = ctx.log.child({ shipmentEmailId: claim.id, attempt: claim.attempts });
  try {
    if (claim.attempts > 1) {
      const earlier = await findEarlierNotification(ctx, claim.id);
      if (earlier) {
        await accept(ctx, claim.id, earlier.id);
        log.info({ notificationId: earlier.id }, 'shipment e-mail already accepted by VA Notify; recorded, not re-sent');
        return 'reconciled';
      }
    }
    const shipment = claim.shipment;
    const { id } = await ctx.notify.sendEmail({
      template_id: ctx.config.RX_SHIPMENT_TEMPLATE_ID,
      recipient_identifier: { id_type: 'ICN', id_value: shipment.patientIcn },
      personalisation: shipmentPersonalisation(shipment),
      reference: claim.id,
      ...(ctx.config.VA_NOTIFY_CALLBACK_URL ? { callback_url: ctx.config.VA_NOTIFY_CALLBACK_URL } : {}),
    });
    await accept(ctx, claim.id, id);
    log.info({ notificationId: id }, 'shipment e-mail accepted by VA Notify');
    return 'sent';
  } catch (err) {
    const retryable = !(err instanceof NotifyApiError) || err.retryable;
    const reason = err instanceof NotifyApiError ? `${err.errorName}: ${err.message}` : err instanceof Error ? err.message : String(err);
    // A timed-out POST may still be accepted by VA Notify: the next attempt looks it up by reference
    // first, so it waits at least one client timeout more for VA Notify to finish (else: two e-mails).
    const timedOut = err instanceof NotifyApiError && err.errorName === 'Timeout';
    const notBeforeSeconds = timedOut ? Math.ceil(ctx.config.VA_NOTIFY_TIMEOUT_MS / 1000) : 0;
    const decision = decideRetry(sendRetry(ctx.config), { retryable, attempt: claim.attempts, notBeforeSeconds });
    if (decision.action === 'give-up') {
      if (decision.reason === 'not-retryable') {
        await markRejected(ctx.db, claim.id, reason);
        log.warn({ errorName: (err as NotifyApiError).errorName, status: (err as NotifyApiError).status }, 'VA Notify refused the shipment e-mail');
      } else {
        await markRejected(ctx.db, claim.id, `Gave up after ${claim.attempts} attempts: ${reason}`);
        log.error('shipment e-mail abandoned after repeated retryable failures');
      }
      return 'rejected';
    }
    await ctx.db.transaction().execute(async (tx) => {
      await releaseAfterError(tx, claim.id, reason);
      await sendShipmentEmailJob.enqueue(tx, { shipmentId }, { delaySeconds: decision.delaySeconds });
    });
    log.warn(
      { errorName: err instanceof NotifyApiError ? err.errorName : 'Error', retryInSeconds: decision.delaySeconds },
      'shipment e-mail send failed; retry scheduled',
    );
    return 'retry';
  }
}

async function findEarlierNotification(ctx: AppContext, emailId: string): Promise<NotificationRecord | undefined> {
  const found = await ctx.notify.listNotifications({ reference: emailId, template_type: 'email' });
  // `reference` is not unique at VA Notify; ours are UUIDs, so an exact match is ours. A replay
  // shares the reference with the sends before it: those are known and are not this attempt's.
  const known = await sentNotificationIds(ctx.db, emailId);
  return found.find((n) => n.reference === emailId && !known.has(n.id));
}

async function accept(ctx: AppContext, emailId: string, notificationId: string): Promise<void> {
  await markAccepted(ctx.db, emailId, notificationId, [
    pollShipmentEmailJob.spec({ emailId, round: 0 }, { delaySeconds: ctx.config.TRACKING_STATUS_POLL_AFTER_MINUTES * 60 }),
  ]);
}
