/**
 * Exactly-once proof (issue 8.1, soft failures issue 14):
 *   npm run proof:exactly-once -- [--shipments 100000] [--workers 3] [--kill-every-ms 10000] [--timeout-minutes N]
 * VA Notify stand-in injects 20% faults on POST (8% 500, 6% 429, 3% timeout before accept, 3% timeout
 * after accept) and, after acceptance, 5% temporary-failure (RETRYABLE), half of which are
 * delivered late. Prints counts and every non-delivered outcome by reason; exits 1 on any
 * duplicate, missing or non-final shipment, and on any non-delivered outcome that no injected
 * fault caused.
 */
import { arg, openBenchDb } from '../bench/support.js';
import { runExactlyOnce } from './exactly-once-run.js';

const shipments = arg('shipments', 100_000);
const bench = await openBenchDb(
  {
    TRACKING_DEBOUNCE_SECONDS: '0',
    TRACKING_SEND_LEASE_SECONDS: '10',
    VA_NOTIFY_TIMEOUT_MS: '2000',
    TRACKING_STATUS_POLL_AFTER_MINUTES: '1',
    TRACKING_RESEND_MAX: '3',
    TRACKING_RESEND_BASE_SECONDS: '5',
    TRACKING_RETRY_BASE_SECONDS: '2',
  },
  12,
);
try {
  const r = await runExactlyOnce({
    ctx: bench.ctx,
    databaseUrl: bench.url,
    shipments,
    workers: arg('workers', 3),
    faults: {
      error500Rate: 0.08,
      rate429Rate: 0.06,
      timeoutBeforeAcceptRate: 0.03,
      timeoutAfterAcceptRate: 0.03,
      temporaryFailureRate: 0.05,
      lateDeliveryRate: 0.5,
      lateDeliveryMs: 1000,
    },
    killEveryMs: arg('kill-every-ms', 10_000),
    leaseSeconds: 10,
    // The run ends when every e-mail is final; this only bounds a run that cannot finish.
    timeoutMs: arg('timeout-minutes', Math.max(30, Math.ceil(shipments / 1000) * 2)) * 60_000,
    log: (l) => process.stdout.write(`  ${l}\n`),
  });
  process.stdout.write(
    [
      `shipments: ${r.shipments}   worker SIGKILLs: ${r.kills}   time: ${r.seconds.toFixed(0)} s`,
      `POSTs to VA Notify: ${r.posts} (injected: ${r.injected.e500} × 500, ${r.injected.e429} × 429, ${r.injected.timeouts} timeouts)`,
      `notifications at the stand-in: ${r.notificationsAtStandIn}`,
      `duplicates: ${r.duplicates}   missing: ${r.missing}   notification_id mismatches: ${r.idMismatches}`,
      `final states: ${JSON.stringify(r.finalStates)}   failures without a reason: ${r.withoutReason}`,
      `soft failures injected: ${r.injectedSoft.temporaryFailures} temporary-failure (${r.injectedSoft.lateDeliveries} delivered late); replays sent: ${r.replays}`,
      `not delivered, by reason (count / caused by an injected fault):`,
      ...(Object.keys(r.notDelivered).length ? Object.entries(r.notDelivered).map(([k, v]) => `  ${k}: ${v.count} / ${v.injected}`) : ['  (none)']),
      `unexplained non-delivered outcomes: ${r.unexplained}${r.unexplained ? '   ← FAIL: not caused by any injected fault' : ''}`,
    ].join('\n') + '\n',
  );
  const open = Object.entries(r.finalStates)
    .filter(([s]) => !['delivered', 'permanent-failure', 'temporary-failure', 'rejected', 'suppressed'].includes(s))
    .reduce((a, [, n]) => a + n, 0);
  process.exitCode = r.duplicates || r.missing || r.idMismatches || r.withoutReason || r.unexplained || open ? 1 : 0;
} finally {
  await bench.close();
}
