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
import { describeTextProblem, findTextProblem, normalizeText } from '../../shared/text.js';
import { createHash } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/pool.js';
import { dispenseEventId, type DispenseEvent, type ShipmentItemEvent } from '../dispense-event.js';
import { addDuplicateCounts, clean, insertDispenseEvents, loadMessage, markMessage, markMessagesAccepted, storeRawMessage, storeRawMessages } from './ingest.dao.js';
import { recordShipmentItems } from '../shipments/shipments.service.js';
import type { MessageSource } from '../tracking.tables.js';

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
      carrier: e.carrier === null ? null : normalizeText(clean(e.carrier)),
      shippedAt: e.shippedAt ?? e.dispensedAt,
      rxNumber: e.rxNumber,
      // What reaches the Veteran's e-mail follows the API's text rule (src/shared/text.ts): bidi controls stripped.
      drugName: normalizeText(clean(e.drugName)),
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
  // Text that reaches people (the drug name and carrier in the shipment e-mail, the reason on the
  // ops page) follows the API's text rule: control characters and broken UTF-16 are refused.
  for (const e of events) {
    const fhir = e.messageType.startsWith('FHIR');
    const fields: Array<[string, string | null, string]> = [
      ['Drug name', e.drugName, fhir ? 'MedicationDispense.medication' : 'RXD-2'],
      ['Carrier', e.carrier, fhir ? 'MedicationDispense.extension(carrier)' : 'ZR2-1'],
      ['Cancellation reason', e.cancellationReason, fhir ? 'MedicationDispense.statusReason' : 'RXD-9'],
    ];
    for (const [label, value, location] of fields) {
      const problem = value === null ? null : findTextProblem(value, { singleLine: true });
      if (problem) return { code: 'INVALID_TEXT', location, message: `${label} ${describeTextProblem(problem)}` };
    }
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
  const sha256 = createHash('sha256').update(input.raw).digest();
  const stored = await storeRawMessage(ctx.db, {
    source: input.source,
    format: input.format,
    controlId: header.controlId,
    sendingFacility: header.sendingFacility,
    sha256,
    raw: input.raw,
    error: decoded.ok ? null : { code: decoded.error.code, message: decoded.error.message },
  });
  if (!stored.inserted && stored.status === 'accepted') {
    if (stored.sha256.equals(sha256)) return { ack: 'AA', messageId: stored.id, text: 'Duplicate of a message already accepted', duplicate: true, newEvents: 0 };
    return keepReusedControlId(ctx, input, sha256, header.sendingFacility, stored.id);
  }
  if (!decoded.ok) {
    ctx.log.warn({ messageId: stored.id, code: decoded.error.code, location: decoded.error.location }, 'dispense message rejected');
    return { ack: decoded.error.ack, messageId: stored.id, text: decoded.error.message, errorCode: decoded.error.code, errorLocation: decoded.error.location, duplicate: !stored.inserted, newEvents: 0 };
  }
  return processStored(ctx, stored.id, decoded.value.events, deps.sink ?? directSink, { replayed: false, duplicate: !stored.inserted });
}

/**
 * A different message under the control id of one already accepted: not a duplicate to drop, and
 * not ours to merge. It is kept as its own rejected row (without the reused id) for review and
 * replay, and the sender is told (AE at MSH-10).
 */
