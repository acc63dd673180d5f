/**
 * Posting the MHV Account Activity Log entry for a delivered shipment e-mail.
 *
 * The row in `aal_events` is unique per e-mail (created with the `delivered` transition), and a
 * lease makes one worker post it at a time. AAL has no idempotency key and no read-back we rely on,
 * so a worker killed after MHV accepted the POST but before we recorded it can post a second
 * entry; that window is milliseconds and is reported in docs/reliability.md.
 *
 * Assumptions (not in the reference): activity type, action and performer type for Rx tracking
 * e-mails are configurable (AAL_RX_TRACKING_*); the defaults are our best reading of vets-api's
 * existing AAL values.
 */
import { sql } from 'kysely';
import { AalApiError } from '../../platform/activity-log-port.js';
import type { AppContext } from '../../platform/context.js';
import { decideRetry } from '../../platform/jobs/retry.js';
import { aalRetry, postAalEventJob } from '../tasks/jobs.js';

const LEASE_SECONDS = 60;

export type AalOutcome = 'posted' | 'skipped' | 'failed' | 'not-claimed' | 'retry';

export async function postAalEvent(ctx: AppContext, aalEventId: string): Promise<AalOutcome> {
  const claim = await sql<{ id: string; attempts: number; icn: string; mhv_correlation_id: number | null; completed_at: Date | null }>`
    update aal_events a
       set attempts = a.attempts + 1, lease_until = now() + make_interval(secs => ${LEASE_SECONDS}), updated_at = now()
      from shipment_emails e
      join shipments s on s.id = e.shipment_id
      left join patients p on p.icn = s.patient_icn
     where a.id = ${aalEventId} and e.id = a.shipment_email_id
       and a.status = 'pending' and (a.lease_until is null or a.lease_until < now())
    returning a.id, a.attempts, s.patient_icn as icn, p.mhv_correlation_id, e.completed_at`.execute(ctx.db);
  const row = claim.rows[0];
  if (!row) return 'not-claimed';
  const finish = async (status: 'posted' | 'skipped' | 'failed', error: string | null) => {
    await ctx.db
      .updateTable('aal_events')
      .set({ status, last_error: error, lease_until: null, updated_at: sql<Date>`now()`, ...(status === 'posted' ? { posted_at: sql<Date>`now()` } : {}) })
      .where('id', '=', row.id)
      .execute();
  };
  if (row.mhv_correlation_id === null) {
    await finish('skipped', 'No MHV account (correlation id) for this Veteran');
    return 'skipped';
  }
  try {
    await ctx.aal.postActivity({
      userProfileId: String(row.mhv_correlation_id),
      activityType: ctx.config.AAL_RX_TRACKING_ACTIVITY_TYPE,
      action: ctx.config.AAL_RX_TRACKING_ACTION,
      completionTime: (row.completed_at ?? ctx.clock.now()).toUTCString(),
      performerType: ctx.config.AAL_RX_TRACKING_PERFORMER_TYPE,
      detailValue: null,
      status: 1,
    });
    await finish('posted', null);
    return 'posted';
  } catch (err) {
    const retryable = !(err instanceof AalApiError) || err.retryable;
    const message = err instanceof Error ? err.message : String(err);
    const decision = decideRetry(aalRetry(ctx.config), { retryable, attempt: row.attempts });
    if (decision.action === 'give-up') {
      await finish('failed', message.slice(0, 500));
      ctx.log.error({ aalEventId: row.id, attempts: row.attempts, reason: decision.reason }, 'AAL event permanently failed');
      return 'failed';
    }
    await ctx.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('aal_events')
        .set({ lease_until: null, last_error: message.slice(0, 500), updated_at: sql<Date>`now()` })
        .where('id', '=', row.id)
        .execute();
      await postAalEventJob.enqueue(tx, { aalEventId: row.id }, { delaySeconds: decision.delaySeconds });
    });
    ctx.log.warn({ aalEventId: row.id, attempts: row.attempts, retryInSeconds: decision.delaySeconds }, 'AAL post failed; retry scheduled');
    return 'retry';
  }
}
