/**
 * Fallback for lost callbacks: ask VA Notify for the status of e-mails that have no final status
 * yet. Each poll feeds the same `applyStatusReport` as callbacks. Polls back off (15 min, 30, 60 …
 * capped at 6 h) and stop after POLL_HORIZON_SECONDS (tasks/jobs.ts).
 */
import type { AppContext } from '../../platform/context.js';
import { NotifyApiError } from '../../platform/notify-port.js';
import { isTerminal } from './email-status.js';
import { applyStatusReport } from './email-status.service.js';
import { findEmail } from './shipment-emails.dao.js';
import { POLL_HORIZON_SECONDS, pollShipmentEmailJob } from '../tasks/jobs.js';

const MAX_DELAY_MS = 6 * 3600_000;

/** Delay before poll number `round + 1`: the base interval doubled each round, capped. */
export function nextPollDelayMs(baseMinutes: number, round: number): number {
  return Math.min(baseMinutes * 60_000 * 2 ** round, MAX_DELAY_MS);
}

export async function pollShipmentEmail(ctx: AppContext, emailId: string, round: number): Promise<'final' | 'rescheduled' | 'stopped'> {
  const email = await findEmail(ctx.db, emailId);
  if (!email?.notification_id || isTerminal(email.status)) return 'final';
  let record;
  try {
    record = await ctx.notify.getNotification(email.notification_id);
  } catch (err) {
    if (!(err instanceof NotifyApiError) || err.retryable) throw err; // graphile-worker retries
    ctx.log.warn({ shipmentEmailId: emailId, errorName: err.errorName }, 'status poll refused; stopping polls');
    return 'stopped';
  }
  const result = await applyStatusReport(ctx, {
    notificationId: email.notification_id,
    status: record.status,
    statusReason: record.status_reason,
    source: 'poll',
  });
  const now = result.kind === 'applied' ? result.to : result.kind === 'ignored' ? result.current : email.status;
  if (isTerminal(now)) return 'final';
  // Age by the database clock (accepted_at was written with it).
  if ((email.accepted_age_seconds ?? 0) > POLL_HORIZON_SECONDS) return 'stopped';
  await pollShipmentEmailJob.enqueue(
    ctx.db,
    { emailId, round: round + 1 },
    { delaySeconds: nextPollDelayMs(ctx.config.TRACKING_STATUS_POLL_AFTER_MINUTES, round + 1) / 1000 },
  );
  return 'rescheduled';
}
