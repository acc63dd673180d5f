/**
 * Consumer side of the event-bus path: a consumer group on the dispense topic feeding the same
 * grouping pipeline as the direct path.
 *
 * Per message: decode (magic byte, known schema id, Avro) → map to a ShipmentItemEvent → in ONE
 * transaction claim the event id in event_bus_inbox and call the sink (grouping) → commit → only
 * then commit the Kafka offset. A crash anywhere before the offset commit redelivers the message;
 * the inbox row (or the pipeline's own event-id idempotency) makes the second pass a no-op.
 * Messages that can never be processed are stored in event_bus_dead_letters first and their offset
 * committed afterwards, so nothing is dropped silently and one bad message cannot stall the partition.
 */
import type { AppContext } from '../../platform/context.js';
import type { BusMessage, BusSubscription, EventBusClient } from '../../integrations/event-bus/bus-client.js';
import type { DispenseSink } from '../dispense-event.js';
import { recordShipmentItems } from '../shipments/shipments.service.js';
import { acceptedSchemaIds, decodeDispenseValue, toShipmentItemEvent } from './dispense-record.js';
import { claimInboxEvent, storeDeadLetter } from './inbox.dao.js';

export type MessageOutcome = 'processed' | 'duplicate' | 'dead_letter';

export interface HandleOptions {
  sink: DispenseSink;
  acceptedSchemaIds: Map<number, number>;
  /** Sink failures before the message is dead-lettered (default 5). */
  maxSinkAttempts?: number;
  /** First retry delay; doubles each attempt (default 200 ms). */
  retryDelayMs?: number;
}

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

type IncomingMessage = Pick<BusMessage, 'topic' | 'partition' | 'offset' | 'key' | 'value'>;

/** Process one message to a durable outcome. Throws only when even the dead-letter row cannot be stored. */
export async function handleDispenseMessage(ctx: AppContext, msg: IncomingMessage, opts: HandleOptions): Promise<MessageOutcome> {
  const decoded = decodeDispenseValue(msg.value, opts.acceptedSchemaIds);
  if (!decoded.ok) {
    await storeDeadLetter(ctx.db, msg, { key: msg.key, value: msg.value }, decoded.reason, decoded.detail);
    ctx.log.warn({ partition: msg.partition, offset: msg.offset.toString(), reason: decoded.reason }, 'dispense message dead-lettered');
    return 'dead_letter';
  }
  const mapped = toShipmentItemEvent(decoded.record);
  if (!mapped.ok) {
    await storeDeadLetter(ctx.db, msg, { key: msg.key, value: msg.value }, 'invalid_event', mapped.detail);
    ctx.log.warn({ partition: msg.partition, offset: msg.offset.toString(), reason: 'invalid_event' }, 'dispense message dead-lettered');
    return 'dead_letter';
  }
  const maxAttempts = opts.maxSinkAttempts ?? 5;
  const baseDelay = opts.retryDelayMs ?? 200;
  let lastError: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    try {
      return await ctx.db.transaction().execute(async (tx) => {
        if (!(await claimInboxEvent(tx, mapped.event.eventId, msg, decoded.schemaId))) return 'duplicate' as const;
        await opts.sink(ctx, tx, [mapped.event]);
        return 'processed' as const;
      });
    } catch (err) {
      lastError = err;
      // Message only: a driver error's detail can quote row values (PHI).
      ctx.log.warn(
        { error: errorMessage(err), attempt, partition: msg.partition, offset: msg.offset.toString(), eventId: mapped.event.eventId },
        'dispense sink failed',
      );
      if (attempt < maxAttempts) await new Promise((r) => setTimeout(r, baseDelay * 2 ** (attempt - 1)));
    }
  }
  const detail = lastError instanceof Error ? lastError.message : String(lastError);
  await storeDeadLetter(ctx.db, msg, { key: msg.key, value: msg.value }, 'sink_failed', detail);
  ctx.log.error(
    { partition: msg.partition, offset: msg.offset.toString(), eventId: mapped.event.eventId },
    'dispense message dead-lettered after repeated sink failures',
  );
  return 'dead_letter';
}

export interface DispenseConsumerOptions {
  client: EventBusClient;
  /** Default: recordShipmentItems (grouping → shipments → debounced e-mail job). */
  sink?: DispenseSink;
  topic?: string;
  groupId?: string;
  maxSinkAttempts?: number;
  retryDelayMs?: number;
  /** Wait before re-joining after the subscription failed (default 1 s, doubling to 30 s). */
  resubscribeDelayMs?: number;
  /** Called after each message reached an outcome and its offset was committed (tests, metrics). */
  onCommitted?: (outcome: MessageOutcome, msg: IncomingMessage) => void;
}

export interface DispenseConsumer {
  stop(): Promise<void>;
}

/**
 * Run the consumer group until stopped. If the subscription fails (broker gone, commit refused),
 * it leaves the group and joins again, resuming from the last committed offset.
 */
export function startDispenseConsumer(ctx: AppContext, opts: DispenseConsumerOptions): DispenseConsumer {
  const log = ctx.log.child({ component: 'event-bus-consumer' });
  const topic = opts.topic ?? ctx.config.KAFKA_TOPIC;
  const groupId = opts.groupId ?? ctx.config.KAFKA_GROUP_ID;
  const handle: HandleOptions = {
    sink: opts.sink ?? recordShipmentItems,
    acceptedSchemaIds: acceptedSchemaIds(ctx.config),
    ...(opts.maxSinkAttempts !== undefined ? { maxSinkAttempts: opts.maxSinkAttempts } : {}),
    ...(opts.retryDelayMs !== undefined ? { retryDelayMs: opts.retryDelayMs } : {}),
  };
  const baseDelay = opts.resubscribeDelayMs ?? 1000;
  let stopped = false;
  let subscription: BusSubscription | undefined;
  let wake: (() => void) | undefined;

  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      try {
        subscription = await opts.client.subscribe({ topic, groupId });
        if (stopped) break;
        for await (const msg of subscription) {
          const outcome = await handleDispenseMessage(ctx, msg, handle);
          await msg.commit();
          failures = 0;
          opts.onCommitted?.(outcome, msg);
          if (stopped) break;
        }
      } catch (err) {
        failures++;
        // A commit refused because stop() closed the subscription mid-message is expected.
        if (!stopped) log.error({ error: errorMessage(err), failures }, 'event bus consumer failed; re-joining the group');
      } finally {
        await subscription?.close().catch(() => undefined);
        subscription = undefined;
      }
      if (!stopped && failures > 0) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(30_000, baseDelay * 2 ** (failures - 1)));
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      wake?.();
      await subscription?.close().catch(() => undefined);
      await loop;
    },
  };
}
