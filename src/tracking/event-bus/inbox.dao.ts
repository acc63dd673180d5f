/** SQL for consumer-side de-duplication (event_bus_inbox) and dead letters. */
import type { Db, Tx } from '../../platform/db/pool.js';
import type { DeadLetterReason } from './event-bus.tables.js';

export interface MessagePosition {
  topic: string;
  partition: number;
  offset: bigint;
}

/** True when the event id is new (and now recorded, in the caller's transaction). */
export async function claimInboxEvent(tx: Tx, eventId: string, at: MessagePosition, schemaId: number): Promise<boolean> {
  const r = await tx
    .insertInto('event_bus_inbox')
    .values({ event_id: eventId, topic: at.topic, kafka_partition: at.partition, kafka_offset: at.offset.toString(), schema_id: schemaId })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('event_id')
    .execute();
  return r.length === 1;
}

export async function storeDeadLetter(
  db: Db | Tx,
  at: MessagePosition,
  message: { key: Buffer | null; value: Buffer },
  reason: DeadLetterReason,
  detail: string,
): Promise<void> {
  await db
    .insertInto('event_bus_dead_letters')
    .values({
      topic: at.topic,
      kafka_partition: at.partition,
      kafka_offset: at.offset.toString(),
      message_key: message.key,
      message_value: message.value,
      reason,
      detail: detail.slice(0, 1000),
    })
    .onConflict((oc) => oc.columns(['topic', 'kafka_partition', 'kafka_offset']).doNothing())
    .execute();
}
