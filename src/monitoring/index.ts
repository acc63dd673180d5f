/**
 * Rollout monitoring across Medications and Secure Messaging. Terminology:
 *  - flow: the renewal journey's URLs and steps (src/shared/flow-urls.ts), each owned by a product;
 *  - funnel event: a step reached (or failed) in a session; attribution: which team owns an error;
 *  - rollout: the staged exposure of the renewal link (flag rx_renewal_sm_link) and its guard.
 * Other rooms import monitoring only through this file.
 */
export { createFlowMetrics, type FlowMetrics, type MonitoringMetrics } from './flow-metrics.js';
export { registerFlowAttribution } from './attribution.js';
export { monitoringRoutes } from './routes.js';
export { renewalLink, renewalLinkFor } from './rollout/flags.js';
export { monitoringCrontab, monitoringJobs, monitoringTasks } from './tasks/index.js';
export { monitoringCommands } from './cli.js';
export { registerStoredStateMetrics } from './stored-metrics.js';
