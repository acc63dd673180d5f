/** Spans per request carry product / step / url id of the flow registry, and never the raw URL. */
import Fastify from 'fastify';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { loadTestConfig } from '../platform/config.js';
import { fixedClock, type AppContext } from '../platform/context.js';
import { createAppMetrics as createMetrics } from '../server/metrics.js';
import { createLogger } from '../platform/logging/logger.js';
import { registerFlowAttribution } from './attribution.js';

describe('OpenTelemetry request spans', () => {
  it('names spans by route pattern and tags flow routes with product and step', async () => {
    const exporter = new InMemorySpanExporter();
    const ctx = {
      config: loadTestConfig(),
      log: createLogger({ level: 'silent' }),
      clock: fixedClock('2026-06-15T15:00:00Z'),
      db: {},
    } as unknown as AppContext;
    const app = Fastify();
    app.decorateRequest('user', null);
    registerFlowAttribution(app, ctx, createMetrics(), { spanExporter: exporter });
    app.get('/api/messaging/renewals/:prescriptionId', async () => ({ ok: true }));
    app.get('/api/other/:id', async (_req, reply) => reply.status(500).send({}));
    await app.inject({ method: 'GET', url: '/api/messaging/renewals/1f0e0b7a-1111-4222-8333-444455556666' });
    await app.inject({ method: 'GET', url: '/api/other/42' });
    await new Promise((r) => setImmediate(r));
    const spans = exporter.getFinishedSpans();
    const flow = spans.find((s) => s.name === 'GET /api/messaging/renewals/:prescriptionId');
    expect(flow?.attributes).toMatchObject({
      'http.route': '/api/messaging/renewals/:prescriptionId',
      'http.response.status_code': 200,
      'rxbridge.product': 'sm',
      'rxbridge.step': 'interstitial_viewed',
      'rxbridge.url_id': 'api.sm.renewal',
    });
    const other = spans.find((s) => s.name === 'GET /api/other/:id');
    expect(other?.status.code).toBe(2); // ERROR
    expect(other?.attributes['rxbridge.product']).toBeUndefined();
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain('1f0e0b7a');
    await app.close();
  });
});
