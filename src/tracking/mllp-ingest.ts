/**
 * Glue between the MLLP listener and ingest: every frame is ingested (a batch frame message by
 * message) and answered with the HL7 code ingest chose; for a batch, the worst code wins.
 */
import type { AppContext } from '../platform/context.js';
import type { AckInput } from './ingest/hl7/ack.js';
import { decoders } from './ingest/decoders.js';
import { startMllpListener, type MllpListener } from './ingest/mllp/listener.js';
import { ingestDispenseMessage } from './pipeline.js';

const RANK = { AA: 0, AE: 1, AR: 2 } as const;

export async function handleMllpFrame(ctx: AppContext, raw: string): Promise<AckInput> {
  let worst: AckInput = { code: 'AA', text: 'Accepted' };
  for (const message of decoders.splitHl7(raw)) {
    const r = await ingestDispenseMessage(ctx, { raw: message, format: 'hl7v2', source: 'mllp' });
    if (RANK[r.ack] > RANK[worst.code]) worst = { code: r.ack, text: r.text, errorLocation: r.errorLocation ?? null, errorCode: r.errorCode };
  }
  return worst;
}

export function startTrackingMllp(ctx: AppContext, port = ctx.config.MLLP_PORT): Promise<MllpListener> {
  return startMllpListener({ host: ctx.config.MLLP_HOST, port, log: ctx.log, handle: (raw) => handleMllpFrame(ctx, raw) });
}
