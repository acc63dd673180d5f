/**
 * Client-side rate limiter matching VA Notify's rule (at most N requests in any 60 s window,
 * reference A8), so steady-state sending runs at the limit without 429s. Callers `await
 * acquire()` before each request; waiters are served in order. `close()` rejects everyone still
 * waiting (shutdown), so a process never hangs on a window that would open a minute later.
 */
export class LimiterClosedError extends Error {
  override name = 'LimiterClosedError';
}

export class SlidingWindowLimiter {
  private readonly stamps: number[] = [];
  private head = 0;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private wake: { timer: ReturnType<typeof setTimeout>; resolve: () => void } | null = null;

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  acquire(): Promise<void> {
    const next = this.chain.then(() => this.take());
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Requests granted in the current window (for metrics and tests). */
  inWindow(): number {
    this.expire(this.now());
    return this.stamps.length - this.head;
  }

  close(): void {
    this.closed = true;
    if (this.wake) {
      clearTimeout(this.wake.timer);
      this.wake.resolve();
      this.wake = null;
    }
  }

  private expire(t: number): void {
    while (this.head < this.stamps.length && this.stamps[this.head]! <= t - this.windowMs) this.head += 1;
    if (this.head > 4096) {
      this.stamps.splice(0, this.head);
      this.head = 0;
    }
  }

  private async take(): Promise<void> {
    for (;;) {
      if (this.closed) throw new LimiterClosedError('rate limiter closed');
      const t = this.now();
      this.expire(t);
      if (this.stamps.length - this.head < this.limit) {
        this.stamps.push(t);
        return;
      }
      const wait = this.stamps[this.head]! + this.windowMs - t + 1;
      await new Promise<void>((resolve) => {
        this.wake = { timer: setTimeout(resolve, wait), resolve };
      });
      this.wake = null;
    }
  }
}
