/**
 * The slice of the VA Notify API that features depend on (a port). The HTTP client in
 * src/integrations/va-notify implements it; unit tests may pass a recording fake. Field names
 * are VA Notify's own (POST /v2/notifications/email body, GET /v2/notifications responses).
 */
import { ExternalApiError } from './external-api-error.js';
export interface EmailRequest {
  template_id: string;
  email_address?: string;
  recipient_identifier?: { id_type: 'ICN' | 'VAPROFILEID' | 'PID' | 'BIRLSID' | 'EDIPI'; id_value: string };
  personalisation?: Record<string, string>;
  reference?: string;
  billing_code?: string;
  callback_url?: string;
}

/** What GET /v2/notifications/{id} (and the list endpoint) tell us about one notification. */
export interface NotificationRecord {
  id: string;
  reference: string | null;
  type: 'email' | 'sms';
  status: string;
  status_reason: string | null;
  created_at: string;
  sent_at: string | null;
  completed_at: string | null;
}

export interface NotificationFilter {
  reference?: string;
  status?: string;
  template_type?: 'email' | 'sms';
  /** Page backwards from this notification id (VA Notify pages 250 at a time). */
  older_than?: string;
}

/**
 * A failed call to VA Notify. `retryable` is true for 429, 5xx, timeouts and network errors
 * (the request may be replayed); false for other 4xx, where `errorName` is VA Notify's error
 * class (ValidationError, BadRequestError, AuthError, NoResultFound, ...).
 */
export class NotifyApiError extends ExternalApiError {
  override name = 'NotifyApiError';
  readonly service = 'VA Notify';
  constructor(
    /** HTTP status; 0 when no response arrived (timeout, connection refused). */
    status: number,
    readonly errorName: string,
    message: string,
    retryable: boolean,
  ) {
    super(status, message, retryable);
  }
}

export interface EmailSender {
  /** Resolves with VA Notify's notification id once the request is accepted (201). */
  sendEmail(request: EmailRequest): Promise<{ id: string; reference: string | null }>;
  /** GET /v2/notifications/{id}; throws NotifyApiError 404 `NoResultFound` for an unknown id. */
  getNotification(id: string): Promise<NotificationRecord>;
  /** GET /v2/notifications with filters (one page, newest first). */
  listNotifications(filter: NotificationFilter): Promise<NotificationRecord[]>;
  /** Fail sends still waiting for a rate-limit slot (shutdown): their jobs retry later instead of holding stop. */
  close?(): void;
}

/** Used when no VA Notify client is configured: every call fails loudly (jobs retry later). */
export const unconfiguredEmailSender: EmailSender = {
  async sendEmail() {
    throw new NotifyApiError(0, 'NotConfigured', 'VA Notify is not configured', true);
  },
  async getNotification() {
    throw new NotifyApiError(0, 'NotConfigured', 'VA Notify is not configured', true);
  },
  async listNotifications() {
    throw new NotifyApiError(0, 'NotConfigured', 'VA Notify is not configured', true);
  },
};
