/**
 * Monitoring HTTP routes: event beacons and page feedback (written by the web app on flow pages),
 * and the ops dashboard, report, URL export and rollout controls.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import Sentiment from 'sentiment';
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { requireUser } from '../identity/index.js';
import type { MonitoringMetrics as Metrics } from './flow-metrics.js';
import { flowUrl, type FlowUrlId } from '../shared/flow-urls.js';
import { pagePattern } from '../shared/flow-match.js';
import { insertEvents, insertFeedback, type NewEvent } from './events.dao.js';
import { errors, feedback, funnel, latency, report, resolveWindow } from './dashboard.service.js';
import { scrubPhi } from './phi-scrub.js';
import { renewalLink } from './rollout/flags.js';
import { changeRollout, OPS_ACTIONS, rolloutOverview, runRolloutGuard } from './rollout/rollout.service.js';
import { eventBatchSchema, exportedUrlSchema, feedbackBody, MAX_EVENTS_PER_BATCH, rangeQuery, rolloutActionBody } from './schemas.js';
import { exportUrls, toCsv } from './url-export.js';

const sentiment = new Sentiment();
/** Client timestamps outside this window (skewed clocks, replays) are replaced by the receive time. */
const MAX_PAST_MS = 24 * 3_600_000;
const MAX_FUTURE_MS = 5 * 60_000;

