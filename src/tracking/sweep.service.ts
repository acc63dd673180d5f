/**
 * Safety net run by cron: re-enqueues work whose job is gone or stuck (a worker killed mid-task,
 * a job that exhausted its attempts while VA Notify was down, a lost poll). Job keys with
 * preserve-run-at make this harmless when the job still exists: nothing moves, nothing doubles.
 */
import { sql } from 'kysely';
import type { AppContext } from '../platform/context.js';
import { addJobs } from '../platform/jobs/add-job.js';
import { POST_AAL_EVENT } from './shipments/email-status.service.js';
import { SEND_SHIPMENT_EMAIL, shipmentEmailJobKey } from './shipments/shipments.service.js';
import { POLL_SHIPMENT_EMAIL, pollJobKey } from './shipments/poll-job.js';
import { replayDispenseMessage } from './pipeline.js';

export const TRACKING_SWEEP = 'tracking_sweep';
const BATCH = 1000;

export async function sweepTracking(ctx: AppContext): Promise<{ sends: number; polls: number; aal: number; messages: number }> {
  // Messages stored but never processed (the process died between the two transactions).
  const stranded = await sql<{ id: number }>`
    select id from dispense_messages where status = 'received' and received_at < now() - interval '5 minutes' order by id limit 100`.execute(ctx.db);
  for (const m of stranded.rows) await replayDispenseMessage(ctx, m.id);
  // Sends: pending past the debounce window, or submitting with an expired lease.
  const sends = await sql<{ shipment_id: string }>`
    select e.shipment_id from shipment_emails e
     where (e.status = 'pending' and e.created_at < now() - make_interval(secs => ${ctx.config.TRACKING_DEBOUNCE_SECONDS + 60}))
        or (e.status = 'submitting' and (e.lease_until is null or e.lease_until < now()))
     limit ${BATCH}`.execute(ctx.db);
  const polls = await sql<{ id: string }>`
    select e.id from shipment_emails e
     where e.status in ('created', 'delivering')
       and e.accepted_at < now() - make_interval(mins => ${ctx.config.TRACKING_STATUS_POLL_AFTER_MINUTES})
       and e.accepted_at > now() - interval '4 days'
       -- A poll job locked for minutes belongs to a worker that died (graphile-worker only frees those after 4 h).
       and not exists (select 1 from graphile_worker.jobs j where j.key = 'shipment-email-poll:' || e.id::text
                        and (j.locked_at is null or j.locked_at > now() - interval '5 minutes'))
     limit ${BATCH}`.execute(ctx.db);
  const aal = await sql<{ id: string }>`
    select a.id from aal_events a
     where a.status = 'pending' and (a.lease_until is null or a.lease_until < now()) and a.updated_at < now() - interval '2 minutes'
     limit ${BATCH}`.execute(ctx.db);
  await addJobs(
    ctx.db,
    [
      ...sends.rows.map((r) => ({ identifier: SEND_SHIPMENT_EMAIL, payload: { shipmentId: r.shipment_id }, jobKey: shipmentEmailJobKey(r.shipment_id), maxAttempts: 25 })),
      ...polls.rows.map((r) => ({ identifier: POLL_SHIPMENT_EMAIL, payload: { emailId: r.id, round: 0 }, jobKey: pollJobKey(r.id) })),
      ...aal.rows.map((r) => ({ identifier: POST_AAL_EVENT, payload: { aalEventId: r.id }, jobKey: `aal:${r.id}`, maxAttempts: 12 })),
    ],
    { preserveRunAt: true },
  );
  return { sends: sends.rows.length, polls: polls.rows.length, aal: aal.rows.length, messages: stranded.rows.length };
}
