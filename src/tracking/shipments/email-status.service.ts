/**
 * One place where VA Notify status reports (callbacks and polls alike) change a shipment e-mail,
 * so both paths converge on the same state. Duplicates and out-of-order reports are recorded and
 * ignored: the state machine only moves forward and never leaves a terminal state. Delivery
 * creates the AAL event (once: unique per e-mail) and its job in the same transaction. A final
 * status removes the e-mail's pending status poll: the poll would only find the e-mail final.
 */
import type { AppContext } from '../../platform/context.js';
import { sql } from 'kysely';
import { canTransition, fromVaNotifyStatus, isTerminal, type EmailStatus } from './email-status.js';
import { insertStatusReport, lockByNotificationId, setStatus } from './shipment-emails.dao.js';
import { pollShipmentEmailJob, postAalEventJob } from '../tasks/jobs.js';

export interface StatusReport {
  notificationId: string;
  /** VA Notify status value, e.g. "delivered". */
  status: string;
  statusReason: string | null;
  source: 'callback_signature' | 'callback_bearer' | 'poll';
}

export type ApplyResult =
  | { kind: 'unknown' }
  | { kind: 'applied'; from: EmailStatus; to: EmailStatus }
  | { kind: 'ignored'; current: EmailStatus };

export async function applyStatusReport(ctx: AppContext, report: StatusReport): Promise<ApplyResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const email = await lockByNotificationId(tx, report.notificationId);
    const target = fromVaNotifyStatus(report.status);
    const applies = !!email && target !== null && canTransition(email.status, target);
    await insertStatusReport(tx, { ...report, applied: applies });
    if (!email) return { kind: 'unknown' } as const;
    if (!applies || target === null) return { kind: 'ignored', current: email.status } as const;
    await setStatus(tx, email.id, target, report.statusReason, isTerminal(target));
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
    return { kind: 'applied', from: email.status, to: target } as const;
  });
}
