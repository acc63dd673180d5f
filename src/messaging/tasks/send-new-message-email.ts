/**
 * "You have a new secure message" e-mail for a care team's message to a Veteran.
 *
 * VA Notify has no idempotency key, so a message's notification id is stored on the message and
 * checked before sending: a retried job (graphile-worker retries when the task throws) never
 * e-mails twice. When a previous attempt may have reached VA Notify but failed before recording
 * (crash, timeout), the notification is looked up by our `reference` (the message id) first.
 * The e-mail carries no personalisation — nothing about the message or the Veteran's health.
 */
import type { AppContext } from '../../platform/context.js';
import { loadMessageForEmail, recordNotification } from '../messaging.dao.js';
import { sendNewMessageEmailJob } from './jobs.js';

export const SEND_NEW_MESSAGE_EMAIL = sendNewMessageEmailJob.identifier;

export type NewMessageEmailOutcome = 'sent' | 'reconciled' | 'already-sent' | 'not-applicable';

export async function sendNewMessageEmail(ctx: AppContext, messageId: string, attempt = 1): Promise<NewMessageEmailOutcome> {
  const message = await loadMessageForEmail(ctx.db, messageId);
  // Deleted or a Veteran's own message: nothing to tell anyone.
  if (!message || message.sender_type !== 'clinician') return 'not-applicable';
  if (message.notification_id) return 'already-sent';
  const log = ctx.log.child({ messageId, attempt });

  if (attempt > 1) {
    const earlier = (await ctx.notify.listNotifications({ reference: messageId, template_type: 'email' })).find((n) => n.reference === messageId);
    if (earlier) {
      await recordNotification(ctx.db, messageId, earlier.id, ctx.clock.now());
      log.info({ notificationId: earlier.id }, 'new-message e-mail already accepted by VA Notify; recorded, not re-sent');
      return 'reconciled';
    }
  }

  const { id } = await ctx.notify.sendEmail({
    template_id: ctx.config.SM_NEW_MESSAGE_TEMPLATE_ID,
    recipient_identifier: { id_type: 'ICN', id_value: message.icn },
    reference: messageId,
  });
  await recordNotification(ctx.db, messageId, id, ctx.clock.now());
  log.info({ notificationId: id }, 'new-message e-mail accepted by VA Notify');
  return 'sent';
}
