/**
 * MHV Account Activity Log client (implements the ActivityLog port; reference D). MHV sessions
 * are per user: `GET usermgmt/auth/session` with appToken + mhvCorrelationId + x-api-key returns
 * a token and its expiry in the response headers `token` / `expires`; `POST usermgmt/activity`
 * then carries `Token` + `x-api-key`. Tokens are cached per user until (shortly before) they
 * expire, concurrent callers share one session request, and a 401 drops the token and retries once.
 * Errors: AalApiError, retryable for 429, 5xx, timeouts and network failures.
 */
import { AalApiError, type AalActivity, type ActivityLog } from '../../platform/activity-log-port.js';
import { HttpRequestError, httpRequest, type HttpRequestInit, type HttpResponse } from '../http-request.js';

export interface AalClientOptions {
  /** MHV API base, e.g. https://…/mhvapi/v1 (the stand-in: http://127.0.0.1:3103/mhvapi/v1). */
  baseUrl: string;
  apiKey: string;
  /** Product application token (MHV issues one per product: RX, SM, MR, mobile). */
  appToken: string;
  timeoutMs?: number;
  /** Renew this long before `expires` (default 60 s). */
  refreshMarginMs?: number;
}

export class AalClient implements ActivityLog {
  private readonly base: string;
  private readonly tokens = new Map<string, { token: string; expires: number }>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(private readonly opts: AalClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
  }

  async postActivity(activity: AalActivity): Promise<void> {
    let res = await this.post(activity, await this.token(activity.userProfileId));
    if (res.status === 401) {
      // Session expired or revoked on MHV's side: open a new one, once.
      this.tokens.delete(activity.userProfileId);
      res = await this.post(activity, await this.token(activity.userProfileId));
    }
    if (!res.ok) throw this.error(res);
  }

  private async post(activity: AalActivity, token: string): Promise<HttpResponse> {
    return this.fetch(`${this.base}/usermgmt/activity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', Token: token, 'x-api-key': this.opts.apiKey },
      body: JSON.stringify(activity),
    });
  }

  private token(userProfileId: string): Promise<string> {
    const cached = this.tokens.get(userProfileId);
    if (cached && cached.expires - (this.opts.refreshMarginMs ?? 60_000) > Date.now()) return Promise.resolve(cached.token);
    let p = this.pending.get(userProfileId);
    if (!p) {
      p = this.openSession(userProfileId).finally(() => this.pending.delete(userProfileId));
      this.pending.set(userProfileId, p);
    }
    return p;
  }

  private async openSession(userProfileId: string): Promise<string> {
    const res = await this.fetch(`${this.base}/usermgmt/auth/session`, {
      headers: { appToken: this.opts.appToken, mhvCorrelationId: userProfileId, 'x-api-key': this.opts.apiKey },
    });
    const token = res.header('token');
    if (!res.ok || !token) throw this.error(res);
    // `expires` is an HTTP-date; without one, assume a short session.
    const expires = Date.parse(res.header('expires') ?? '') || Date.now() + 10 * 60_000;
    this.tokens.set(userProfileId, { token, expires });
    return token;
  }

  private async fetch(url: string, init: Omit<HttpRequestInit, 'timeoutMs'>): Promise<HttpResponse> {
    try {
      return await httpRequest(url, { ...init, timeoutMs: this.opts.timeoutMs ?? 10_000 });
    } catch (err) {
      const timeout = err instanceof HttpRequestError && err.timeout;
      throw new AalApiError(
        0,
        timeout ? `MHV AAL: no response within ${this.opts.timeoutMs ?? 10_000} ms` : `MHV AAL unreachable: ${(err as Error).message}`,
        true,
      );
    }
  }

  private error(res: HttpResponse): AalApiError {
    const text = res.text;
    let message = `MHV AAL answered ${res.status}`;
    try {
      const body = JSON.parse(text) as { message?: unknown };
      if (typeof body.message === 'string') message = body.message;
    } catch {
      /* not JSON: keep the status */
    }
    return new AalApiError(res.status, message, res.status === 429 || res.status >= 500);
  }
}
