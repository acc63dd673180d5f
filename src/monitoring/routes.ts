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
import { insertFeedback, storeClientEvents, type NewEvent } from './events.dao.js';
import { chargedProduct, chargedStep, classifyFailure } from '../shared/failure-class.js';
import { requestKeys } from './subject-keys.js';
import { errors, feedback, funnel, latency, report, resolveWindow, series } from './dashboard.service.js';
import {
  errorsResponse,
  feedbackResponse,
  funnelResponse,
  latencyResponse,
  reportResponse,
  rolloutResponse,
  seriesResponse,
  statusResponse,
} from '../shared/api/monitoring.js';
import { alertmanagerPayload, alertsOverview, checkAlertmanagerToken, receiveAlerts } from './alerts.js';
import { scrubPhi } from './phi-scrub.js';
import { stripBidiControls } from './bidi.js';
import { renewalLinkFor } from './rollout/flags.js';
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
  r.post(
    '/api/monitoring/events',
    {
      // Rate-limited per caller (the server session when signed in, the address when not; src/platform/http/rate-limits.ts).
      config: { auth: 'public', csrf: false, rateLimit: { max: 120, timeWindow: 60_000 } },
      bodyLimit: 64 * 1024,
      schema: {
        tags: ['monitoring'],
        summary: `Record a batch of funnel/error events from the browser (≤ ${MAX_EVENTS_PER_BATCH}; sendBeacon)`,
        body: eventBatchSchema,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const now = ctx.clock.now();
      const variant = req.user?.role === 'veteran' ? (await renewalLinkFor(ctx, req)).variant : null;
      // Tied to the server session that produced them (not the body's tab id): anonymous events are
      // kept for the record but never count in the funnel or the guard.
      const keys = requestKeys(ctx, req);
      const rows: NewEvent[] = req.body.events.map((e) => {
        const entry = flowUrl(e.urlId as FlowUrlId);
        const at = new Date(e.occurredAt);
        const skewed = at.getTime() < now.getTime() - MAX_PAST_MS || at.getTime() > now.getTime() + MAX_FUTURE_MS;
        const failure =
          e.kind === 'error' || e.outcome === 'error' ? classifyFailure({ source: 'client', urlId: entry.id, errorCode: e.errorCode ?? null }) : null;
        const step = (e.step ?? null) as NewEvent['step'];
        return {
          occurred_at: skewed ? now : at,
          source: 'client',
          kind: e.kind,
          step: chargedStep(step ?? null, failure),
          product: chargedProduct(entry.product, failure),
          outcome: e.outcome,
          error_code: e.errorCode ?? null,
          duration_ms: e.durationMs ?? null,
          session_id: req.body.sessionId,
          variant,
          url_id: entry.id,
          veteran_key: keys.veteranKey,
          session_key: keys.sessionKey,
          failure,
          http_status: null,
        };
      });
      const stored = await storeClientEvents(ctx.db, rows);
      for (const row of stored) {
        metrics.flow.funnelEvents.inc({ product: row.product, step: row.step ?? 'none', outcome: row.outcome, variant: variant ?? 'none', source: 'client' });
        if (row.kind === 'error') metrics.flow.clientErrors.inc({ product: row.product, step: row.step ?? 'none', error_code: row.error_code ?? 'unknown' });
      }
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/monitoring/feedback',
    {
      config: { auth: 'user', rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags: ['monitoring'],
        summary: 'Page feedback on a flow page: rating 1–5 and an optional comment (scrubbed of identifiers before storage)',
        body: feedbackBody,
        response: { 201: z.object({ id: z.uuid(), scrubbed: z.boolean() }) },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      const entry = flowUrl(req.body.urlId as FlowUrlId);
      // Direction controls first (they could hide an identifier from the scrubber's patterns), then identifiers.
      const scrubbed = req.body.comment ? scrubPhi(stripBidiControls(req.body.comment).text.trim()) : null;
      const comment = scrubbed?.text || null;
      const variant = user.role === 'veteran' ? (await renewalLinkFor(ctx, req)).variant : null;
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
    },
  );

  const ops = { auth: 'ops' as const };
  const range = { querystring: rangeQuery, tags: ['monitoring'] };

  r.get(
    '/api/monitoring/funnel',
    { config: ops, schema: { ...range, summary: 'Funnel: sessions, conversion and drop-off per step', response: { 200: funnelResponse } } },
    async (req) => funnel(ctx, resolveWindow(ctx, req.query)),
  );
  r.get(
    '/api/monitoring/errors',
    { config: ops, schema: { ...range, summary: 'Error rate per step, split by owning product and source', response: { 200: errorsResponse } } },
    async (req) => errors(ctx, resolveWindow(ctx, req.query)),
  );
  r.get(
    '/api/monitoring/series',
    {
      config: ops,
      schema: {
        ...range,
        summary: 'Time series per product, step and variant: requests, failures, validation errors, conversions, p95 latency',
        response: { 200: seriesResponse },
      },
    },
    async (req) => series(ctx, resolveWindow(ctx, req.query)),
  );
  r.get(
    '/api/monitoring/status',
    {
      config: ops,
      schema: { tags: ['monitoring'], summary: 'On-call status: rollout state, last guard decision, active alerts', response: { 200: statusResponse } },
    },
    async () => {
      const rollout = await rolloutOverview(ctx);
      return {
        rollout: { percent: rollout.percent, state: rollout.state, updatedAt: rollout.updatedAt, updatedBy: rollout.updatedBy },
        lastGuardRun: rollout.guardRuns[0] ?? null,
        alerts: await alertsOverview(ctx),
      };
    },
  );

  /*
   * Alertmanager webhook receiver: authenticated by its bearer token (not a session, so no CSRF),
   * and never rate-limited — Alertmanager batches and retries on its own schedule.
   */
  r.post(
    '/api/monitoring/alerts',
    {
      config: { auth: 'public', csrf: false, rateLimit: false },
      bodyLimit: 1024 * 1024,
      schema: {
        tags: ['monitoring'],
        summary: 'Alertmanager webhook (version 4): record alerts; a firing alert labelled rollout_action=pause pauses the rollout',
        body: alertmanagerPayload,
      },
      preValidation: async (req) => checkAlertmanagerToken(ctx, req.headers.authorization),
    },
    async (req) => receiveAlerts(ctx, req.body),
  );

  r.get(
    '/api/monitoring/latency',
    { config: ops, schema: { ...range, summary: 'Latency p50/p95 per step (client and server)', response: { 200: latencyResponse } } },
    async (req) => latency(ctx, resolveWindow(ctx, req.query)),
  );
  r.get(
    '/api/monitoring/feedback',
    { config: ops, schema: { ...range, summary: 'Feedback volume, rating and sentiment trend, recent comments', response: { 200: feedbackResponse } } },
    async (req) => feedback(ctx, resolveWindow(ctx, req.query)),
  );
  r.get(
    '/api/monitoring/report',
    {
      config: ops,
      schema: { ...range, summary: 'Success-criteria report (API success/error, RUM per step, attribution, sentiment)', response: { 200: reportResponse } },
    },
    async (req) => report(ctx, resolveWindow(ctx, req.query), metrics),
  );

  r.get(
    '/api/monitoring/urls.json',
    {
      config: ops,
      schema: {
        tags: ['monitoring'],
        summary: 'Every URL of the flow (Medallia / VSignals intake)',
        response: { 200: z.object({ urls: z.array(exportedUrlSchema) }) },
      },
    },
    async () => ({ urls: exportUrls(origin) }),
  );
  r.get(
    '/api/monitoring/urls.csv',
    {
      config: ops,
      schema: { tags: ['monitoring'], summary: 'Every URL of the flow as CSV (Medallia / VSignals intake)' },
    },
    async (_req, reply) => {
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="rx-renewal-flow-urls.csv"');
      return toCsv(exportUrls(origin));
    },
  );

  r.get(
    '/api/monitoring/rollout',
    {
      config: ops,
      schema: { tags: ['monitoring'], summary: 'Renewal-link rollout stage, audit trail and team notifications', response: { 200: rolloutResponse } },
    },
    async () => rolloutOverview(ctx),
  );
  // Operator actions are limited per signed-in session, not per address: several operators behind
  // one proxy must not lock each other out mid-incident (the global per-IP limit does not apply).
  // Operators' own budget, counted per signed-in session (the platform limiter keys signed-in callers by session).
  const perSession = { max: 60, timeWindow: 60_000 };
  for (const action of OPS_ACTIONS) {
    r.post(
      `/api/monitoring/rollout/${action}`,
      {
        config: { ...ops, rateLimit: perSession },
        schema: { tags: ['monitoring'], summary: `Rollout: ${action} (audited with the reason)`, body: rolloutActionBody, response: { 200: rolloutResponse } },
      },
      async (req) => {
        const user = requireUser(req);
        await changeRollout(ctx, action, `ops:${user.id}`, req.body.reason, null, metrics);
        return rolloutOverview(ctx);
      },
    );
  }
  r.post(
    '/api/monitoring/rollout/evaluate',
    {
      config: { ...ops, rateLimit: perSession },
      schema: { tags: ['monitoring'], summary: 'Run the rollout guard now (it also runs every 5 minutes)' },
    },
    async () => runRolloutGuard(ctx, { metrics }),
  );
}
