/**
 * Delivery-status callbacks (A9). On each status change of a notification:
 *  - it has a `callback_url` → POST there with `x-enp-signature` (hex HMAC-SHA256 keyed with the
 *    creating API key's secret over Python `urlencode` of the payload), no Authorization header;
 *  - else, if the service has a delivery-status webhook and the status is one it wants (default:
 *    the completed set) → POST with `Authorization: Bearer <token>`.
 * Retries: notification-level on timeouts/connection errors, 429 and 5xx; service-level on
 * connection errors/timeouts and ≥ 500 only. Receivers must cope with duplicates and out-of-order
 * arrival, so the stand-in can produce both on purpose (`duplicateRate`, `outOfOrderRate`).
 */
import { request } from '../http-client.js';
import { signCallback } from './signature.js';
import { COMPLETED_STATUSES, vaTime, type SandboxService, type StoredNotification } from './model.js';

export interface CallbackOptions {
  /** Stand-in only: allow http:// targets (real VA Notify only calls https). */
  allowHttpCallbacks: boolean;
  /** Waits between attempts; its length is the number of retries. */
  callbackRetryDelaysMs: number[];
  /** Probability that a callback is sent twice. */
  duplicateCallbackRate: number;
  /** Probability that a non-final status's callback is held back until after the next one. */
  outOfOrderRate: number;
  /** How long "held back" is. */
  outOfOrderDelayMs: number;
  requestTimeoutMs: number;
  random: () => number;
}

interface Target {
  url: string;
  headers: Record<string, string>;
  body: string;
  serviceLevel: boolean;
}

/** The payload in VA Notify's key order (the signature depends on it). */
export function callbackPayload(n: StoredNotification, withProviderPayload: boolean): Record<string, unknown> {
  const p: Record<string, unknown> = {
    id: n.id,
    reference: n.reference,
    to: n.to,
    status: n.status,
    created_at: vaTime(n.createdAt),
    completed_at: vaTime(n.completedAt),
    sent_at: vaTime(n.sentAt),
    notification_type: n.type,
    status_reason: n.statusReason,
    provider: n.sentAt ? (n.type === 'email' ? 'ses' : 'pinpoint') : null,
  };
  if (withProviderPayload) p.provider_payload = null;
  return p;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Callbacks {
  /** Attempts in flight, so shutdown can wait for nothing and tests can count. */
  readonly counters = { sent: 0, failedAttempts: 0, duplicatesSent: 0 };
  private stopped = false;

  constructor(
    private readonly o: CallbackOptions,
    private readonly serviceOf: (id: string) => SandboxService | undefined,
  ) {}

  /** Called after every status change; sends in the background. */
  queue(n: StoredNotification): void {
    const target = this.targetFor(n);
    if (!target) return;
    if (!this.o.allowHttpCallbacks && !target.url.startsWith('https')) return;
    const record = { status: n.status, attempts: 0, delivered: false };
    n.callbacks.push(record);
    const heldBack = !COMPLETED_STATUSES.includes(n.status) && this.o.random() < this.o.outOfOrderRate;
    const delay = heldBack ? this.o.outOfOrderDelayMs : 0;
    void sleep(delay).then(() => this.deliver(target, record));
    if (this.o.random() < this.o.duplicateCallbackRate) {
      this.counters.duplicatesSent += 1;
      void sleep(delay + 5 + Math.floor(this.o.random() * 50)).then(() => this.deliver(target, record));
    }
  }

  stop(): void {
    this.stopped = true;
  }

  private targetFor(n: StoredNotification): Target | null {
    if (n.callbackUrl) {
      const payload = callbackPayload(n, true);
      return { url: n.callbackUrl, headers: { 'x-enp-signature': signCallback(payload, n.keySecret) }, body: JSON.stringify(payload), serviceLevel: false };
    }
    const cb = this.serviceOf(n.serviceId)?.callback;
    if (!cb || !(cb.statuses ?? COMPLETED_STATUSES).includes(n.status)) return null;
    const payload = callbackPayload(n, false);
    return { url: cb.url, headers: { authorization: `Bearer ${cb.bearerToken}` }, body: JSON.stringify(payload), serviceLevel: true };
  }

  private async deliver(t: Target, record: { attempts: number; delivered: boolean }): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      record.attempts += 1;
      let status: number;
      try {
        const res = await request(t.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...t.headers },
          body: t.body,
          timeoutMs: this.o.requestTimeoutMs,
        });
        status = res.status;
      } catch {
        status = 0; // timeout or connection error
      }
      if (status >= 200 && status < 300) {
        record.delivered = true;
        this.counters.sent += 1;
        return;
      }
      this.counters.failedAttempts += 1;
      const retry = status === 0 || status >= 500 || (!t.serviceLevel && status === 429);
      const wait = this.o.callbackRetryDelaysMs[attempt];
      if (!retry || wait === undefined) return;
      await sleep(wait);
    }
  }
}
