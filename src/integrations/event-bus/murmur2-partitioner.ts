/**
 * The Java Kafka client's key → partition rule, so a key we produce lands on the same partition as
 * the same key produced by the Java / librdkafka (`murmur2_random`) clients other teams use:
 * `toPositive(Utils.murmur2(keyBytes)) % numPartitions` (Apache Kafka
 * clients/src/main/java/org/apache/kafka/common/utils/Utils.java `murmur2` / `toPositive`, used by
 * BuiltInPartitioner.partitionForKey).
 *
 * @platformatic/kafka 1.22 (pinned for Node 20, see NOTES-tooling.md) has no
 * `compatibilityPartitioner`; this module replaces it. Pure: no I/O, no library import.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/** Kafka's `Utils.murmur2`: MurmurHash2, 32-bit, seed 0x9747b28c, little-endian 4-byte blocks. Returns a signed int32 like Java. */
export function murmur2(data: Buffer): number {
  const length = data.length;
  let h = SEED ^ length;
  const blocks = length >>> 2;
  for (let i = 0; i < blocks; i++) {
    let k = data.readInt32LE(i * 4);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  // The last 1–3 bytes (Java: a switch on length % 4 falling through from case 3 to case 1).
  const tail = length & ~3;
  const rest = length % 4;
  if (rest > 0) {
    if (rest >= 3) h ^= data.readUInt8(tail + 2) << 16;
    if (rest >= 2) h ^= data.readUInt8(tail + 1) << 8;
    h ^= data.readUInt8(tail);
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's `Utils.toPositive`: clears the sign bit (not Math.abs, so Integer.MIN_VALUE maps to 0). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/** The partition the Java client picks for a (non-null) key. */
export function partitionForKey(key: Buffer, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) throw new RangeError(`numPartitions must be a positive integer, got ${numPartitions}`);
  return toPositive(murmur2(key)) % numPartitions;
}

/**
 * In the shape of @platformatic/kafka 1.22's `Producer` `partitioner` option: `(message) =>
 * number`, called with the message before serialisation (our keys are already Buffers). The
 * library takes the result modulo the topic's partition count, so returning
 * `toPositive(murmur2(key))` gives `partitionForKey(key, count)`.
 *
 * A message without a key gets 0 (then partition 0), exactly what 1.35's
 * `compatibilityPartitioner` returned. The Java client would instead use its sticky partitioner
 * (KIP-794); this application never sends keyless messages (`OutgoingMessage.key` is required).
 */
export function javaCompatiblePartitioner(message: { key?: Buffer | undefined }): number {
  return Buffer.isBuffer(message.key) ? toPositive(murmur2(message.key)) : 0;
}
