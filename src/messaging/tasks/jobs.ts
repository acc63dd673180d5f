/** Secure Messaging's jobs, defined once (see platform/jobs/job-definition.ts). */
import { z } from 'zod';
import { defineJob } from '../../platform/jobs/job-definition.js';

/** "You have a new secure message" e-mail; one per message (key), retried by graphile-worker on throw. */
export const sendNewMessageEmailJob = defineJob({
  identifier: 'send_new_message_email',
  payload: z.object({ messageId: z.string().uuid() }),
  key: (p) => `sm-email:${p.messageId}`,
  maxAttempts: 25,
  priority: 0,
});