export async function monitoringRoutes(app: FastifyInstance, { ctx, metrics }: { ctx: AppContext; metrics: Metrics }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const origin = ctx.config.PUBLIC_URL ?? `http://${ctx.config.HOST}:${ctx.config.PORT}`;

  // navigator.sendBeacon cannot set a JSON content type without a CORS preflight in some browsers,
  // so the beacon posts text/plain; this parser (scoped to this plugin) reads it as JSON.
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      const err = new Error('Request body is not valid JSON') as Error & { statusCode: number; code: string };
      err.statusCode = 400;
      err.code = 'FST_ERR_CTP_INVALID_JSON_BODY';
      done(err, undefined);
    }
  });

  /*
   * Public and exempt from CSRF on purpose: sendBeacon cannot add the x-csrf-token header, and
   * the page may be unloading with the session already gone. This is safe because the route is
   * write-only (it returns nothing but 204 and reads nothing back), bounded (50 events, 64 KB,
   * strict schema with only enums, registry ids, numbers and a timestamp — no free text, so no
   * PHI can be accepted), and rate-limited per client address. The worst a forged request can do
   * is add noise to aggregate counts. The variant comes from the session when there is one,
   * never from the body.
   */
  r.post('/api/monitoring/events', {
    config: { auth: 'public', csrf: false, rateLimit: { max: 120, timeWindow: 60_000 } },
    bodyLimit: 64 * 1024,
    schema: {
      tags: ['monitoring'],
      summary: `Record a batch of funnel/error events from the browser (≤ ${MAX_EVENTS_PER_BATCH}; sendBeacon)`,
      body: eventBatchSchema,
      response: { 204: z.null() },
    },
  }, async (req, reply) => {
    const now = ctx.clock.now();
    const variant = req.user?.role === 'veteran' ? (await renewalLink(ctx, req.user.id)).variant : null;
    const rows: NewEvent[] = req.body.events.map((e) => {
      const entry = flowUrl(e.urlId as FlowUrlId);
      const at = new Date(e.occurredAt);
      const skewed = at.getTime() < now.getTime() - MAX_PAST_MS || at.getTime() > now.getTime() + MAX_FUTURE_MS;
      return {
        occurred_at: skewed ? now : at,
        source: 'client',
        kind: e.kind,
        step: (e.step ?? null) as NewEvent['step'],
        product: entry.product,
        outcome: e.outcome,
        error_code: e.errorCode ?? null,
        duration_ms: e.durationMs ?? null,
        session_id: req.body.sessionId,
        variant,
        url_id: entry.id,
      };
    });
    await insertEvents(ctx.db, rows);
    for (const row of rows) {
      metrics.flow.funnelEvents.inc({ product: row.product, step: row.step ?? 'none', outcome: row.outcome, variant: variant ?? 'none', source: 'client' });
      if (row.kind === 'error') metrics.flow.clientErrors.inc({ product: row.product, step: row.step ?? 'none', error_code: row.error_code ?? 'unknown' });
    }
    return reply.status(204).send(null);
  });

  r.post('/api/monitoring/feedback', {
    config: { auth: 'user', rateLimit: { max: 20, timeWindow: 60_000 } },
    schema: {
      tags: ['monitoring'],
      summary: 'Page feedback on a flow page: rating 1–5 and an optional comment (scrubbed of identifiers before storage)',
      body: feedbackBody,
      response: { 201: z.object({ id: z.uuid(), scrubbed: z.boolean() }) },
    },
  }, async (req, reply) => {
    const user = requireUser(req);
    const entry = flowUrl(req.body.urlId as FlowUrlId);
    const scrubbed = req.body.comment ? scrubPhi(req.body.comment) : null;
    const comment = scrubbed?.text || null;
    const variant = user.role === 'veteran' ? (await renewalLink(ctx, user.id)).variant : null;
    const id = await insertFeedback(ctx.db, {
      created_at: ctx.clock.now(),
      url_id: entry.id,
      path_pattern: pagePattern(entry),
      product: entry.product,
      rating: req.body.rating,
      comment,
      sentiment: comment ? Math.round(sentiment.analyze(comment).comparative * 1000) / 1000 : null,
      session_id: req.body.sessionId ?? null,
      variant,
    });
    metrics.flow.feedback.inc({ product: entry.product, url_id: entry.id, rating: String(req.body.rating) });
    return reply.status(201).send({ id, scrubbed: (scrubbed?.removed.length ?? 0) > 0 });
  });

  const ops = { auth: 'ops' as const };
  const range = { querystring: rangeQuery, tags: ['monitoring'] };

  r.get('/api/monitoring/funnel', { config: ops, schema: { ...range, summary: 'Funnel: sessions, conversion and drop-off per step' } },
    async (req) => funnel(ctx, resolveWindow(ctx, req.query)));
  r.get('/api/monitoring/errors', { config: ops, schema: { ...range, summary: 'Error rate per step, split by owning product and source' } },
    async (req) => errors(ctx, resolveWindow(ctx, req.query)));
  r.get('/api/monitoring/latency', { config: ops, schema: { ...range, summary: 'Latency p50/p95 per step (client and server)' } },
    async (req) => latency(ctx, resolveWindow(ctx, req.query)));
  r.get('/api/monitoring/feedback', { config: ops, schema: { ...range, summary: 'Feedback volume, rating and sentiment trend, recent comments' } },
    async (req) => feedback(ctx, resolveWindow(ctx, req.query)));
  r.get('/api/monitoring/report', { config: ops, schema: { ...range, summary: 'Success-criteria report (API success/error, RUM per step, attribution, sentiment)' } },
    async (req) => report(ctx, resolveWindow(ctx, req.query), metrics));

  r.get('/api/monitoring/urls.json', {
    config: ops,
    schema: { tags: ['monitoring'], summary: 'Every URL of the flow (Medallia / VSignals intake)', response: { 200: z.object({ urls: z.array(exportedUrlSchema) }) } },
  }, async () => ({ urls: exportUrls(origin) }));
  r.get('/api/monitoring/urls.csv', {
    config: ops,
    schema: { tags: ['monitoring'], summary: 'Every URL of the flow as CSV (Medallia / VSignals intake)' },
  }, async (_req, reply) => {
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="rx-renewal-flow-urls.csv"');
    return toCsv(exportUrls(origin));
  });

  r.get('/api/monitoring/rollout', { config: ops, schema: { tags: ['monitoring'], summary: 'Renewal-link rollout stage, audit trail and team notifications' } },
    async () => rolloutOverview(ctx));
  for (const action of OPS_ACTIONS) {
    r.post(`/api/monitoring/rollout/${action}`, {
      config: ops,
      schema: { tags: ['monitoring'], summary: `Rollout: ${action} (audited with the reason)`, body: rolloutActionBody },
    }, async (req) => {
      const user = requireUser(req);
      await changeRollout(ctx, action, `ops:${user.id}`, req.body.reason, null, metrics);
      return rolloutOverview(ctx);
    });
  }
  r.post('/api/monitoring/rollout/evaluate', {
    config: ops,
    schema: { tags: ['monitoring'], summary: 'Run the rollout guard now (it also runs every 5 minutes)' },
  }, async () => runRolloutGuard(ctx, { metrics }));
}
