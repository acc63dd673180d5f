/**
 * CI-sized run of the exactly-once proof (npm run proof:exactly-once runs 100,000): a few hundred
 * shipments, 20% injected VA Notify faults, worker processes SIGKILLed at random moments.
 */
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db.js';
import { runExactlyOnce } from '../../proof/exactly-once-run.js';
import { systemClock } from '../../src/platform/context.js';

const t = useTestDatabase({
  clock: systemClock,
  config: {
    TRACKING_DEBOUNCE_SECONDS: '0',
    TRACKING_SEND_LEASE_SECONDS: '5',
    VA_NOTIFY_TIMEOUT_MS: '2000',
    TRACKING_STATUS_POLL_AFTER_MINUTES: '1',
    TRACKING_RESEND_MAX: '3',
    TRACKING_RESEND_BASE_SECONDS: '2',
    TRACKING_RETRY_BASE_SECONDS: '1',
  },
});

describe('exactly once under faults and SIGKILL (small)', () => {
  it('every shipment gets exactly one notification and reaches a final state', async () => {
    const r = await runExactlyOnce({
      ctx: t.ctx,
      databaseUrl: t.url,
      shipments: 200,
      workers: 2,
      faults: {
        error500Rate: 0.08,
        rate429Rate: 0.06,
        timeoutBeforeAcceptRate: 0.03,
        timeoutAfterAcceptRate: 0.03,
        temporaryFailureRate: 0.1,
        lateDeliveryRate: 0.5,
        lateDeliveryMs: 300,
      },
      killEveryMs: 4000,
      leaseSeconds: 5,
      timeoutMs: 200_000,
    });
    expect(r.kills).toBeGreaterThan(0);
    expect(r.injected.e500 + r.injected.e429 + r.injected.timeouts).toBeGreaterThan(0);
    expect(r.injectedSoft.temporaryFailures).toBeGreaterThan(0);
    expect({ duplicates: r.duplicates, missing: r.missing, idMismatches: r.idMismatches, withoutReason: r.withoutReason, unexplained: r.unexplained }).toEqual({
      duplicates: 0,
      missing: 0,
      idMismatches: 0,
      withoutReason: 0,
      unexplained: 0,
    });
    // Soft failures recover: every e-mail ends delivered (a replay, or the late delivery); the only
    // extra notifications at the stand-in are the replays rxbridge recorded.
    expect(r.finalStates).toEqual({ delivered: 200 });
    expect(r.notificationsAtStandIn).toBe(200 + r.replays);
  }, 240_000);
});
