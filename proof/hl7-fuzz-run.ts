/**
 * HL7 robustness through the real MLLP listener and ingest (issue 8.2): mutated CMOP messages
 * (truncation, wrong delimiters, bad escapes, huge fields, binary bytes, missing segments, ...) are
 * sent over TCP; every one must get an ACK and be accounted for in Postgres — stored (accepted or
 * rejected-and-kept for replay) or counted as a repeat of an already stored message — and the
 * listener must never crash. Frames over the 1 MiB limit are refused with AR without being stored.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { sql } from 'kysely';
import type { AppContext } from '../src/platform/context.js';
import { decoders } from '../src/tracking/ingest/decoders.js';
import { mutations, seededRng } from '../src/tracking/ingest/hl7/fuzz.js';
import { ackCode, sendMllp } from '../src/tracking/ingest/mllp/client.js';
import { startTrackingMllp } from '../src/tracking/mllp-ingest.js';

export interface FuzzResult {
  inputs: number;
  /** Messages inside the inputs (a frame holding a batch or several MSH is split, as the listener does). */
  messages: number;
  acks: Record<string, number>;
  oversized: number;
  /** Inputs that contained MLLP framing bytes (replaced, see above). */
  framingBytes: number;
  rows: number;
  repeats: number;
  unaccounted: number;
  listenerErrors: number;
  seconds: number;
}

export function seedCorpus(): string[] {
  const dir = new URL('../src/tracking/ingest/hl7/__fixtures__/', import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.hl7') && !f.startsWith('malformed'))
    .map((f) => readFileSync(new URL(f, dir), 'latin1'));
}

export async function runHl7Fuzz(ctx: AppContext, count: number, seed = 1, connections = 4): Promise<FuzzResult> {
  const started = Date.now();
  const listener = await startTrackingMllp(ctx, 0);
  // MLLP cannot carry its own framing bytes (0x0B start, 0x1C end) inside a message; a sender that
  // did would be sending two frames. Those bytes are swapped for 0x1A so each input stays one frame.
  let framingBytes = 0;
  const inputs = [...mutations(seedCorpus(), count, seededRng(seed))].map((m) => {
    if (!/[\x0b\x1c]/.test(m)) return m;
    framingBytes += 1;
    return m.replace(/[\x0b\x1c]/g, '\x1a');
  });
  const acks: Record<string, number> = {};
  let oversized = 0;
  const maxBytes = 1_048_576;
  try {
    let next = 0;
    const lane = async () => {
      while (next < inputs.length) {
        const chunk = inputs.slice(next, (next += 200));
        const replies = await sendMllp('127.0.0.1', listener.port, chunk, 120_000);
        for (const [i, a] of replies.entries()) {
          const code = ackCode(a) || 'NONE';
          acks[code] = (acks[code] ?? 0) + 1;
          if (Buffer.byteLength(chunk[i]!, 'latin1') > maxBytes) oversized += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: connections }, lane));
  } finally {
    await listener.close();
  }
  const totals = (
    await sql<{ rows: string; repeats: string }>`select count(*) as rows, coalesce(sum(duplicate_count), 0) as repeats from dispense_messages`.execute(ctx.db)
  ).rows[0]!;
  const rows = Number(totals.rows);
  const messages = inputs.filter((i) => Buffer.byteLength(i, 'latin1') <= maxBytes).reduce((n, i) => n + Math.max(1, decoders.splitHl7(i).length), 0); // a frame with no message in it is stored as one rejected message
  const repeats = Number(totals.repeats);
  return {
    inputs: inputs.length,
    messages,
    acks,
    oversized,
    framingBytes,
    rows,
    repeats,
    // Every message in every input that fits in a frame is a stored row or a counted repeat of one.
    unaccounted: messages - rows - repeats,
    listenerErrors: listener.stats.handlerErrors,
    seconds: (Date.now() - started) / 1000,
  };
}
