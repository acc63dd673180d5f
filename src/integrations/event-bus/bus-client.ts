/**
 * The narrow Kafka surface the application uses, so the outbox relay and the consumer are
 * independent of the client library: `KafkaBusClient` (kafka-client.ts) implements it over
 * @platformatic/kafka; `InMemoryBroker` (in-memory-broker.ts) implements it for tests.
 *
 * Semantics both must honour:
 * - `send` resolves only after the broker acknowledged every message (acks=all); it rejects if
 *   any message was not written. Messages with the same key keep their order (same partition).
 * - `subscribe` delivers each partition's messages in offset order, starting after the group's
 *   committed offset (earliest when none). Nothing is committed unless `commit()` is called;
 *   committing a message commits everything before it on its partition.
 */

export interface OutgoingMessage {
  key: Buffer;
  value: Buffer;
  headers?: Record<string, string>;
}

export interface BusMessage {
  topic: string;
  partition: number;
  offset: bigint;
  key: Buffer | null;
  value: Buffer;
  /** Commit this message's offset (next read for the group starts after it). */
  commit(): Promise<void>;
}

export interface BusSubscription extends AsyncIterable<BusMessage> {
  /** Stop delivering and leave the group (uncommitted messages are redelivered to the next member). */
  close(): Promise<void>;
}

export interface EventBusClient {
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  subscribe(opts: { topic: string; groupId: string }): Promise<BusSubscription>;
  close(): Promise<void>;
}
