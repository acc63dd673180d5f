/**
 * Fault injection for POST /v2/notifications/* (stand-in only), set by configuration or at run
 * time with `PUT /_sandbox/faults`. One random roll per request picks at most one fault:
 *   error500Rate            500 {"error":"Exception","message":"Internal server error"} (nothing stored)
 *   timeoutBeforeAcceptRate the request hangs, then the socket is destroyed; nothing stored
 *   rate429Rate             429 RateLimitError as if the window were full
 *   timeoutAfterAcceptRate  the notification is stored and delivered, but the response never comes —
 *                           the caller cannot tell whether it was accepted (how exactly-once is tested)
 * `timeoutRate` is accepted as shorthand for timeoutAfterAcceptRate.
 * After acceptance (progression.ts): temporaryFailureRate ends a notification temporary-failure
 * (RETRYABLE); lateDeliveryRate of those are delivered `lateDeliveryMs` later anyway.
 */
import type { FastifyReply } from 'fastify';
import { HungReplies } from '../hung-replies.js';
import { NO_FAULTS, type Faults, type FaultsInput } from './model.js';

export type FaultKind = 'error500' | 'timeoutBeforeAccept' | 'rate429' | 'timeoutAfterAccept' | null;

const RATE_KEYS = ['error500Rate', 'timeoutBeforeAcceptRate', 'rate429Rate', 'timeoutAfterAcceptRate', 'temporaryFailureRate', 'lateDeliveryRate'] as const;

/** Validates a faults body; returns the error text or the normalised partial. */
export function parseFaults(input: unknown): { ok: true; value: Partial<Faults> } | { ok: false; message: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, message: 'body must be an object' };
  const { timeoutRate, ...rest } = input as FaultsInput & Record<string, unknown>;
  const value: Record<string, unknown> = { ...rest };
  if (timeoutRate !== undefined) value.timeoutAfterAcceptRate = timeoutRate;
  for (const [k, v] of Object.entries(value)) {
    if ((RATE_KEYS as readonly string[]).includes(k)) {
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) return { ok: false, message: `${k} must be a number from 0 to 1` };
    } else if (k === 'timeoutMs' || k === 'lateDeliveryMs') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return { ok: false, message: `${k} must be a non-negative integer` };
    } else {
      return { ok: false, message: `${k} is not a fault setting` };
    }
  }
  return { ok: true, value };
}

export class FaultInjector {
  readonly settings: Faults;
  private readonly hung = new HungReplies();
  readonly counters = { injected500: 0, injected429: 0, injectedTimeouts: 0, injectedTemporaryFailures: 0, injectedLateDeliveries: 0 };

  constructor(
    initial: FaultsInput | undefined,
    private readonly random: () => number,
  ) {
    const parsed = parseFaults(initial ?? {});
    if (!parsed.ok) throw new Error(`VA Notify stand-in faults: ${parsed.message}`);
    this.settings = { ...NO_FAULTS, ...parsed.value };
  }

  /** Which fault (if any) this request gets. */
  roll(): FaultKind {
    const r = this.random();
    const f = this.settings;
    const bands: [rate: number, kind: FaultKind][] = [
      [f.error500Rate, 'error500'],
      [f.timeoutBeforeAcceptRate, 'timeoutBeforeAccept'],
      [f.rate429Rate, 'rate429'],
      [f.timeoutAfterAcceptRate, 'timeoutAfterAccept'],
    ];
    let edge = 0;
    for (const [rate, kind] of bands) if (r < (edge += rate)) return kind;
    return null;
  }

  send500(reply: FastifyReply): FastifyReply {
    this.counters.injected500 += 1;
    return reply.status(500).send({ error: 'Exception', message: 'Internal server error' });
  }

  /** Never answer: hold the socket for `timeoutMs`, then destroy it (the client sees a timeout or a reset). */
  hang(reply: FastifyReply): FastifyReply {
    this.counters.injectedTimeouts += 1;
    return this.hung.hold(reply, this.settings.timeoutMs);
  }

  /** On shutdown: drop every held socket. */
  releaseAll(): void {
    this.hung.releaseAll();
  }

  resetCounters(): void {
    Object.assign(this.counters, { injected500: 0, injected429: 0, injectedTimeouts: 0, injectedTemporaryFailures: 0, injectedLateDeliveries: 0 });
  }
}
