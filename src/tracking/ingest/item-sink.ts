/**
 * Where new dispensed items go: straight to grouping (direct path) or, on the event-bus path, to
 * the transactional outbox that publishes them to Kafka (the consumer then calls grouping). Either
 * way the write happens in the ingest transaction.
 */
import type { Config } from '../../platform/config.js';
import type { AppContext } from '../../platform/context.js';
import { eventBusItemSink } from '../event-bus/index.js';
import { directSink, type ItemSink } from './ingest.service.js';

export function trackingPath(config: Config): 'direct' | 'event_bus' {
  return config.TRACKING_PATH ?? (config.KAFKA_BROKERS ? 'event_bus' : 'direct');
}

export function itemSink(ctx: AppContext): ItemSink {
  return trackingPath(ctx.config) === 'event_bus' ? (c, tx, items) => eventBusItemSink(c, tx, items) : directSink;
}
