/** The batching rule: every message once, one format per batch, size and concurrency bounds, pull as needed. */
import { describe, expect, it } from 'vitest';
import { runInBatches } from './batches.js';

type Msg = { id: number; format: 'hl7v2' | 'fhir' };
const msgs = (formats: string): Msg[] => [...formats].map((f, id) => ({ id, format: f === 'h' ? 'hl7v2' : 'fhir' }));

async function run(source: Iterable<Msg> | AsyncIterable<Msg>, size: number, concurrency: number) {
  const batches: Msg[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  await runInBatches(
    source,
    async (batch) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 1 + (batch[0]!.id % 3)));
      inFlight -= 1;
      return batch.map((m) => m.id * 10);
    },
    { size, concurrency },
    (batch, results) => {
      expect(results).toEqual(batch.map((m) => m.id * 10));
      batches.push(batch);
    },
  );
  return { batches, maxInFlight };
}

async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) {
    await new Promise((r) => setTimeout(r, 0));
    yield i;
  }
}

describe('runInBatches', () => {
  it.each([
    // formats (h = HL7, f = FHIR), size, concurrency, expected batch sizes in source order
    ['', 3, 2, []],
    ['h', 3, 2, [1]],
    ['hhhhhhh', 3, 1, [3, 3, 1]],
    ['hhhhhhh', 3, 2, [3, 3, 1]],
    ['hhffh', 10, 2, [2, 2, 1]],
    ['hfhfh', 10, 3, [1, 1, 1, 1, 1]],
    ['hhhhffffff', 4, 2, [4, 4, 2]],
  ])('%s in batches of %i, %i at a time', async (formats, size, concurrency, sizes) => {
    for (const source of [msgs(formats), slowly(msgs(formats))]) {
      const { batches, maxInFlight } = await run(source, size, concurrency);
      const sorted = [...batches].sort((a, b) => a[0]!.id - b[0]!.id);
      expect(sorted.map((b) => b.length)).toEqual(sizes);
      expect(sorted.flat().map((m) => m.id)).toEqual(msgs(formats).map((m) => m.id)); // each once, in order
      for (const b of batches) expect(new Set(b.map((m) => m.format)).size).toBe(1);
      expect(maxInFlight).toBeLessThanOrEqual(concurrency);
    }
  });

  it('pulls the source only as batches are taken (a streamed corpus is never held)', async () => {
    let pulled = 0;
    let handled = 0;
    let maxAhead = 0;
    function* counting() {
      for (let i = 0; i < 100; i++) {
        pulled += 1;
        maxAhead = Math.max(maxAhead, pulled - handled);
        yield { id: i, format: 'hl7v2' as const };
      }
    }
    await runInBatches(
      counting(),
      async (batch) => {
        await new Promise((r) => setTimeout(r, 1));
        handled += batch.length;
        return batch;
      },
      { size: 5, concurrency: 2 },
    );
    expect(handled).toBe(100);
    expect(maxAhead).toBeLessThanOrEqual(5 * 3);
  });

  it('a failing batch rejects the run after the batches in flight settle, and stops taking more', async () => {
    let handledAfterFailure = 0;
    let failedAt = -1;
    const source = msgs('h'.repeat(50));
    await expect(
      runInBatches(
        source,
        async (batch) => {
          if (batch[0]!.id === 10) {
            failedAt = batch[0]!.id;
            throw new Error('database down');
          }
          if (failedAt >= 0) handledAfterFailure += 1;
          await new Promise((r) => setTimeout(r, 1));
          return batch;
        },
        { size: 5, concurrency: 2 },
      ),
    ).rejects.toThrow('database down');
    expect(handledAfterFailure).toBeLessThanOrEqual(1); // at most the batch already taken by the other runner
  });

  it('refuses a size or concurrency below 1', async () => {
    await expect(runInBatches([], async (b) => b, { size: 0, concurrency: 1 })).rejects.toThrow(RangeError);
    await expect(runInBatches([], async (b) => b, { size: 1, concurrency: 0 })).rejects.toThrow(RangeError);
  });
});
