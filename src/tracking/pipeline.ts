/**
 * The wiring at the seam, at tracking level: ingest (src/tracking/ingest/) hands new dispensed items
 * to ONE DispenseSink, chosen here — straight to grouping (src/tracking/shipments/) on the direct
 * path, or to the event-bus outbox (the consumer then calls grouping). Ingest itself imports
 * neither. Every caller that ingests or replays (HTTP, MLLP, CLI, sweep, proofs, tests) goes through
 * these functions, so they all use the same decoders and the same sink.
 */
import type { Config } from '../platform/config.js';
import type { AppContext } from '../platform/context.js';
import type { DispenseSink } from './dispense-event.js';
import { eventBusItemSink } from './event-bus/index.js';
import { decoders } from './ingest/decoders.js';
import { ingestBatch, ingestMessage, replayMessage, type IngestDeps, type IngestInput, type IngestResult } from './ingest/ingest.service.js';
import { recordShipmentItems } from './shipments/shipments.service.js';

export function trackingPath(config: Config): 'direct' | 'event_bus' {
  return config.TRACKING_PATH ?? (config.KAFKA_BROKERS ? 'event_bus' : 'direct');
}

export function dispenseSink(ctx: AppContext): DispenseSink {
  return trackingPath(ctx.config) === 'event_bus' ? eventBusItemSink : recordShipmentItems;
}

/** Decoder + sink for one message format, as this deployment is configured. */
export function pipelineDeps(ctx: AppContext, format: IngestInput['format']): IngestDeps {
  return { decode: decoders[format], sink: dispenseSink(ctx) };
}

export function ingestDispenseMessage(ctx: AppContext, input: IngestInput): Promise<IngestResult> {
  return ingestMessage(ctx, input, pipelineDeps(ctx, input.format));
}

/**
 * Batching of bulk ingest (`rxbridge ingest`, bench/ingest.ts): 1,000 messages per batch, 2 batches
 * at once. Measured on 2 vCPUs (issue 19, 30,000 messages): one batch at a time took 6.1–6.4 s, two
 * 4.6–5.8 s (a second batch's parsing overlaps the first one's statements); batches of 500 or
 * 2,000, or a third batch in flight, were within the machine's run-to-run spread.
 */
export const BULK_INGEST = { size: 1000, concurrency: 2 } as const;

/** Many messages of one format (CLI, proofs, benchmarks). */
export function ingestDispenseMessages(ctx: AppContext, inputs: IngestInput[]): Promise<IngestResult[]> {
  if (inputs.length === 0) return Promise.resolve([]);
  return ingestBatch(ctx, inputs, pipelineDeps(ctx, inputs[0]!.format));
}

export function replayDispenseMessage(ctx: AppContext, messageId: number): Promise<IngestResult> {
  return replayMessage(ctx, messageId, decoders, dispenseSink(ctx));
}
