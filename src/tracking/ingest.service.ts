/**
 * Ingest: one inbound message (HL7 v2 or FHIR) → stored raw → dispense events → grouping.
 *
 * Order matters. The raw message is committed first, whatever it contains, so nothing is lost: a
 * message we cannot read is kept as `rejected` with its error and can be replayed after a fix. Only
 * then are events stored and handed to grouping, in a second transaction; if that fails the message
 * stays `received` and the sweep replays it. Repeats are harmless at every level: the same control
 * id is one message, the same station + Rx + fill + tracking number is one dispense, the same
 * dispense is one shipment item.
 *
 * Acknowledgement codes follow HL7: AA accepted; AR the message itself is unacceptable (no MSH,
 * unreadable delimiters, unsupported type); AE it was readable but we could not use it (a missing
 * required field such as the patient's ICN) or could not process it now.
 */
import { createHash } from 'node:crypto';
import type { AppContext } from '../platform/context.js';
import type { Tx } from '../platform/db/pool.js';
import { dispenseEventId, type DispenseEvent, type ShipmentItemEvent } from './dispense-event.js';
import { insertDispenseEvents, loadMessage, markMessage, storeRawMessage } from './ingest.dao.js';
import { recordShipmentItems } from './shipments.service.js';
import type { MessageSource } from './tracking.tables.js';

export type AckCode = 'AA' | 'AE' | 'AR';

export interface DecodedMessage {
  controlId: string | null;
  sendingFacility: string | null;
  events: DispenseEvent[];
}

export interface DecodeFailure {
  code: string;
  /** Where in the message, e.g. "PID-3" or "$.identifier[0]". */
  location: string | null;
  message: string;
  ack: 'AE' | 'AR';
  controlId: string | null;
  sendingFacility: string | null;
}

export type DecodeResult = { ok: true; value: DecodedMessage } | { ok: false; error: DecodeFailure };
export type Decoder = (raw: string) => DecodeResult;

export interface IngestResult {
  ack: AckCode;
  messageId: number | null;
  text: string;
  errorCode?: string;
  errorLocation?: string | null;
  duplicate: boolean;
  newEvents: number;
}

export interface IngestInput {
  raw: string;
  format: 'hl7v2' | 'fhir';
  source: MessageSource;
}

/** Hand new dispensed items to grouping (direct path) or to the event-bus outbox. */
export type ItemSink = (ctx: AppContext, tx: Tx, items: ShipmentItemEvent[]) => Promise<unknown>;

export const directSink: ItemSink = (ctx, tx, items) => recordShipmentItems(ctx, tx, items);

export function toShipmentItems(events: DispenseEvent[]): ShipmentItemEvent[] {
  const items: ShipmentItemEvent[] = [];
  for (const e of events) {
    // Cancelled fills and window pick-ups (no tracking number) are stored but never e-mailed.
    if (e.status !== 'dispensed' || !e.trackingNumber || !e.patient.icn) continue;
    items.push({
      eventId: dispenseEventId(e),
      patientIcn: e.patient.icn,
      stationNumber: e.stationNumber,
      trackingNumber: e.trackingNumber,
      carrier: e.carrier,
      shippedAt: e.shippedAt ?? e.dispensedAt,
      rxNumber: e.rxNumber,
      drugName: e.drugName,
    });
  }
  return items;
}

/** Business validation after decoding: what the pipeline needs that the format allows to be absent. */
export function validateForPipeline(events: DispenseEvent[]): { code: string; location: string; message: string } | null {
  if (events.length === 0) return { code: 'NO_DISPENSE', location: 'RXD', message: 'The message contains no dispense' };
  const noIcn = events.findIndex((e) => e.status === 'dispensed' && e.trackingNumber && !e.patient.icn);
  if (noIcn >= 0) {
    return { code: 'MISSING_ICN', location: 'PID-3', message: 'No patient ICN (identifier type NI); cannot address the shipment e-mail' };
  }
  return null;
}

export interface IngestDeps {
  decode: Decoder;
  sink?: ItemSink;
}

