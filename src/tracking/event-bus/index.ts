/**
 * The event-bus path, started with the system when TRACKING_PATH=event_bus and KAFKA_BROKERS is
 * set: the outbox relay (producer) and the dispense consumer group, sharing one Kafka client.
 *
 * What the ingest side calls (through src/tracking/pipeline.ts): `eventBusItemSink`, a DispenseSink
 * that writes the outbox inside ingest's transaction instead of grouping. The consumer calls the
 * shipments sink (or `sink`). Each item carries its source message's control id.
 */
import type { AppContext } from '../../platform/context.js';
import type { EventBusClient } from '../../integrations/event-bus/bus-client.js';
import { createKafkaClient, type KafkaConnectionSettings } from '../../integrations/event-bus/kafka-client.js';
import type { Config } from '../../platform/config.js';
import { startDispenseConsumer, type DispenseConsumerOptions } from './consumer.js';
import { enqueueDispenseOutbox, startOutboxRelay } from './outbox.service.js';
import type { DispenseSink } from '../dispense-event.js';

export { enqueueDispenseOutbox, relayOutboxOnce } from './outbox.service.js';

/**
 * The event-bus path's DispenseSink: queues the items in the outbox instead of grouping them (the
 * consumer groups them after the round trip).
 */
export const eventBusItemSink: DispenseSink = (_ctx, tx, items) => enqueueDispenseOutbox(tx, items);
export { startDispenseConsumer, handleDispenseMessage } from './consumer.js';

export function kafkaSettings(config: Config): KafkaConnectionSettings {
  if (!config.KAFKA_BROKERS?.length) throw new Error('KAFKA_BROKERS is not set');
  return {
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    saslMechanism: config.KAFKA_SASL_MECHANISM,
    username: config.KAFKA_USERNAME,
    password: config.KAFKA_PASSWORD,
    awsRegion: config.AWS_REGION,
    ssl: config.KAFKA_SSL,
  };
}

export interface RunningEventBus {
  client: EventBusClient;
  stop(): Promise<void>;
}

export interface StartEventBusOptions {
  /** Default: a Kafka client built from the configuration. */
  client?: EventBusClient;
  sink?: DispenseSink;
  /** Run the consumer group (default true). */
  consumer?: boolean;
  /** Run the outbox relay (default true). */
  relay?: boolean;
  relayIntervalMs?: number;
  consumerOptions?: Omit<DispenseConsumerOptions, 'client' | 'sink'>;
}

export async function startEventBus(ctx: AppContext, opts: StartEventBusOptions = {}): Promise<RunningEventBus> {
  const client = opts.client ?? createKafkaClient(kafkaSettings(ctx.config));
  const relay = opts.relay === false ? null : startOutboxRelay(ctx, client, opts.relayIntervalMs !== undefined ? { intervalMs: opts.relayIntervalMs } : {});
  const consumer = opts.consumer === false ? null : startDispenseConsumer(ctx, { ...opts.consumerOptions, client, ...(opts.sink ? { sink: opts.sink } : {}) });
  ctx.log.info(
    { topic: ctx.config.KAFKA_TOPIC, groupId: ctx.config.KAFKA_GROUP_ID, sasl: ctx.config.KAFKA_SASL_MECHANISM, relay: !!relay, consumer: !!consumer },
    'event bus started',
  );
  return {
    client,
    async stop() {
      await Promise.all([relay?.stop(), consumer?.stop()]);
      await client.close();
    },
  };
}
