/**
 * VA Notify v2 HTTP client (implements the EmailSender port).
 *
 * Auth: an HS256 JWT with iat from the real clock (VA Notify allows ±30 s), signed once per
 * second: iat has one-second resolution, so the token is the one a fresh signature would give.
 * Errors: VA Notify's `{status_code, errors:[{error, message}]}` becomes NotifyApiError with the
 * error class name; 429, 5xx, timeouts and network failures are retryable, other 4xx are not.
 * A timeout does not mean the request failed: VA Notify may have accepted it (callers that need
 * exactly-once look the e-mail up by `reference` before retrying — see tracking/email-sending).
 */
import { NotifyApiError, type EmailRequest, type EmailSender, type NotificationFilter, type NotificationRecord } from '../../platform/notify-port.js';
import { HttpRequestError, httpRequest, type HttpResponse } from '../http-request.js';
import { createNotifyJwt, parseApiKey, type VaNotifyCredentials } from './api-key.js';
import { LimiterClosedError, SlidingWindowLimiter } from './sliding-window-limiter.js';

export interface VaNotifyClientOptions {
  baseUrl: string;
  /** Combined `{name}-{serviceId}-{secret}` key, or `credentials`. */
  apiKey?: string;
  credentials?: VaNotifyCredentials;
  timeoutMs?: number;
  /** Requests per 60 s allowed by the service (VA Notify default 3000); 0 disables the limiter. */
  rateLimitPerMinute?: number;
  /** Limiter window (default 60 s plus a 250 ms margin for clock and network skew). */
  rateLimitWindowMs?: number;
}

interface CreatedResponse {
  id: string;
  reference: string | null;
}

export class VaNotifyClient implements EmailSender {
  private readonly base: string;
  private readonly creds: VaNotifyCredentials;
  private readonly timeoutMs: number;
  private readonly limiter: SlidingWindowLimiter | null;
  private signed = { second: -1, token: '' };

  constructor(opts: VaNotifyClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    const creds = opts.credentials ?? (opts.apiKey ? parseApiKey(opts.apiKey) : undefined);
    if (!creds) throw new Error('VaNotifyClient needs apiKey or credentials');
    this.creds = creds;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    // A little margin on the window: our clock and VA Notify's see each request at slightly different times.
    this.limiter = opts.rateLimitPerMinute ? new SlidingWindowLimiter(opts.rateLimitPerMinute, opts.rateLimitWindowMs ?? 60_250) : null;
  }

  get serviceId(): string {
    return this.creds.serviceId;
  }

  /** Rejects sends still waiting for the rate limiter (call on shutdown). */
  close(): void {
    this.limiter?.close();
  }

  async sendEmail(request: EmailRequest): Promise<{ id: string; reference: string | null }> {
    try {
      await this.limiter?.acquire();
    } catch (err) {
      if (err instanceof LimiterClosedError) throw new NotifyApiError(0, 'ClientClosed', 'VA Notify client closed while waiting for the rate limiter', true);
      throw err;
    }
    const body = await this.call<CreatedResponse>('POST', '/v2/notifications/email', request);
    return { id: body.id, reference: body.reference ?? null };
  }

  async getNotification(id: string): Promise<NotificationRecord> {
    return this.call<NotificationRecord>('GET', `/v2/notifications/${encodeURIComponent(id)}`);
  }

  async listNotifications(filter: NotificationFilter): Promise<NotificationRecord[]> {
    const qs = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined) as Array<[string, string]>);
    const body = await this.call<{ notifications: NotificationRecord[] }>('GET', `/v2/notifications${qs.size ? `?${qs}` : ''}`);
    return body.notifications;
  }

  /** The JWT for this second (createNotifyJwt's iat is whole seconds: same claims, same token). */
  private token(): string {
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.signed.second) this.signed = { second, token: createNotifyJwt(this.creds, second * 1000) };
    return this.signed.token;
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let res: HttpResponse;
    try {
      res = await httpRequest(`${this.base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token()}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          'user-agent': 'rxbridge-va-notify-client',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: this.timeoutMs,
      });
    } catch (err) {
      const timeout = err instanceof HttpRequestError && err.timeout;
      throw new NotifyApiError(
        0,
        timeout ? 'Timeout' : 'NetworkError',
        timeout ? `No response within ${this.timeoutMs} ms` : `Could not reach VA Notify: ${(err as Error).message}`,
        true,
      );
    }
    const text = res.text;
    if (res.ok) {
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new NotifyApiError(res.status, 'BadResponse', 'VA Notify answered with a body that is not JSON', true);
      }
    }
    let errorName = `HTTP${res.status}`;
    let message = res.statusText || 'Request failed';
    try {
      const parsed = JSON.parse(text) as { errors?: Array<{ error?: string; message?: string }>; error?: string; message?: string };
      const first = parsed.errors?.[0];
      errorName = first?.error ?? parsed.error ?? errorName;
      message = first?.message ?? (typeof parsed.message === 'string' ? parsed.message : message);
    } catch {
      /* body not JSON: keep the HTTP status text */
    }
    throw new NotifyApiError(res.status, errorName, message, res.status === 429 || res.status >= 500);
  }
}
