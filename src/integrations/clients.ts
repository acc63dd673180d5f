/**
 * Builds the external-service clients from configuration: the local stand-ins' URLs when they run
 * (npm start, tests), else the configured real services. Missing configuration leaves the
 * "unconfigured" ports in place, whose calls fail loudly and are retried by the jobs.
 */
import type { Config } from '../platform/config.js';
import { unconfiguredActivityLog, type ActivityLog } from '../platform/activity-log-port.js';
import { unconfiguredEmailSender, type EmailSender } from '../platform/notify-port.js';
import { AalClient } from './aal/client.js';
import { parseApiKey, type VaNotifyCredentials } from './va-notify/api-key.js';
import { VaNotifyClient } from './va-notify/client.js';

export function buildClients(config: Config, urls: { notifyUrl?: string; aalUrl?: string } = {}): { notify: EmailSender; aal: ActivityLog } {
  const notifyUrl = urls.notifyUrl ?? config.VA_NOTIFY_URL;
  const aalUrl = urls.aalUrl ?? config.AAL_URL;
  return {
    notify: notifyUrl
      ? new VaNotifyClient({
          baseUrl: notifyUrl,
          credentials: urls.notifyUrl ? parseApiKey(config.VA_NOTIFY_API_KEY) : notifyCredentials(config),
          timeoutMs: config.VA_NOTIFY_TIMEOUT_MS,
          rateLimitPerMinute: config.VA_NOTIFY_RATE_LIMIT_PER_MINUTE,
        })
      : unconfiguredEmailSender,
    aal: aalUrl ? new AalClient({ baseUrl: aalUrl, apiKey: config.AAL_API_KEY, appToken: config.AAL_APP_TOKEN }) : unconfiguredActivityLog,
  };
}

/**
 * The VA Notify service id and API-key secret this deployment uses: VA_NOTIFY_SERVICE_ID +
 * VA_NOTIFY_API_SECRET when both are set (secrets that are not UUIDs cannot be combined into a key
 * string), else parsed from VA_NOTIFY_API_KEY. With the local stand-ins (SANDBOX) always the key,
 * whose secret the stand-in knows. The secret also verifies signed callbacks.
 */
export function notifyCredentials(config: Config): VaNotifyCredentials {
  if (!config.SANDBOX && config.VA_NOTIFY_SERVICE_ID && config.VA_NOTIFY_API_SECRET) {
    return { serviceId: config.VA_NOTIFY_SERVICE_ID, secret: config.VA_NOTIFY_API_SECRET };
  }
  return parseApiKey(config.VA_NOTIFY_API_KEY);
}

/** Where VA Notify should send service-level callbacks for this deployment. */
export function callbackUrl(config: Config, appUrl: string): string {
  return `${config.PUBLIC_URL ?? appUrl}/api/tracking/va-notify/callbacks`;
}
