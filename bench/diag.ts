/**
 * BENCH_DIAG=1: a server process under load writes to stderr each GC pause over 3 ms (with V8's GC
 * kind: 1 scavenge, 2 minor mark-sweep, 4 mark-compact, 8 incremental marking, 16 weak callbacks)
 * and each event-loop stall over 8 ms, stamped with wall-clock seconds (mod 1,000) so they line up
 * with the load generator's "<target> start/end" lines. This is how the list's p99 tail was traced
 * to young-generation GC pauses (issue 16). With BENCH_APP_NODE_FLAGS=--trace-gc-nvp the app's V8
 * traces (survived/promoted bytes per scavenge) are copied to stderr too.
 */
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export const stamp = () => `t=${((Date.now() % 1e6) / 1000).toFixed(2)}s`;

export function startDiagnostics(): void {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (e.duration > 3) process.stderr.write(`[diag] ${stamp()} gc kind=${kind ?? '?'} ${e.duration.toFixed(1)} ms\n`);
    }
  }).observe({ entryTypes: ['gc'] });
  const tick = 2;
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last > tick + 6) process.stderr.write(`[diag] ${stamp()} loop stalled ${(now - last - tick).toFixed(1)} ms\n`);
    last = now;
  }, tick).unref();
}
