/**
 * Glue between the MLLP listener and ingest: every frame is ingested (a batch file through batch
 * ingest, answered message by message). A single message is answered with the code ingest chose; a batch file (FHS/BHS) with a
 * batch acknowledgement holding one MSA per message (hl7/ack.ts buildBatchAck); the worst code is
 * the frame's code for statistics.
 */
import type { AppContext } from '../platform/context.js';
import { isBatchFile, type AckInput, type BatchAckEntry } from './ingest/hl7/ack.js';
import { decoders } from './ingest/decoders.js';
import { startMllpListener, type MllpListener } from './ingest/mllp/listener.js';
import { ingestDispenseMessage, ingestDispenseMessages } from './pipeline.js';

const RANK = { AA: 0, AE: 1, AR: 2 } as const;

export async function handleMllpFrame(ctx: AppContext, raw: string): Promise<AckInput> {
  const messages = decoders.splitHl7(raw);
  if (messages.length === 0) {
    // A batch header with no message in it (truncated or garbled file): an empty batch ACK would
    // carry no MSA and tell the sender nothing. The frame is stored and rejected as one message
    // (kept for review and replay) and answered with that single ACK, naming the problem.
    const r = await ingestDispenseMessage(ctx, { raw, format: 'hl7v2', source: 'mllp' });
    return {
      code: r.ack === 'AA' ? 'AR' : r.ack,
      text: r.ack === 'AA' ? 'The batch holds no message' : r.text,
      errorLocation: r.errorLocation ?? 'MSH',
      ...(r.errorCode ? { errorCode: r.errorCode } : {}),
    };
  }
  let worst: AckInput = { code: 'AA', text: 'Accepted' };
  const batch: BatchAckEntry[] = [];
  // A batch file goes through batch ingest (set-based, one transaction): same answers per message.
  const results =
    messages.length === 1
      ? [await ingestDispenseMessage(ctx, { raw: messages[0]!, format: 'hl7v2', source: 'mllp' })]
      : await ingestDispenseMessages(
          ctx,
          messages.map((m) => ({ raw: m, format: 'hl7v2' as const, source: 'mllp' as const })),
        );
  for (const [k, message] of messages.entries()) {
    const r = results[k]!;
    const result: AckInput = { code: r.ack, text: r.text, errorLocation: r.errorLocation ?? null, ...(r.errorCode ? { errorCode: r.errorCode } : {}) };
    batch.push({ message, result });
    if (RANK[r.ack] > RANK[worst.code]) worst = result;
  }
  return isBatchFile(raw) ? { ...worst, batch } : worst;
}

export function startTrackingMllp(ctx: AppContext, port = ctx.config.MLLP_PORT): Promise<MllpListener> {
  return startMllpListener({ host: ctx.config.MLLP_HOST, port, log: ctx.log, handle: (raw) => handleMllpFrame(ctx, raw) });
}
