/**
 * Dashboard and success-criteria figures (plan §5) from monitoring_events / monitoring_feedback.
 * Window defaults to the last 24 hours of the app clock (plus a minute either side); at most 93 days.
 */
import type { AppContext } from '../platform/context.js';
import { badRequest } from '../platform/http/errors.js';
import type { MonitoringMetrics as Metrics } from './flow-metrics.js';
import { ESCALATION } from './escalation.js';
import { abandonedSessions, errorCodes, feedbackTrend, funnelSessions, recentFeedback, stepErrors, stepLatency, type Window } from './events.dao.js';
import type { Product } from '../shared/flow-urls.js';
import { errorRate, funnelRows } from '../shared/funnel-math.js';
import { rolloutOverview } from './rollout/rollout.service.js';

const MAX_WINDOW_MS = 93 * 86_400_000;

export function resolveWindow(ctx: AppContext, q: { from?: string | undefined; to?: string | undefined; variant?: Window['variant'] }): Window {
  // Default end: one minute past now, so events stamped "now" (the window is half-open) are included.
  const to = q.to ? new Date(q.to) : new Date(ctx.clock.now().getTime() + 60_000);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 86_400_000 - 60_000);
  if (from >= to) throw badRequest('from must be before to', 'querystring.from');
  if (to.getTime() - from.getTime() > MAX_WINDOW_MS) throw badRequest('The range can be at most 93 days', 'querystring.from');
  return { from, to, variant: q.variant };
}

const windowOut = (w: Window) => ({ from: w.from.toISOString(), to: w.to.toISOString(), variant: w.variant ?? null });

export async function funnel(ctx: AppContext, w: Window) {
  const [sessions, abandoned] = await Promise.all([funnelSessions(ctx.db, w), abandonedSessions(ctx.db, w)]);
  return {
    window: windowOut(w),
    steps: funnelRows(sessions).map((r) => ({ ...r, abandoned: abandoned[r.step] ?? 0, owningTeam: ESCALATION[r.product].engineeringTeam })),
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
    recent: recent.map((f) => ({ id: f.id, createdAt: f.created_at.toISOString(), urlId: f.url_id, product: f.product, rating: f.rating, comment: f.comment, sentiment: f.sentiment })),
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
    return { requests, errors: errs, successRate: requests === 0 ? null : Math.round(((requests - errs) / requests) * 10_000) / 10_000, errorRate: errorRate(requests, errs) };
  };
  const flowErrors = e.steps.reduce((n, r) => n + r.errors, 0);
  const withStep = e.steps.filter((r) => r.step !== null).reduce((n, r) => n + r.errors, 0);
  const unattributed = metrics ? (await metrics.flow.unattributedApiErrors.get()).values.reduce((n, v) => n + v.value, 0) : 0;
  const latencyOf = (step: string, source: 'client' | 'server') => l.steps.find((s) => s.step === step && s.source === source);
  return {
    window: f.window,
    api: { overall: api(), meds: api('meds'), sm: api('sm') },
    rum: f.steps.map((s) => ({
      step: s.step, product: s.product, sessions: s.sessions, conversion: s.conversion, dropOff: s.dropOff, abandoned: s.abandoned,
      clientErrors: e.steps.filter((r) => r.source === 'client' && r.step === s.step).reduce((n, r) => n + r.errors, 0),
      p50Ms: latencyOf(s.step, 'client')?.p50 ?? null, p95Ms: latencyOf(s.step, 'client')?.p95 ?? null,
    })),
    attribution: {
      flowErrors,
      attributedToProduct: flowErrors,
      attributedToStep: withStep,
      shareAttributedToProduct: flowErrors === 0 ? null : 1,
      shareAttributedToStep: errorRate(flowErrors, withStep),
      // Errors on API routes outside the registry since this process started (Prometheus counter).
      unattributedApiErrorsSinceStart: unattributed,
    },
    sentiment: { total: fb.total, trend: fb.trend },
    rollout: { percent: rollout.percent, state: rollout.state },
  };
}
