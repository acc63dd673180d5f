/**
 * OpenTelemetry traces over OTLP/HTTP, on when OTEL_EXPORTER_OTLP_ENDPOINT is set (Datadog Agent
 * OTLP intake, an OpenTelemetry Collector…). One SERVER span per request, named by method and
 * route pattern. Attributes are route patterns, status codes and the flow registry's product /
 * step / url id: never the raw URL (it carries ids), never bodies, never user data.
 */
import { SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface Tracing {
  tracer: Tracer;
  shutdown(): Promise<void>;
}

/** A tracer exporting to `endpoint` (OTLP/HTTP, `/v1/traces` appended), or to `exporter` (tests). */
export function createTracing(opts: { endpoint?: string | undefined; serviceName: string; exporter?: SpanExporter }): Tracing | null {
  if (!opts.endpoint && !opts.exporter) return null;
  const processor = opts.exporter
    ? new SimpleSpanProcessor(opts.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${opts.endpoint!.replace(/\/$/, '')}/v1/traces` }));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName }),
    spanProcessors: [processor],
  });
  return { tracer: provider.getTracer('rxbridge'), shutdown: () => provider.shutdown() };
}

export function startRequestSpan(tracer: Tracer, method: string, route: string | undefined): Span {
  return tracer.startSpan(`${method} ${route ?? 'unmatched'}`, {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': method, 'http.route': route ?? 'unmatched' },
  });
}

export function endRequestSpan(span: Span, status: number, attributes: Record<string, string>): void {
  span.setAttributes({ 'http.response.status_code': status, ...attributes });
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

export const noopTracer = trace.getTracer('noop');
