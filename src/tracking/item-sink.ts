/**
 * Where new dispensed items go: straight to grouping (direct path) or, on the event-bus path, to
 * the transactional outbox that publishes them to Kafka (the consumer then calls grouping).
 */
import type { Config } from '../platform/config.js';
import type { AppContext } from '../platform/context.js';
import { directSink, type ItemSink } from './ingest.service.js';

export function trackingPath(config: Config): 'direct' | 'event_bus' {
  return config.TRACKING_PATH ?? 'direct';
}

export function itemSink(ctx: AppContext): ItemSink {
  return trackingPath(ctx.config) === 'direct' ? directSink : directSink;
}
