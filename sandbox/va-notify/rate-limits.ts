/**
 * VA Notify's two send limits (A8): a sliding 60 s window of requests per (service, key type) —
 * 429 RateLimitError — and a daily message cap per service that test keys do not count
 * against — 429 TooManyRequestsError. Messages are VA Notify's, `normal` keys are called LIVE.
 */
import type { KeyType, SandboxService } from './model.js';

const KEY_TYPE_NAME: Record<KeyType, string> = { normal: 'LIVE', team: 'TEAM', test: 'TEST' };
const WINDOW_MS = 60_000;

export type LimitResult = { ok: true } | { ok: false; error: 'RateLimitError' | 'TooManyRequestsError'; message: string };

export function rateLimitMessage(keyType: KeyType, limit: number, windowMs = WINDOW_MS): string {
  return `Exceeded rate limit for key type ${KEY_TYPE_NAME[keyType]} of ${limit} requests per ${windowMs / 1000} seconds`;
}

export class SendLimits {
  private readonly windows = new Map<string, number[]>();
  private readonly daily = new Map<string, number>();

  /** `windowMs`: VA Notify's is 60 s; a short-run benchmark may shrink it with the limit in proportion. */
  constructor(private readonly windowMs = WINDOW_MS) {}

  /** Checks both limits and, when within them, counts this request. `forceRateLimit` = injected 429. */
  check(service: SandboxService, keyType: KeyType, nowMs: number, forceRateLimit = false): LimitResult {
    const wkey = `${service.id}:${keyType}`;
    const stamps = (this.windows.get(wkey) ?? []).filter((t) => t > nowMs - this.windowMs);
    this.windows.set(wkey, stamps);
    if (forceRateLimit || stamps.length >= service.rateLimit) {
      return { ok: false, error: 'RateLimitError', message: rateLimitMessage(keyType, service.rateLimit, this.windowMs) };
    }
    stamps.push(nowMs);
    if (keyType === 'test') return { ok: true };
    const dkey = `${service.id}:${new Date(nowMs).toISOString().slice(0, 10)}`;
    const sent = this.daily.get(dkey) ?? 0;
    if (sent >= service.messageLimit) {
      return { ok: false, error: 'TooManyRequestsError', message: `Exceeded send limits (${service.messageLimit}) for today` };
    }
    this.daily.set(dkey, sent + 1);
    return { ok: true };
  }

  clear(): void {
    this.windows.clear();
    this.daily.clear();
  }
}
