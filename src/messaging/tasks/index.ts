/** Secure Messaging's graphile-worker tasks: the job definitions bound to their services. */
import type { TaskList } from 'graphile-worker';
import type { AppContext } from '../../platform/context.js';
import { sendNewMessageEmailJob } from './jobs.js';
import { sendNewMessageEmail } from './send-new-message-email.js';

/** Every messaging job definition (listed by src/worker/task-list.ts). */
export const messagingJobs = [sendNewMessageEmailJob];

export function messagingTasks(ctx: AppContext): TaskList {
  return {
    [sendNewMessageEmailJob.identifier]: sendNewMessageEmailJob.task(({ messageId }, attempt) => sendNewMessageEmail(ctx, messageId, attempt)),
  };
}
