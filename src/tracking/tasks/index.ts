/**
 * Tracking's graphile-worker tasks. Each task validates its payload and delegates to a service,
 * so the services can be tested directly and the task wrappers stay trivial.
 */
import type { TaskList } from 'graphile-worker';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { maintenanceCron } from '../../platform/jobs/cron.js';
import { postAalEvent } from '../shipments/aal-posting.service.js';
import { sendShipmentEmail } from '../shipments/email-sending.service.js';
import { POST_AAL_EVENT } from '../shipments/email-status.service.js';
import { SEND_SHIPMENT_EMAIL } from '../shipments/shipments.service.js';
import { POLL_SHIPMENT_EMAIL } from '../shipments/poll-job.js';
import { pollShipmentEmail } from '../shipments/status-polling.service.js';
import { TRACKING_SWEEP, sweepTracking } from '../sweep.service.js';

const uuid = z.string().uuid();

export function trackingTasks(ctx: AppContext): TaskList {
  return {
    [SEND_SHIPMENT_EMAIL]: async (payload) => {
      const { shipmentId } = z.object({ shipmentId: uuid }).parse(payload);
      await sendShipmentEmail(ctx, shipmentId);
    },
    [POLL_SHIPMENT_EMAIL]: async (payload) => {
      const { emailId, round } = z.object({ emailId: uuid, round: z.number().int().min(0) }).parse(payload);
      await pollShipmentEmail(ctx, emailId, round);
    },
    [POST_AAL_EVENT]: async (payload) => {
      const { aalEventId } = z.object({ aalEventId: uuid }).parse(payload);
      await postAalEvent(ctx, aalEventId);
    },
    [TRACKING_SWEEP]: async () => {
      const swept = await sweepTracking(ctx);
      if (swept.sends + swept.polls + swept.aal + swept.messages > 0) ctx.log.info(swept, 'tracking sweep re-enqueued work');
    },
  };
}

/** Cron lines (graphile-worker crontab syntax). */
export const trackingCrontab = [maintenanceCron('* * * * *', TRACKING_SWEEP)];
