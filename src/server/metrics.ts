/**
 * The app's metrics: the platform's registry and HTTP histogram plus each feature's metrics on the
 * same registry, so one /metrics scrape shows them all.
 */
import { createHttpMetrics, type HttpMetrics } from '../platform/http/metrics.js';
import { createFlowMetrics, type MonitoringMetrics } from '../monitoring/index.js';

export type AppMetrics = HttpMetrics & MonitoringMetrics;

export function createAppMetrics(): AppMetrics {
  const http = createHttpMetrics();
  return { ...http, flow: createFlowMetrics(http.registry) };
}
