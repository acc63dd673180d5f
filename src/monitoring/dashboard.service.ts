/**
 * Dashboard and success-criteria figures (plan §5) from monitoring_events / monitoring_feedback.
 * Window defaults to the last 24 hours of the app clock (plus a minute either side); at most 93 days.
 */
import type { AppContext } from '../platform/context.js';
import { badRequest } from '../platform/http/errors.js';
import type { MonitoringMetrics as Metrics } from './flow-metrics.js';
import { ESCALATION } from './escalation.js';
import { abandonedSessions, errorCodes, feedbackTrend, recentFeedback, sessionSteps, stepErrors, stepLatency, timeSeries, type Window } from './events.dao.js';
import type { Product } from '../shared/flow-urls.js';
import { errorRate, funnelRows, orderedFunnel } from '../shared/funnel-math.js';
import { rolloutOverview } from './rollout/rollout.service.js';

const MAX_WINDOW_MS = 93 * 86_400_000;

/** On-call ranges and the time-series bucket each uses (about 30 points per chart). */
export const RANGES = {
  '1h': { ms: 3_600_000, bucketSeconds: 120 },
  '6h': { ms: 6 * 3_600_000, bucketSeconds: 900 },
  '24h': { ms: 86_400_000, bucketSeconds: 3600 },
  '7d': { ms: 7 * 86_400_000, bucketSeconds: 6 * 3600 },
} as const;
export type RangeName = keyof typeof RANGES;

export function resolveWindow(
  ctx: AppContext,
  q: { from?: string | undefined; to?: string | undefined; range?: RangeName | undefined; variant?: Window['variant'] },
): Window {
  // Default end: one minute past now, so events stamped "now" (the window is half-open) are included.
  const to = q.to ? new Date(q.to) : new Date(ctx.clock.now().getTime() + 60_000);
  const span = RANGES[q.range ?? '24h'].ms;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - span - 60_000);
  if (from >= to) throw badRequest('from must be before to', 'querystring.from');
  if (to.getTime() - from.getTime() > MAX_WINDOW_MS) throw badRequest('The range can be at most 93 days', 'querystring.from');
  return { from, to, variant: q.variant };
}

const windowOut = (w: Window) => ({ from: w.from.toISOString(), to: w.to.toISOString(), variant: w.variant ?? null });

export async function funnel(ctx: AppContext, w: Window) {
  const [sessions, abandoned] = await Promise.all([sessionSteps(ctx.db, w), abandonedSessions(ctx.db, w)]);
  return {
    window: windowOut(w),
    sessions: sessions.length,
    steps: funnelRows(orderedFunnel(sessions)).map((r) => ({ ...r, abandoned: abandoned[r.step] ?? 0, owningTeam: ESCALATION[r.product].engineeringTeam })),
  };
}

export async function errors(ctx: AppContext, w: Window) {
  const rows = await stepErrors(ctx.db, w);
  return {
    window: windowOut(w),
    steps: rows.map((r) => ({ ...r, errorRate: errorRate(r.requests, r.errors), owningTeam: ESCALATION[r.product].engineeringTeam })),
    topErrorCodes: await errorCodes(ctx.db, w),
  };
}

/** Bucket size for a window: the named range's, else about 30 points. */
export function bucketFor(w: Window): number {
  const span = w.to.getTime() - w.from.getTime();
  const named = Object.values(RANGES).find((r) => span <= r.ms + 120_000);
  return named?.bucketSeconds ?? Math.max(60, Math.round(span / 30 / 1000));
}

export async function series(ctx: AppContext, w: Window) {
  const bucketSeconds = bucketFor(w);
  return { window: windowOut(w), bucketSeconds, points: await timeSeries(ctx.db, w, bucketSeconds) };
}

export async function latency(ctx: AppContext, w: Window) {
  return { window: windowOut(w), steps: await stepLatency(ctx.db, w) };
}

