/**
 * MHV Account Activity Log client (implements the ActivityLog port). MHV sessions are per user:
 * `GET usermgmt/auth/session` with appToken + mhvCorrelationId + x-api-key returns a token (and
 * its expiry) in response headers; `POST usermgmt/activity` then carries `Token` + `x-api-key`.
 * Tokens are cached per user until shortly before they expire and refreshed once on a 401.
 */
import { AalApiError, type AalActivity, type ActivityLog } from '../../platform/activity-log-port.js';

export interface AalClientOptions {
  /** e.g. https://…/mhvapi/v1 (the stand-in: http://127.0.0.1:3103/mhvapi/v1). */
  baseUrl: string;
  apiKey: string;
  appToken: string;
  timeoutMs?: number;
}

export class AalClient implements ActivityLog {
  private readonly base: string;
  private readonly tokens = new Map<string, { token: string; expires: number }>();

  constructor(private readonly opts: AalClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
  }

  async postActivity(activity: AalActivity): Promise<void> {
    let res = await this.post(activity, await this.token(activity.userProfileId));
    if (res.status === 401) {
      this.tokens.delete(activity.userProfileId);
      res = await this.post(activity, await this.token(activity.userProfileId));
    }
    if (!res.ok) throw await this.error(res);
  }

  private async post(activity: AalActivity, token: string): Promise<Response> {
    return this.fetch(`${this.base}/usermgmt/activity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', token, 'x-api-key': this.opts.apiKey },
      body: JSON.stringify(activity),
    });
  }

  private async token(userProfileId: string): Promise<string> {
    const cached = this.tokens.get(userProfileId);
    if (cached && cached.expires - 60_000 > Date.now()) return cached.token;
    const res = await this.fetch(`${this.base}/usermgmt/auth/session`, {
      headers: { appToken: this.opts.appToken, mhvCorrelationId: userProfileId, 'x-api-key': this.opts.apiKey },
    });
    const token = res.headers.get('token');
    if (!res.ok || !token) throw await this.error(res);
    const expires = Date.parse(res.headers.get('expires') ?? '') || Date.now() + 10 * 60_000;
    this.tokens.set(userProfileId, { token, expires });
    return token;
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000) });
    } catch (err) {
      throw new AalApiError(0, `MHV AAL unreachable: ${(err as Error).name}`, true);
    }
  }

  private async error(res: Response): Promise<AalApiError> {
    const text = await res.text().catch(() => '');
    let message = `MHV AAL answered ${res.status}`;
    try {
      const body = JSON.parse(text) as { message?: string };
      if (body.message) message = body.message;
    } catch {
      /* not JSON */
    }
    return new AalApiError(res.status, message, res.status === 429 || res.status >= 500);
  }
}
