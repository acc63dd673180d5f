/**
 * In-process fakes for unit-level tests of features that send e-mail or AAL events. Tests of the
 * clients themselves, and the tracking pipeline's end-to-end tests, use the stand-ins over HTTP.
 */
import { randomUUID } from 'node:crypto';
import type { AalActivity, ActivityLog } from '../../src/platform/activity-log-port.js';
import { NotifyApiError, type EmailRequest, type EmailSender, type NotificationFilter, type NotificationRecord } from '../../src/platform/notify-port.js';

export class RecordingEmailSender implements EmailSender {
  readonly sent: Array<EmailRequest & { id: string }> = [];
  async sendEmail(request: EmailRequest): Promise<{ id: string; reference: string | null }> {
    const id = randomUUID();
    this.sent.push({ ...request, id });
    return { id, reference: request.reference ?? null };
  }
  private record(n: EmailRequest & { id: string }): NotificationRecord {
    return {
      id: n.id,
      reference: n.reference ?? null,
      type: 'email',
      status: 'created',
      status_reason: null,
      created_at: new Date().toISOString(),
      sent_at: null,
      completed_at: null,
    };
  }
  async getNotification(id: string): Promise<NotificationRecord> {
    const n = this.sent.find((s) => s.id === id);
    if (!n) throw new NotifyApiError(404, 'NoResultFound', 'No result found', false);
    return this.record(n);
  }
  async listNotifications(filter: NotificationFilter): Promise<NotificationRecord[]> {
    return this.sent
      .filter((s) => filter.reference === undefined || s.reference === filter.reference)
      .map((s) => this.record(s))
      .reverse();
  }
}

export class RecordingActivityLog implements ActivityLog {
  readonly posted: AalActivity[] = [];
  async postActivity(activity: AalActivity): Promise<void> {
    this.posted.push(activity);
  }
}