export async function ingestMessage(ctx: AppContext, input: IngestInput, deps: IngestDeps): Promise<IngestResult> {
  const decoded = deps.decode(input.raw);
  const header = decoded.ok ? decoded.value : decoded.error;
  const stored = await storeRawMessage(ctx.db, {
    source: input.source,
    format: input.format,
    controlId: header.controlId,
    sendingFacility: header.sendingFacility,
    sha256: createHash('sha256').update(input.raw).digest(),
    raw: input.raw,
    error: decoded.ok ? null : { code: decoded.error.code, message: decoded.error.message },
  });
  if (!stored.inserted && stored.status === 'accepted') {
    return { ack: 'AA', messageId: stored.id, text: 'Duplicate of a message already accepted', duplicate: true, newEvents: 0 };
  }
  if (!decoded.ok) {
    ctx.log.warn({ messageId: stored.id, code: decoded.error.code, location: decoded.error.location }, 'dispense message rejected');
    return { ack: decoded.error.ack, messageId: stored.id, text: decoded.error.message, errorCode: decoded.error.code, errorLocation: decoded.error.location, duplicate: !stored.inserted, newEvents: 0 };
  }
  return processStored(ctx, stored.id, decoded.value.events, deps.sink ?? directSink, { replayed: false, duplicate: !stored.inserted });
}

async function processStored(
  ctx: AppContext,
  messageId: number,
  events: DispenseEvent[],
  sink: ItemSink,
  opts: { replayed: boolean; duplicate: boolean },
): Promise<IngestResult> {
  const invalid = validateForPipeline(events);
  if (invalid) {
    await markMessage(ctx.db, messageId, { status: 'rejected', errorCode: invalid.code, errorMessage: invalid.message, replayed: opts.replayed });
    ctx.log.warn({ messageId, code: invalid.code }, 'dispense message rejected');
    return { ack: 'AE', messageId, text: invalid.message, errorCode: invalid.code, errorLocation: invalid.location, duplicate: opts.duplicate, newEvents: 0 };
  }
  try {
    const fresh = await ctx.db.transaction().execute(async (tx) => {
      const inserted = await insertDispenseEvents(tx, messageId, events);
      await sink(ctx, tx, toShipmentItems(inserted));
      await markMessage(tx, messageId, { status: 'accepted', eventsCount: events.length, replayed: opts.replayed });
      return inserted.length;
    });
    return { ack: 'AA', messageId, text: fresh === events.length ? 'Accepted' : `Accepted (${events.length - fresh} dispense(s) already known)`, duplicate: opts.duplicate, newEvents: fresh };
  } catch (err) {
    // Stored raw and still `received`: the sweep (or `rxbridge replay`) processes it later.
    ctx.log.error({ messageId, err }, 'dispense message processing failed; kept for replay');
    return { ack: 'AE', messageId, text: 'Temporarily unable to process; the message is kept and will be retried', errorCode: 'PROCESSING_FAILED', duplicate: opts.duplicate, newEvents: 0 };
  }
}

/**
 * Process a stored message again with today's code (after a parser fix, a data fix, or a crash).
 * Accepted messages are left alone.
 */
export async function replayMessage(ctx: AppContext, messageId: number, decoders: Record<'hl7v2' | 'fhir', Decoder>, sink: ItemSink = directSink): Promise<IngestResult> {
  const m = await loadMessage(ctx.db, messageId);
  if (!m) throw new Error(`No dispense message ${messageId}`);
  if (m.status === 'accepted') return { ack: 'AA', messageId, text: 'Already accepted', duplicate: true, newEvents: 0 };
  const decoded = decoders[m.format](m.raw);
  if (!decoded.ok) {
    await markMessage(ctx.db, messageId, { status: 'rejected', errorCode: decoded.error.code, errorMessage: decoded.error.message, replayed: true });
    return { ack: decoded.error.ack, messageId, text: decoded.error.message, errorCode: decoded.error.code, errorLocation: decoded.error.location, duplicate: false, newEvents: 0 };
  }
  return processStored(ctx, messageId, decoded.value.events, sink, { replayed: true, duplicate: false });
}
