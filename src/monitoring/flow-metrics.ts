/**
 * Prometheus metrics for the renewal flow, registered on the app's one registry
 * (platform/http/metrics.ts) and scraped by Datadog's OpenMetrics check. Every label value comes
 * from a closed set (registry ids, steps, products, error codes, variants): no ids, no URLs.
 * Names are listed in README ("Monitoring metrics").
 */
import { Counter, Histogram, type Registry } from 'prom-client';

/** What monitoring code needs: the shared registry (for reading at scrape time) and the flow metrics. */
export interface MonitoringMetrics {
  registry: Registry;
  flow: FlowMetrics;
}

export interface FlowMetrics {
  requests: Counter<'product' | 'step' | 'url_id' | 'method' | 'outcome'>;
  errors: Counter<'product' | 'step' | 'url_id' | 'error_code' | 'failure'>;
  duration: Histogram<'product' | 'step' | 'url_id'>;
  funnelEvents: Counter<'product' | 'step' | 'outcome' | 'variant' | 'source'>;
  clientErrors: Counter<'product' | 'step' | 'error_code'>;
  feedback: Counter<'product' | 'url_id' | 'rating'>;
  unattributedApiErrors: Counter<'status_class' | 'area'>;
}

export function createFlowMetrics(registry: Registry): FlowMetrics {
  const registers = [registry];
  return {
    requests: new Counter({
      name: 'rxbridge_flow_requests_total',
      help: 'Renewal-flow API requests by owning product, funnel step (none = no step) and registry id',
      labelNames: ['product', 'step', 'url_id', 'method', 'outcome'] as const,
      registers,
    }),
    errors: new Counter({
      name: 'rxbridge_flow_errors_total',
      help: 'Renewal-flow API errors (4xx other than auth, and 5xx) by charged product, step, error code and failure class (server|timeout|routing|validation)',
      labelNames: ['product', 'step', 'url_id', 'error_code', 'failure'] as const,
      registers,
    }),
    duration: new Histogram({
      name: 'rxbridge_flow_request_duration_seconds',
      help: 'Renewal-flow API latency by owning product and step',
      labelNames: ['product', 'step', 'url_id'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    funnelEvents: new Counter({
      name: 'rxbridge_funnel_events_total',
      help: 'Funnel events stored (browser beacons and server outcomes) by step, outcome and rollout variant',
      labelNames: ['product', 'step', 'outcome', 'variant', 'source'] as const,
      registers,
    }),
    clientErrors: new Counter({
      name: 'rxbridge_flow_client_errors_total',
      help: 'Browser errors on flow pages (script errors, failed API calls) by owning product and step',
      labelNames: ['product', 'step', 'error_code'] as const,
      registers,
    }),
    feedback: new Counter({
      name: 'rxbridge_feedback_total',
      help: 'Page feedback submissions by owning product, page and rating',
      labelNames: ['product', 'url_id', 'rating'] as const,
      registers,
    }),
    unattributedApiErrors: new Counter({
      name: 'rxbridge_unattributed_api_errors_total',
      help: 'API errors on routes outside the flow-URL registry (attribution coverage); area=tracking is Rx-tracking ingest, reported apart from the renewal flow',
      labelNames: ['status_class', 'area'] as const,
      registers,
    }),
  };
}
