/** In-process fakes for unit tests of features that send e-mail. Integration tests use the VA Notify stand-in. */
import { randomUUID } from 'node:crypto';
import type { EmailRequest, EmailSender } from '../../src/platform/notify-port.js';

export class RecordingEmailSender implements EmailSender {
  readonly sent: Array<EmailRequest & { id: string }> = [];
  async sendEmail(request: EmailRequest): Promise<{ id: string }> {
    const id = randomUUID();
    this.sent.push({ ...request, id });
    return { id };
  }
}
