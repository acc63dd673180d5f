/**
 * Tracking's graphile-worker tasks: each job definition (tasks/jobs.ts) bound to its service, so
 * the services can be tested directly and the task wrappers stay trivial.
 */
import type { TaskList } from 'graphile-worker';
import type { AppContext } from '../../platform/context.js';
import { maintenanceCron } from '../../platform/jobs/cron.js';
import { postAalEvent } from '../shipments/aal-posting.service.js';
import { resendShipmentEmail, sendShipmentEmail } from '../shipments/email-sending.service.js';
import { pollShipmentEmail } from '../shipments/status-polling.service.js';
import { sweepTracking } from '../sweep.service.js';
import { pollShipmentEmailJob, postAalEventJob, resendShipmentEmailJob, sendShipmentEmailJob, trackingSweepJob } from './jobs.js';

export { pollShipmentEmailJob, postAalEventJob, resendShipmentEmailJob, sendShipmentEmailJob, trackingSweepJob } from './jobs.js';

/** Every tracking job definition (listed by src/worker/task-list.ts). */
export const trackingJobs = [sendShipmentEmailJob, resendShipmentEmailJob, pollShipmentEmailJob, postAalEventJob, trackingSweepJob];

export function trackingTasks(ctx: AppContext): TaskList {
  return {
    [sendShipmentEmailJob.identifier]: sendShipmentEmailJob.task(({ shipmentId }) => sendShipmentEmail(ctx, shipmentId)),
    [resendShipmentEmailJob.identifier]: resendShipmentEmailJob.task(({ emailId }) => resendShipmentEmail(ctx, emailId)),
    [pollShipmentEmailJob.identifier]: pollShipmentEmailJob.task(({ emailId, round }) => pollShipmentEmail(ctx, emailId, round)),
    [postAalEventJob.identifier]: postAalEventJob.task(({ aalEventId }) => postAalEvent(ctx, aalEventId)),
    [trackingSweepJob.identifier]: trackingSweepJob.task(async () => {
      const swept = await sweepTracking(ctx);
      if (swept.sends + swept.polls + swept.aal + swept.messages > 0) ctx.log.info(swept, 'tracking sweep re-enqueued work');
    }),
  };
}

/** Cron lines (graphile-worker crontab syntax). */
export const trackingCrontab = [maintenanceCron('* * * * *', trackingSweepJob.identifier)];
