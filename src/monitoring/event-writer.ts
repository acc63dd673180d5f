/**
 * Buffers server-side flow events and writes them in batches (every `intervalMs` or when
 * `maxBatch` are waiting), so recording an API outcome never adds a database round trip to the
 * request. A crash loses at most one interval of events; the Prometheus counters (same labels)
 * are the loss-free signal for alerting, the table is for funnels and the guard.
 * Small and frequent (≤ 50 rows, ≤ 0.5 s) rather than large and rare: a 200-row batch every second
 * was a 20–50 ms burst on the database that the requests arriving meanwhile waited behind (the
 * list's p99 at 200 req/s, issue 16); the total work is about the same.
 */
import type { Logger } from '../platform/logging/logger.js';
import type { Db } from '../platform/db/pool.js';
import { insertEvents, type NewEvent } from './events.dao.js';

export class EventWriter {
  private buffer: NewEvent[] = [];
  private timer: NodeJS.Timeout;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    intervalMs = 500,
    private readonly maxBatch = 50,
  ) {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  private inflight = new Set<Promise<unknown>>();

  add(event: NewEvent): void {
    this.buffer.push(event);
    if (this.buffer.length >= this.maxBatch) void this.flush();
  }

  /** An event still being completed (e.g. its rollout variant is being looked up); flush() waits for it. */
  addLater(event: Promise<NewEvent | null>): void {
    const p = event.then(
      (e) => e && this.add(e),
      (err: unknown) => this.log.warn({ err }, 'monitoring event dropped'),
    );
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /** Write everything buffered so far (tests call this instead of waiting for the timer). */
  async flush(): Promise<void> {
    // Let onResponse hooks of responses that have just finished register their events first.
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([...this.inflight]);
    const batch = this.buffer.splice(0);
    this.pending = this.pending.then(async () => {
      if (batch.length === 0) return;
      try {
        await insertEvents(this.db, batch);
      } catch (err) {
        this.log.warn({ err, count: batch.length }, 'monitoring events dropped: insert failed');
      }
    });
    return this.pending;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
