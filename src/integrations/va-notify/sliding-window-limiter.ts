/**
 * Client-side rate limiter matching VA Notify's rule (at most N requests in any 60 s window,
 * reference A8), so steady-state sending runs at the limit without 429s. Callers `await
 * acquire()` before each request; waiting callers are served in order.
 */
export class SlidingWindowLimiter {
  private readonly stamps: number[] = [];
  private head = 0;
  private chain: Promise<void> = Promise.resolve();

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

  private async take(): Promise<void> {
    for (;;) {
      const t = this.now();
      while (this.head < this.stamps.length && this.stamps[this.head]! <= t - this.windowMs) this.head += 1;
      if (this.head > 4096) {
        this.stamps.splice(0, this.head);
        this.head = 0;
      }
      if (this.stamps.length - this.head < this.limit) {
        this.stamps.push(t);
        return;
      }
      const wait = this.stamps[this.head]! + this.windowMs - t + 1;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