export async function feedback(ctx: AppContext, w: Window) {
  const [trend, recent] = await Promise.all([feedbackTrend(ctx.db, w.from, w.to), recentFeedback(ctx.db, w.from, w.to)]);
  const total = trend.reduce((n, d) => n + d.count, 0);
  return {
    window: windowOut(w),
    total,
    trend,
    recent: recent.map((f) => ({
      id: f.id,
      createdAt: f.created_at.toISOString(),
      urlId: f.url_id,
      product: f.product,
      rating: f.rating,
      comment: f.comment,
      sentiment: f.sentiment,
    })),
  };
}

/** Success criteria (plan §5) in one document. */
export async function report(ctx: AppContext, w: Window, metrics?: Metrics) {
  const [f, e, l, fb, rollout] = await Promise.all([funnel(ctx, w), errors(ctx, w), latency(ctx, w), feedback(ctx, w), rolloutOverview(ctx)]);
  const server = e.steps.filter((s) => s.source === 'server');
  const api = (p?: Product) => {
    const rows = p ? server.filter((s) => s.product === p) : server;
    const requests = rows.reduce((n, r) => n + r.requests, 0);
    const errs = rows.reduce((n, r) => n + r.errors, 0);
    return {
      requests,
      errors: errs,
      successRate: requests === 0 ? null : Math.round(((requests - errs) / requests) * 10_000) / 10_000,
      errorRate: errorRate(requests, errs),
    };
  };
  // Attribution, computed: every stored flow error carries the product it is charged to (registry
  // owner, or Medications for routing errors at the interstitial). Errors on API routes outside
  // the registry are the unattributed part; Rx-tracking ingest is reported apart (not this flow).
  const flowErrors = e.steps.reduce((n, r) => n + r.errors, 0);
  const withStep = e.steps.filter((r) => r.step !== null).reduce((n, r) => n + r.errors, 0);
  const byProduct = (p: Product) => e.steps.filter((r) => r.product === p).reduce((n, r) => n + r.errors, 0);
  const routing = e.topErrorCodes.filter((c) => c.failure === 'routing').reduce((n, c) => n + c.count, 0);
  const unattributedRows = metrics ? (await metrics.flow.unattributedApiErrors.get()).values : [];
  const unattributed = unattributedRows.filter((v) => v.labels.area !== 'tracking').reduce((n, v) => n + v.value, 0);
  const trackingIngest = unattributedRows.filter((v) => v.labels.area === 'tracking').reduce((n, v) => n + v.value, 0);
  const latencyOf = (step: string, source: 'client' | 'server') => l.steps.find((s) => s.step === step && s.source === source);
  return {
    window: f.window,
    api: { overall: api(), meds: api('meds'), sm: api('sm') },
    rum: f.steps.map((s) => ({
      step: s.step,
      product: s.product,
      sessions: s.sessions,
      conversion: s.conversion,
      dropOff: s.dropOff,
      abandoned: s.abandoned,
      clientErrors: e.steps.filter((r) => r.source === 'client' && r.step === s.step).reduce((n, r) => n + r.errors, 0),
      p50Ms: latencyOf(s.step, 'client')?.p50 ?? null,
      p95Ms: latencyOf(s.step, 'client')?.p95 ?? null,
    })),
    attribution: {
      flowErrors,
      meds: byProduct('meds'),
      sm: byProduct('sm'),
      medsRoutingErrors: routing,
      attributedToStep: withStep,
      // Errors on API routes outside the registry since this process started (Prometheus counter).
      unattributedApiErrorsSinceStart: unattributed,
      shareAttributedToProduct: errorRate(flowErrors + unattributed, flowErrors),
      shareAttributedToStep: errorRate(flowErrors, withStep),
    },
    trackingIngest: { apiErrorsSinceStart: trackingIngest },
    sentiment: { total: fb.total, trend: fb.trend },
    rollout: { percent: rollout.percent, state: rollout.state },
  };
}
