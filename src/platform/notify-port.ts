/**
 * The slice of the VA Notify API that features depend on (a port). The HTTP client in
 * src/integrations/va-notify implements it structurally; tests may pass a recording fake.
 * Field names are VA Notify's own (POST /v2/notifications/email body).
 */
export interface EmailRequest {
  template_id: string;
  email_address?: string;
  recipient_identifier?: { id_type: 'ICN' | 'VAPROFILEID' | 'PID' | 'BIRLSID' | 'EDIPI'; id_value: string };
  personalisation?: Record<string, string>;
  reference?: string;
  billing_code?: string;
  callback_url?: string;
}

export interface EmailSender {
  /** Resolves with VA Notify's notification id once the request is accepted (201). */
  sendEmail(request: EmailRequest): Promise<{ id: string }>;
}

/** Used when no VA Notify client is configured: every send fails loudly (jobs retry later). */
export const unconfiguredEmailSender: EmailSender = {
  async sendEmail() {
    throw new Error('VA Notify is not configured');
  },
};
