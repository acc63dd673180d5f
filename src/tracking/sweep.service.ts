/**
 * Safety net run by cron: re-enqueues work whose job is gone or stuck (a worker killed mid-task,
 * a job that exhausted its attempts while VA Notify was down, a lost poll). Job keys with
 * preserve-run-at make this harmless when the job still exists: nothing moves, nothing doubles.
 * Jobs are re-created through their definitions (tasks/jobs.ts): the same keys, attempts and
 * priorities as when they were first enqueued.
 */
import type { AppContext } from '../platform/context.js';
import { enqueueSpecs } from '../platform/jobs/job-definition.js';
import { replayDispenseMessage } from './pipeline.js';
import { strandedMessageIds, sweepCandidates } from './sweep.dao.js';
import { POLL_HORIZON_SECONDS, pollShipmentEmailJob, postAalEventJob, sendShipmentEmailJob } from './tasks/jobs.js';

const BATCH = 1000;

export async function sweepTracking(ctx: AppContext): Promise<{ sends: number; polls: number; aal: number; messages: number }> {
  // Messages stored but never processed (the process died between the two transactions).
  const stranded = await strandedMessageIds(ctx.db, 100);
  for (const id of stranded) await replayDispenseMessage(ctx, id);
  const c = await sweepCandidates(ctx.db, {
    sendAfterSeconds: ctx.config.TRACKING_DEBOUNCE_SECONDS + 60,
    pollAfterSeconds: ctx.config.TRACKING_STATUS_POLL_AFTER_MINUTES * 60,
    pollHorizonSeconds: POLL_HORIZON_SECONDS,
    limit: BATCH,
    // Poll keys are this prefix + the e-mail id: the prefix is what the key function gives for an
    // empty id, so the SQL and the job never spell the key differently.
    pollKeyPrefix: pollShipmentEmailJob.key!({ emailId: '', round: 0 }),
  });
  const polls = c.polls.map((emailId) => ({ emailId, round: 0 }));
  await enqueueSpecs(
    ctx.db,
    [
      ...c.sends.map((shipmentId) => sendShipmentEmailJob.spec({ shipmentId })),
      ...polls.map((p) => pollShipmentEmailJob.spec(p)),
      ...c.aal.map((aalEventId) => postAalEventJob.spec({ aalEventId })),
    ],
    { preserveRunAt: true },
  );
  return { sends: c.sends.length, polls: polls.length, aal: c.aal.length, messages: stranded.length };
}
