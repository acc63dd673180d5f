/**
 * Committed-offset convention, between @platformatic/kafka 1.22 and Kafka.
 *
 * Kafka (the Java consumer, librdkafka, and @platformatic/kafka ≥ 1.27) stores as a group's
 * committed offset the NEXT offset to read: after processing offset 41 it commits 42, and a member
 * that takes the partition over starts reading at 42. @platformatic/kafka 1.22 (pinned for Node 20,
 * see NOTES-tooling.md) instead commits the offset of the message processed (41) and resumes at
 * committed + 1. On the broker that reads as one message less processed (a Java member or 1.27+
 * would redeliver it), and, worse, 1.22 reading an offset committed the Kafka way (by 1.35 before
 * the pin, or by another client) would skip one message per partition.
 *
 * kafka-client.ts translates at the two calls where the library touches committed offsets, so
 * what is stored on the broker keeps Kafka's meaning. Remove both when the pin is lifted (≥ 1.27
 * commits offset + 1 and resumes at committed itself); the wire tests
 * (kafka-client.wire.int.test.ts, event-bus.wire.int.test.ts) check the stored value and fail if
 * the translation is applied twice or not at all.
 */

/** The offset 1.22 passes to `commit` (the message processed) → the offset to store (next to read). */
export function toKafkaCommittedOffset(processedOffset: bigint): bigint {
  if (processedOffset < 0n) throw new RangeError(`a processed message has an offset ≥ 0, got ${processedOffset}`);
  return processedOffset + 1n;
}

/**
 * A committed offset as stored (next to read; -1 = none) → what 1.22 expects from
 * `listCommittedOffsets` (last processed; it resumes at that + 1, and a negative value means
 * "none": fall back to the earliest/latest offset). Stored 0 (nothing processed) becomes -1, so
 * 1.22 starts at the earliest offset, which is 0.
 */
export function toLibraryCommittedOffset(storedOffset: bigint): bigint {
  return storedOffset >= 0n ? storedOffset - 1n : storedOffset;
}
