/** Secure Messaging's graphile-worker tasks: validate the payload, delegate to the service. */
import type { TaskList } from 'graphile-worker';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { SEND_NEW_MESSAGE_EMAIL, sendNewMessageEmail } from './send-new-message-email.js';

export function messagingTasks(ctx: AppContext): TaskList {
  return {
    [SEND_NEW_MESSAGE_EMAIL]: async (payload, helpers) => {
      const { messageId } = z.object({ messageId: z.string().uuid() }).parse(payload);
      await sendNewMessageEmail(ctx, messageId, helpers.job.attempts);
    },
  };
}
