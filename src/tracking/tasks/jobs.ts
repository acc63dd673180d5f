/**
 * Every tracking job, defined once (identifier, payload, key, max attempts, priority), and the
 * retry policies of the calls those jobs make. Services enqueue through these definitions; the
 * sweep re-creates jobs through the same key functions; src/worker/task-list.ts lists them all.
 */
import { z } from 'zod';
import { defineCronJob, defineJob } from '../../platform/jobs/job-definition.js';
import type { RetryPolicy } from '../../platform/jobs/retry.js';

const uuid = z.string().uuid();

/** One e-mail per shipment: the key makes items of one shipment share one debounced send. */
export const sendShipmentEmailJob = defineJob({
  identifier: 'send_shipment_email',
  payload: z.object({ shipmentId: uuid }),
  key: (p) => `shipment-email:${p.shipmentId}`,
  maxAttempts: 25,
  priority: 0,
});

/** Status poll for an e-mail without a final status; one key per e-mail: never two polls. */
export const pollShipmentEmailJob = defineJob({
  identifier: 'poll_shipment_email',
  payload: z.object({ emailId: uuid, round: z.number().int().min(0) }),
  key: (p) => `shipment-email-poll:${p.emailId}`,
  maxAttempts: 25,
  priority: 0,
});

/** Replay of an e-mail that ended temporary-failure: a new notification with the same reference. */
export const resendShipmentEmailJob = defineJob({
  identifier: 'resend_shipment_email',
  payload: z.object({ emailId: uuid }),
  key: (p) => `shipment-email-resend:${p.emailId}`,
  maxAttempts: 25,
  priority: 0,
});

export const postAalEventJob = defineJob({
  identifier: 'post_aal_event',
  payload: z.object({ aalEventId: uuid }),
  key: (p) => `aal:${p.aalEventId}`,
  maxAttempts: 12,
  priority: 0,
});

export const trackingSweepJob = defineCronJob('tracking_sweep', z.unknown());

type RetryConfig = { TRACKING_RETRY_BASE_SECONDS: number };

/** Sends to VA Notify: 429/5xx/timeouts are retried 30 s, 1 min, 2 min … (TRACKING_RETRY_BASE_SECONDS) capped at 1 h, 25 attempts. */
export const sendRetry = (c: RetryConfig): RetryPolicy => ({
  maxAttempts: sendShipmentEmailJob.maxAttempts,
  baseDelaySeconds: c.TRACKING_RETRY_BASE_SECONDS,
  maxDelaySeconds: retryCap(c),
});

/** AAL posts: same shape, 12 attempts (≈ 6 h in all at the default base). */
export const aalRetry = (c: RetryConfig): RetryPolicy => ({
  maxAttempts: postAalEventJob.maxAttempts,
  baseDelaySeconds: c.TRACKING_RETRY_BASE_SECONDS,
  maxDelaySeconds: retryCap(c),
});

/** 1 h at the default 30 s base; a compressed base (proofs, tests) compresses the cap with it. */
function retryCap(c: RetryConfig): number {
  return Math.min(3600, c.TRACKING_RETRY_BASE_SECONDS * 120);
}

/** Replays after temporary-failure: TRACKING_RESEND_MAX replays, TRACKING_RESEND_BASE_SECONDS doubling, ≤ 6 h. */
export function resendPolicy(config: { TRACKING_RESEND_MAX: number; TRACKING_RESEND_BASE_SECONDS: number }): RetryPolicy {
  return { maxAttempts: config.TRACKING_RESEND_MAX + 1, baseDelaySeconds: config.TRACKING_RESEND_BASE_SECONDS, maxDelaySeconds: 6 * 3600 };
}

/**
 * Polls stop this long after VA Notify accepted the e-mail: VA Notify times out unfinished
 * notifications after 3 days (reference A6) and keeps them for 7 (A5).
 */
export const POLL_HORIZON_SECONDS = 4 * 24 * 3600;
