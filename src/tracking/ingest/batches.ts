/**
 * How a stream of inbound messages is cut into ingest batches (the rule, without the database):
 * consecutive messages of one format, at most `size` per batch, at most `concurrency` batches in
 * flight. The source is pulled only as fast as batches are taken, so a caller that streams its
 * messages (file by file, a generator) holds at most `size × (concurrency + 1)` of them, whatever
 * the total (issue 19: the bulk-ingest benchmark and `rxbridge ingest` use this same rule, so what
 * is measured is what runs).
 *
 * Batches are taken one at a time (a taking lock), so two runners never interleave messages of the
 * same pull; results are handed to `onBatch` in the order batches finish. A failing batch rejects
 * the whole run once the batches in flight have settled (no batch is left running unobserved).
 */
export interface BatchOptions {
  /** Messages per batch (one format per batch). */
  size: number;
  /** Batches in flight at once. */
  concurrency: number;
}

export async function runInBatches<T extends { format: string }, R>(
  source: Iterable<T> | AsyncIterable<T>,
  handle: (batch: T[]) => Promise<R[]>,
  opts: BatchOptions,
  onBatch: (batch: T[], results: R[]) => void = () => undefined,
): Promise<void> {
  if (!(opts.size >= 1 && opts.concurrency >= 1)) throw new RangeError('batch size and concurrency must be at least 1');
  const it: AsyncIterator<T> | Iterator<T> = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  let carried: T | undefined; // the first message of another format, which ended the previous batch
  let exhausted = false;
  let failed = false;

  const take = async (): Promise<T[]> => {
    const batch: T[] = [];
    if (carried) {
      batch.push(carried);
      carried = undefined;
    }
    while (!exhausted && !failed && batch.length < opts.size) {
      const n = await it.next();
      if (n.done) exhausted = true;
      else if (batch.length > 0 && n.value.format !== batch[0]!.format) {
        carried = n.value;
        break;
      } else batch.push(n.value);
    }
    return batch;
  };
  let taking: Promise<unknown> = Promise.resolve();
  const nextBatch = (): Promise<T[]> => {
    const p = taking.then(take);
    taking = p.catch(() => undefined);
    return p;
  };

  const runner = async () => {
    for (let batch = await nextBatch(); batch.length > 0; batch = await nextBatch()) {
      try {
        onBatch(batch, await handle(batch));
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: opts.concurrency }, runner));
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected) throw rejected.reason;
}
