/**
 * Server-side attribution of every API outcome in the renewal flow. One onResponse hook maps the
 * matched Fastify route to its flow-URL registry entry (kind 'api') and records, with the entry's
 * owning product and funnel step:
 *  - Prometheus counters / latency histogram (flow-metrics.ts),
 *  - a row in monitoring_events (buffered, see event-writer.ts) with the rollout variant,
 *  - an OpenTelemetry span with product / step / url id attributes (when tracing is on).
 * Features (Medications, Secure Messaging) register nothing: a new SM route is attributed as
 * soon as its path is in flow-urls.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Span } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { AppContext } from '../platform/context.js';
import { toAppError } from '../platform/http/error-handler.js';
import type { MonitoringMetrics as Metrics } from './flow-metrics.js';
import { EventWriter } from './event-writer.js';
import { matchRoutePattern } from '../shared/flow-match.js';
import { renewalLinkFor } from './rollout/flags.js';
import { createTracing, endRequestSpan, startRequestSpan } from './tracing.js';
import { chargedProduct, chargedStep, classifyFailure } from '../shared/failure-class.js';
import { requestKeys } from './subject-keys.js';

/** Refusals that say nothing about the flow's health (signed out, wrong role, stale CSRF, throttled). */
export const NON_FLOW_ERROR_CODES = new Set(['unauthenticated', 'forbidden', 'csrf_invalid', 'rate_limited']);

declare module 'fastify' {
  interface FastifyInstance {
    /** Buffered writer of server-side flow events (flush() in tests). */
    flowEvents: EventWriter;
  }
  interface FastifyRequest {
    flowErrorCode?: string;
    flowSpan?: Span;
  }
}

export type Outcome = 'ok' | 'error' | 'rejected';

/** ok (< 400), rejected (auth/CSRF/throttle: not a flow failure), else error. */
export function classifyOutcome(status: number, errorCode: string | undefined): Outcome {
  if (status < 400) return 'ok';
  if (errorCode && NON_FLOW_ERROR_CODES.has(errorCode)) return 'rejected';
  return 'error';
}

function statusCode(status: number): string {
  // Mirrors errors.ts when the error handler did not run (e.g. a reply sent with a status directly).
  return status === 404 ? 'not_found' : status >= 500 ? 'internal' : `http_${status}`;
}

async function variantOf(ctx: AppContext, req: FastifyRequest) {
  if (req.user?.role !== 'veteran') return null;
  try {
    return (await renewalLinkFor(ctx, req)).variant;
  } catch {
    return null;
  }
}

export function registerFlowAttribution(app: FastifyInstance, ctx: AppContext, metrics: Metrics, opts: { spanExporter?: SpanExporter } = {}): void {
  const writer = new EventWriter(ctx.db, ctx.log);
  app.decorate('flowEvents', writer);
  const tracing = createTracing({ endpoint: ctx.config.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: ctx.config.OTEL_SERVICE_NAME, exporter: opts.spanExporter });
  app.addHook('onClose', async () => {
    await writer.close();
    await tracing?.shutdown();
  });

  if (tracing) {
    app.addHook('onRequest', async (req) => {
      req.flowSpan = startRequestSpan(tracing.tracer, req.method, req.routeOptions.url);
    });
  }
  app.addHook('onError', async (req, _reply, err) => {
    req.flowErrorCode = toAppError(err).code;
  });

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url;
    const entry = route ? matchRoutePattern(route) : undefined;
    const status = reply.statusCode;
    const errorCode = status >= 400 ? (req.flowErrorCode ?? statusCode(status)) : null;
    const outcome = classifyOutcome(status, errorCode ?? undefined);

    if (!entry) {
      if (outcome === 'error' && route?.startsWith('/api/') && !route.startsWith('/api/monitoring/')) {
        // Tracking ingest (HL7/FHIR machine traffic) is not the renewal flow: reported on its own.
        const area = route.startsWith('/api/tracking/') ? 'tracking' : 'other';
        metrics.flow.unattributedApiErrors.inc({ status_class: `${Math.floor(status / 100)}xx`, area });
      }
      if (req.flowSpan) endRequestSpan(req.flowSpan, status, {});
      return;
    }

    // Charged to the product whose behaviour caused it: a routing error at the interstitial is
    // Medications' (its link), not Secure Messaging's (failure-class.ts).
    const failure = outcome === 'error' ? classifyFailure({ source: 'server', urlId: entry.id, status, errorCode }) : null;
    const product = chargedProduct(entry.product, failure);
    const stepOrNull = chargedStep(entry.step, failure);
    const step = stepOrNull ?? 'none';
    const labels = { product, step, url_id: entry.id };
    metrics.flow.requests.inc({ ...labels, method: req.method, outcome });
    if (outcome === 'error') metrics.flow.errors.inc({ ...labels, error_code: errorCode ?? 'internal', failure: failure ?? 'validation' });
    if (outcome === 'ok') metrics.flow.duration.observe(labels, reply.elapsedTime / 1000);
    const keys = requestKeys(ctx, req);

    // The variant lookup is async; the response is already sent, and flush() waits for it.
    const done = variantOf(ctx, req).then((variant) => {
      if (req.flowSpan) {
        endRequestSpan(req.flowSpan, status, {
          'rxbridge.product': product,
          'rxbridge.step': step,
          'rxbridge.url_id': entry.id,
          'rxbridge.outcome': outcome,
          ...(failure ? { 'rxbridge.failure': failure } : {}),
          ...(variant ? { 'rxbridge.variant': variant } : {}),
        });
      }
      if (outcome === 'rejected') return null;
      metrics.flow.funnelEvents.inc({ product, step, outcome, variant: variant ?? 'none', source: 'server' });
      return {
        occurred_at: ctx.clock.now(),
        source: 'server' as const,
        kind: outcome === 'error' ? ('error' as const) : ('funnel' as const),
        step: stepOrNull,
        product,
        outcome,
        error_code: errorCode,
        duration_ms: Math.round(reply.elapsedTime),
        session_id: null,
        variant,
        url_id: entry.id,
        veteran_key: keys.veteranKey,
        session_key: keys.sessionKey,
        failure,
        http_status: status,
      };
    });
    if (outcome === 'error') {
      req.log.warn({ product, step, urlId: entry.id, errorCode, failure, statusCode: status }, 'flow API error');
    }
    writer.addLater(done);
  });
}
