import { describe, expect, it } from 'vitest';
import { toKafkaCommittedOffset, toLibraryCommittedOffset } from './committed-offsets.js';

describe('toKafkaCommittedOffset (message processed → offset stored on the broker)', () => {
  it.each([
    [0n, 1n],
    [41n, 42n],
    [9_007_199_254_740_993n, 9_007_199_254_740_994n], // beyond Number precision: stays a bigint
  ])('processed %s → commits %s', (processed, stored) => {
    expect(toKafkaCommittedOffset(processed)).toBe(stored);
  });

  it('refuses a negative offset (no message has one)', () => {
    expect(() => toKafkaCommittedOffset(-1n)).toThrow(RangeError);
  });
});

describe('toLibraryCommittedOffset (offset stored on the broker → what @platformatic/kafka 1.22 resumes after)', () => {
  it.each([
    [42n, 41n], // resumes at 42, the next message
    [1n, 0n],
    [0n, -1n], // nothing processed: "none", so the earliest offset (0)
    [-1n, -1n], // no committed offset stays none
  ])('stored %s → %s', (stored, library) => {
    expect(toLibraryCommittedOffset(stored)).toBe(library);
  });

  it('round-trips: commit after processing n, then resume at n + 1', () => {
    for (const n of [0n, 1n, 7n, 1000n]) expect(toLibraryCommittedOffset(toKafkaCommittedOffset(n)) + 1n).toBe(n + 1n);
  });
});
