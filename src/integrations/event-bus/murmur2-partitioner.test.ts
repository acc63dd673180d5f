import { describe, expect, it } from 'vitest';
import { javaCompatiblePartitioner, murmur2, partitionForKey, toPositive } from './murmur2-partitioner.js';

/**
 * Known answers from Apache Kafka's own test of `Utils.murmur2`:
 * apache/kafka clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java, `testMurmur2`
 * (keys are `"…".getBytes()`, i.e. ASCII bytes; the last one is `new byte[] {'a', 'b', 'c'}`).
 * Key lengths 2, 6, 24, 26, 48, 3: tails of 0, 2 and 3 bytes; the 1-byte tail is in the next table.
 */
const JAVA_MURMUR2: Array<[key: string, hash: number]> = [
  ['21', -973932308],
  ['foobar', -790332482],
  ['a-little-bit-long-string', -985981536],
  ['a-little-bit-longer-string', -1486304829],
  ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
  ['abc', 479470107],
];

/**
 * Second source, with 1-byte tails and the empty key: librdkafka's `unittest_murmur2`
 * (confluentinc/librdkafka src/rdmurmur2.c, `java_murmur2_results`, int32 written in hex; librdkafka's
 * `murmur2` partitioners are documented as Java-compatible).
 */
const LIBRDKAFKA_JAVA_MURMUR2: Array<[key: string, hash: number]> = (
  [
    ['kafka', 0xd067cf64],
    ['giberish123456789', 0x8f552b0c],
    ['1234', 0x9fc97b14],
    ['234', 0xe7c009ca],
    ['34', 0x873930da],
    ['4', 0x5a4b5ca1],
    ['PreAmbleWillBeRemoved,ThePrePartThatIs', 0x78424f1c],
    ['reAmbleWillBeRemoved,ThePrePartThatIs', 0x4a62b377],
    ['eAmbleWillBeRemoved,ThePrePartThatIs', 0xe0e4e09e],
    ['AmbleWillBeRemoved,ThePrePartThatIs', 0x62b8b43f],
    ['', 0x106e08d9],
  ] satisfies Array<[string, number]>
).map(([key, hash]) => [key, hash | 0]); // as Java int32

describe('murmur2 (Kafka Utils.murmur2)', () => {
  it.each(JAVA_MURMUR2)('murmur2(%j) = %i, as in Kafka UtilsTest.testMurmur2', (key, hash) => {
    expect(murmur2(Buffer.from(key, 'latin1'))).toBe(hash);
  });

  it.each(LIBRDKAFKA_JAVA_MURMUR2)('murmur2(%j) = %i, as in librdkafka unittest_murmur2', (key, hash) => {
    expect(murmur2(Buffer.from(key, 'latin1'))).toBe(hash);
  });
});

describe('toPositive (Kafka Utils.toPositive)', () => {
  it.each([
    [0, 0],
    [5, 5],
    [-1, 0x7fffffff],
    [-(2 ** 31), 0], // Integer.MIN_VALUE: cleared sign bit, not Math.abs
    [-973932308, 1173551340], // 2^31 − 973932308
  ])('toPositive(%i) = %i', (n, expected) => {
    expect(toPositive(n)).toBe(expected);
  });
});

describe('partitionForKey (Java BuiltInPartitioner: toPositive(murmur2(key)) % numPartitions)', () => {
  // Expected values: toPositive of the Java hash above, modulo the partition count, by hand:
  // 21 → 1173551340; foobar → 1357151166; a-little-bit-long-string → 1161502112;
  // a-little-bit-longer-string → 661178819; lkjh… → 2088585677; abc → 479470107.
  it.each([
    ['21', 7, 3],
    ['21', 10, 0],
    ['foobar', 10, 6],
    ['a-little-bit-long-string', 7, 1],
    ['a-little-bit-longer-string', 10, 9],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', 7, 3],
    ['abc', 7, 4],
    ['abc', 1, 0],
  ])('key %j over %i partitions → %i', (key, partitions, expected) => {
    expect(partitionForKey(Buffer.from(key, 'latin1'), partitions)).toBe(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %s partitions', (n) => {
    expect(() => partitionForKey(Buffer.from('21'), n)).toThrow(RangeError);
  });
});

describe('javaCompatiblePartitioner (the Producer partitioner option)', () => {
  it('returns toPositive(murmur2(key)); the library reduces it modulo the partition count', () => {
    expect(javaCompatiblePartitioner({ key: Buffer.from('21') })).toBe(1173551340);
    expect(javaCompatiblePartitioner({ key: Buffer.from('21') }) % 7).toBe(partitionForKey(Buffer.from('21'), 7));
  });

  it('hashes an empty key (Java: empty ≠ null) and sends a keyless message to 0, as 1.35 compatibilityPartitioner did', () => {
    expect(javaCompatiblePartitioner({ key: Buffer.alloc(0) })).toBe(toPositive(murmur2(Buffer.alloc(0))));
    expect(javaCompatiblePartitioner({})).toBe(0);
  });
});
