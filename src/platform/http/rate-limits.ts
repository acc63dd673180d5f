/**
 * Request rate limits with several budgets per request (fixed one-minute windows, in memory).
 *
 * The app decides who a request counts against (`budgets(req)`, wired in src/server/app.ts): a
 * signed-in caller's session and user, an anonymous caller's IP, a machine route's credential.
 * A request is refused (429 `rate_limited`, `Retry-After`) when any of its budgets is spent; it
 * then counts against none, so a refused burst does not keep a budget spent. A route may add its
 * own, tighter budget (`config.rateLimit: { max }`, counted per caller) or opt out
 * (`config.rateLimit: false`).
 *
 * In-memory per process: behind several instances each has its own counts (as with the
 * @fastify/rate-limit default store this replaces); a shared store would go here.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { rateLimited } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: no limit (health, metrics); `{ max }`: an extra per-caller budget for this route. */
    rateLimit?: false | { max: number; timeWindow?: number };
  }
}

export interface Budget {
  /** Unique key of the counter, e.g. `session:<id>`, `ip:<addr>`, `credential:ingest`. */
  key: string;
  /** Requests allowed per window. */
  max: number;
}

export interface RateLimitOptions {
  windowMs?: number;
  /** The budgets a request counts against (besides a route's own). */
  budgets(req: FastifyRequest): Budget[];
  now?: () => number;
}

interface Counter {
  count: number;
  resetAt: number;
}

export class RateCounters {
  private readonly counters = new Map<string, Counter>();
  private nextSweep = 0;

  constructor(private readonly windowMs: number) {}

  /** Count one request against every budget, unless one of them is already spent. */
  take(budgets: Budget[], now: number): { ok: true; remaining: number; limit: number; resetAt: number } | { ok: false; retryAfterMs: number } {
    this.sweep(now);
    const counters = budgets.map((b) => {
      let c = this.counters.get(b.key);
      if (!c || c.resetAt <= now) {
        c = { count: 0, resetAt: now + this.windowMs };
        this.counters.set(b.key, c);
      }
      return { b, c };
    });
    const spent = counters.filter(({ b, c }) => c.count >= b.max);
    if (spent.length) return { ok: false, retryAfterMs: Math.max(...spent.map(({ c }) => c.resetAt - now)) };
    for (const { c } of counters) c.count += 1;
    const tightest = counters.reduce<{ b: Budget; c: Counter } | null>((m, x) => (!m || x.b.max - x.c.count < m.b.max - m.c.count ? x : m), null);
    return tightest
      ? { ok: true, remaining: tightest.b.max - tightest.c.count, limit: tightest.b.max, resetAt: tightest.c.resetAt }
      : { ok: true, remaining: Infinity, limit: Infinity, resetAt: now };
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + this.windowMs;
    for (const [k, c] of this.counters) if (c.resetAt <= now) this.counters.delete(k);
  }
}

export function registerRateLimits(app: FastifyInstance, opts: RateLimitOptions): void {
  const windowMs = opts.windowMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const counters = new RateCounters(windowMs);
  // preParsing: after the session is known (onRequest), before a body is read.
  app.addHook('preParsing', async (req, reply, payload) => {
    const route = req.routeOptions.config?.rateLimit;
    if (route === false) return payload;
    const budgets = opts.budgets(req);
    if (route && budgets.length) budgets.push({ key: `route:${req.method}:${req.routeOptions.url}:${budgets[0]!.key}`, max: route.max });
    if (!budgets.length) return payload;
    const t = now();
    const r = counters.take(budgets, t);
    if (!r.ok) throw rateLimited(Math.ceil(r.retryAfterMs / 1000));
    if (Number.isFinite(r.limit)) {
      void reply
        .header('x-ratelimit-limit', r.limit)
        .header('x-ratelimit-remaining', r.remaining)
        .header('x-ratelimit-reset', Math.ceil((r.resetAt - t) / 1000));
    }
    return payload;
  });
}
