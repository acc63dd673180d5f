/**
 * The MHV Account Activity Log (AAL) as features see it (a port); src/integrations/aal holds the
 * HTTP client. Field names follow the MHV `POST usermgmt/activity` body.
 */
import { ExternalApiError } from './external-api-error.js';
export interface AalActivity {
  /** MHV correlation id (user profile id). */
  userProfileId: string;
  activityType: string;
  action: string;
  /** RFC 1123 HTTP-date, e.g. "Mon, 15 Jun 2026 15:00:00 GMT". */
  completionTime: string;
  performerType: string;
  detailValue?: string | null;
  /** 1 success, 0 failure. */
  status: 0 | 1;
}

/** Thrown by ActivityLog clients; `retryable` for 429/5xx/timeouts. */
export class AalApiError extends ExternalApiError {
  override name = 'AalApiError';
  readonly service = 'MHV AAL';
}

export interface ActivityLog {
  postActivity(activity: AalActivity): Promise<void>;
}

export const unconfiguredActivityLog: ActivityLog = {
  async postActivity() {
    throw new AalApiError(0, 'MHV AAL is not configured', true);
  },
};
