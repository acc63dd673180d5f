/**
 * Rx tracking e-mails. Terminology:
 *  - dispense message: one raw inbound message (HL7 v2 over MLLP/HTTP, or FHIR), stored first;
 *  - dispense event: what ingest hands on (dispense-event.ts), the one type at the seam;
 *  - ingest/ (parse, validate, store, acknowledge, replay) → dispense events → shipments/
 *    (group by patient and tracking number, one e-mail per shipment, VA Notify status, AAL);
 *  - shipment: one package (patient ICN + tracking number) with its prescriptions (items);
 *  - e-mail sender: per station, legacy MHV or rxbridge;
 *  - event bus: the alternate path, ingest → outbox → Kafka → consumer → shipments.
 * Other rooms import tracking only through this file.
 */
export { latestShipDates, latestShipDateSql, latestTracking } from './shipments/tracking-view.dao.js';
export { trackingRoutes } from './routes.js';
export { vaNotifyCallbackRoutes } from './shipments/callback-routes.js';
export { trackingCrontab, trackingJobs, trackingTasks } from './tasks/index.js';
export { startTrackingMllp } from './mllp-ingest.js';
export type { MllpListener } from './ingest/mllp/listener.js';
export { startEventBus, type RunningEventBus } from './event-bus/index.js';
export { trackingCommands } from './cli.js';
export { registerTrackingMetrics } from './tracking-metrics.js';