async function keepReusedControlId(ctx: AppContext, input: IngestInput, sha256: Buffer, sendingFacility: string | null, originalId?: number): Promise<IngestResult> {
  // duplicate_count means identical repeats; the upsert counted this one, which is not.
  if (originalId !== undefined) await ctx.db.updateTable('dispense_messages').set((eb) => ({ duplicate_count: eb('duplicate_count', '-', 1) })).where('id', '=', originalId).execute();
  const message = 'Control id already used by a different, accepted message; kept for review';
  const row = await storeRawMessage(ctx.db, { source: input.source, format: input.format, controlId: null, sendingFacility, sha256, raw: input.raw, error: { code: 'CONTROL_ID_REUSED', message } });
  ctx.log.warn({ messageId: row.id }, 'dispense message reuses an accepted control id');
  return { ack: 'AE', messageId: row.id, text: message, errorCode: 'CONTROL_ID_REUSED', errorLocation: 'MSH-10', duplicate: false, newEvents: 0 };
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

/**
 * Ingest many messages with the same guarantees as `ingestMessage`, in a constant number of
 * statements: raw rows stored in one statement, then every usable message processed in one
 * transaction. If that transaction fails, each message is retried on its own so one bad message
 * cannot hold the others back. Used by the CLI, the event-bus consumer and benchmarks; the MLLP
 * listener acknowledges message by message and uses `ingestMessage`.
 */
export async function ingestBatch(ctx: AppContext, inputs: IngestInput[], deps: IngestDeps): Promise<IngestResult[]> {
  const sink = deps.sink ?? directSink;
  const decoded = inputs.map((i) => deps.decode(i.raw));
  const results: Array<IngestResult | undefined> = new Array(inputs.length);
  const keyOf = (d: DecodeResult) => {
    const h = d.ok ? d.value : d.error;
    return h.controlId ? `${clean(h.sendingFacility) ?? ''}\u001f${clean(h.controlId)}` : null;
  };
  // Messages without a control id cannot be de-duplicated in bulk: take the single path.
  const first = new Map<string, number>();
  const dupOf: Array<number | null> = [];
  const later: number[] = [];
  for (const [i, d] of decoded.entries()) {
    const key = keyOf(d);
    if (key === null) {
      results[i] = await ingestMessage(ctx, inputs[i]!, deps);
      dupOf.push(null);
    } else if (first.has(key) && inputs[first.get(key)!]!.raw !== inputs[i]!.raw) {
      dupOf.push(null);
      later.push(i); // same control id, different content: handled one by one after the batch
    } else if (first.has(key)) dupOf.push(first.get(key)!);
    else {
      first.set(key, i);
      dupOf.push(null);
    }
  }
  const primaries = [...first.values()];
  const stored = await storeRawMessages(
    ctx.db,
    primaries.map((i) => {
      const d = decoded[i]!;
      const h = d.ok ? d.value : d.error;
      return {
        source: inputs[i]!.source,
        format: inputs[i]!.format,
        controlId: h.controlId!,
        sendingFacility: h.sendingFacility,
        sha256: createHash('sha256').update(inputs[i]!.raw).digest(),
        raw: inputs[i]!.raw,
        error: d.ok ? null : { code: d.error.code, message: d.error.message },
      };
    }),
  );
  const toProcess: Array<{ i: number; id: number; events: DispenseEvent[]; duplicate: boolean }> = [];
  for (const i of primaries) {
    const d = decoded[i]!;
    const row = stored.get(keyOf(d)!)!;
    const sha = createHash('sha256').update(inputs[i]!.raw).digest();
    if (!row.inserted && row.status === 'accepted' && !row.sha256.equals(sha)) {
      results[i] = await keepReusedControlId(ctx, inputs[i]!, sha, (d.ok ? d.value : d.error).sendingFacility, row.id);
    } else if (!row.inserted && row.status === 'accepted') {
      results[i] = { ack: 'AA', messageId: row.id, text: 'Duplicate of a message already accepted', duplicate: true, newEvents: 0 };
    } else if (!d.ok) {
      results[i] = { ack: d.error.ack, messageId: row.id, text: d.error.message, errorCode: d.error.code, errorLocation: d.error.location, duplicate: !row.inserted, newEvents: 0 };
    } else {
      const invalid = validateForPipeline(d.value.events);
      if (invalid) {
        await markMessage(ctx.db, row.id, { status: 'rejected', errorCode: invalid.code, errorMessage: invalid.message });
        results[i] = { ack: 'AE', messageId: row.id, text: invalid.message, errorCode: invalid.code, errorLocation: invalid.location, duplicate: !row.inserted, newEvents: 0 };
      } else toProcess.push({ i, id: row.id, events: d.value.events, duplicate: !row.inserted });
    }
  }
  try {
    await ctx.db.transaction().execute(async (tx) => {
      const events = toProcess.flatMap((p) => p.events);
      const ids = toProcess.flatMap((p) => p.events.map(() => p.id));
      const fresh = await insertDispenseEvents(tx, ids, events);
      await sink(ctx, tx, toShipmentItems(fresh));
      await markMessagesAccepted(tx, toProcess.map((p) => p.id), toProcess.map((p) => p.events.length));
      const freshIds = new Set(fresh.map((e) => dispenseEventId(e)));
      for (const p of toProcess) {
        const n = p.events.filter((e) => freshIds.has(dispenseEventId(e))).length;
        results[p.i] = { ack: 'AA', messageId: p.id, text: n === p.events.length ? 'Accepted' : `Accepted (${p.events.length - n} dispense(s) already known)`, duplicate: p.duplicate, newEvents: n };
      }
    });
  } catch (err) {
    ctx.log.warn({ err, messages: toProcess.length }, 'batch processing failed; processing messages one by one');
    for (const p of toProcess) results[p.i] = await processStored(ctx, p.id, p.events, sink, { replayed: false, duplicate: p.duplicate });
  }
  // Repeats inside the batch answer like their first occurrence.
  const dupIds: number[] = [];
  for (const [i, of] of dupOf.entries()) {
    if (of === null) continue;
    const r = results[of]!;
    results[i] = r.ack === 'AA' ? { ...r, text: 'Duplicate of a message already accepted', duplicate: true, newEvents: 0 } : { ...r, duplicate: true };
    if (r.messageId !== null) dupIds.push(r.messageId);
  }
  await addDuplicateCounts(ctx.db, dupIds);
  for (const i of later) results[i] = await ingestMessage(ctx, inputs[i]!, deps);
  return results as IngestResult[];
}
