/**
 * Ingest: one inbound message (HL7 v2 or FHIR) → stored raw → dispense events → the dispense sink.
 *
 * Order matters. The raw message is committed first, whatever it contains, so nothing is lost: a
 * message we cannot read is kept as `rejected` with its error and can be replayed after a fix. Only
 * then are events stored and handed on, in a second transaction; if that fails the message stays
 * `received` and the sweep replays it. (A batch is stored and processed in one transaction — see
 * ingestBatch — and nothing in it is acknowledged before that commits; if it fails, the batch is
 * taken through this two-step order.) Repeats are harmless at every level: the same control id is
 * one message, the same station + Rx + fill + tracking number is one dispense, the same dispense is
 * one shipment item.
 *
 * What happens to a message is decided once, by `classifyMessage` (message-verdict.ts), for the
 * single path, the batch path and replay. Where the items go is the caller's `sink` (the one
 * DispenseSink type, chosen by src/tracking/pipeline.ts): ingest knows nothing of shipments.
 *
 * Acknowledgement codes follow HL7: AA accepted; AR the message itself is unacceptable (no MSH,
 * unreadable delimiters, unsupported type); AE it was readable but we could not use it (a missing
 * or invalid field, named in the answer) or could not process it now.
 */
import { createHash } from 'node:crypto';
import { normalizeText } from '../../shared/text.js';
import type { AppContext } from '../../platform/context.js';
import type { Db, Tx } from '../../platform/db/pool.js';
import { dispenseEventId, type DispenseEvent, type DispenseSink, type ShipmentItemEvent } from '../dispense-event.js';
import type { MessageSource } from '../tracking.tables.js';
import type { AckCode, DecodeResult, Decoder } from './decoded.js';
import {
  addDuplicateCounts,
  clean,
  insertDispenseEvents,
  loadMessage,
  markMessage,
  markMessagesAccepted,
  storeFinalMessages,
  storeRawMessage,
  storeRawMessages,
  uncountDuplicate,
  type FinalMessageInput,
} from './ingest.dao.js';
import { classifyMessage, type Verdict } from './message-verdict.js';

export type { AckCode, DecodedMessage, DecodeFailure, DecodeResult, Decoder } from './decoded.js';

export interface IngestResult {
  ack: AckCode;
  messageId: number | null;
  text: string;
  errorCode?: string;
  errorLocation?: string | null;
  duplicate: boolean;
  newEvents: number;
  /** The parser's non-fatal findings, stored with the message. */
  warnings?: string[];
  /** The message's own control id (MSH-10), echoed in batch acknowledgements. */
  controlId?: string | null;
}

export interface IngestInput {
  raw: string;
  format: 'hl7v2' | 'fhir';
  source: MessageSource;
}

export interface IngestDeps {
  decode: Decoder;
  sink: DispenseSink;
}

const sha = (raw: string) => createHash('sha256').update(raw).digest();
const headerOf = (d: DecodeResult) => (d.ok ? d.value : d.error);

export function toShipmentItems(events: DispenseEvent[]): ShipmentItemEvent[] {
  const items: ShipmentItemEvent[] = [];
  for (const e of events) {
    // Cancelled fills are stored but never e-mailed.
    if (e.status !== 'dispensed' || !e.trackingNumber || !e.patient.icn) continue;
    items.push({
      eventId: dispenseEventId(e),
      patientIcn: e.patient.icn,
      stationNumber: e.stationNumber,
      trackingNumber: e.trackingNumber,
      carrier: e.carrier === null ? null : normalizeText(clean(e.carrier)),
      shippedAt: e.shippedAt ?? e.dispensedAt,
      rxNumber: e.rxNumber,
      // What reaches the Veteran's e-mail follows the text rule (src/shared/text.ts): bidi controls stripped.
      drugName: normalizeText(clean(e.drugName)),
      sourceMessageId: clean(e.messageControlId) || null,
    });
  }
  return items;
}

interface Ctx {
  messageId: number;
  duplicate: boolean;
  replayed: boolean;
  controlId: string | null;
}

/** The answer (and the warning logged) for a message refused as undecodable or invalid. */
function rejectedResult(ctx: AppContext, v: Extract<Verdict, { kind: 'undecodable' | 'invalid' }>, c: Ctx): IngestResult {
  const base = { messageId: c.messageId, duplicate: c.duplicate, newEvents: 0, controlId: c.controlId };
  if (v.kind === 'undecodable') {
    ctx.log.warn({ messageId: c.messageId, code: v.failure.code, location: v.failure.location }, 'dispense message rejected');
    return { ...base, ack: v.failure.ack, text: v.failure.message, errorCode: v.failure.code, errorLocation: v.failure.location };
  }
  ctx.log.warn({ messageId: c.messageId, code: v.problem.code }, 'dispense message rejected');
  return { ...base, ack: 'AE', text: v.problem.message, errorCode: v.problem.code, errorLocation: v.problem.location, warnings: v.warnings };
}

/**
 * Act on every verdict except `accept` (and `reused-id`, which needs the raw input). Returns the
 * result, or null for `accept` (the caller stores the events, alone or in bulk).
 */
async function settle(ctx: AppContext, v: Verdict, c: Ctx, db: Db | Tx = ctx.db): Promise<IngestResult | null> {
  const base = { messageId: c.messageId, duplicate: c.duplicate, newEvents: 0, controlId: c.controlId };
  switch (v.kind) {
    case 'duplicate':
      return { ...base, ack: 'AA', duplicate: true, text: c.replayed ? 'Already accepted' : 'Duplicate of a message already accepted' };
    case 'undecodable':
      if (c.replayed)
        await markMessage(db, c.messageId, {
          status: 'rejected',
          errorCode: v.failure.code,
          errorMessage: v.failure.message,
          errorLocation: v.failure.location,
          replayed: true,
        });
      return rejectedResult(ctx, v, c);
    case 'invalid':
      await markMessage(db, c.messageId, {
        status: 'rejected',
        errorCode: v.problem.code,
        errorMessage: v.problem.message,
        errorLocation: v.problem.location,
        warnings: v.warnings,
        replayed: c.replayed,
      });
      return rejectedResult(ctx, v, c);
    case 'accept':
    case 'reused-id':
      return null;
  }
}

const acceptedText = (total: number, fresh: number) => (fresh === total ? 'Accepted' : `Accepted (${total - fresh} dispense(s) already known)`);

/** Store one accepted message's events and hand the new ones to the sink, in one transaction. */
async function acceptOne(ctx: AppContext, events: DispenseEvent[], warnings: string[], sink: DispenseSink, c: Ctx): Promise<IngestResult> {
  try {
    const fresh = await ctx.db.transaction().execute(async (tx) => {
      const inserted = await insertDispenseEvents(tx, c.messageId, events);
      await sink(ctx, tx, toShipmentItems(inserted));
      await markMessage(tx, c.messageId, { status: 'accepted', eventsCount: events.length, warnings, replayed: c.replayed });
      return inserted.length;
    });
    return {
      ack: 'AA',
      messageId: c.messageId,
      text: acceptedText(events.length, fresh),
      duplicate: c.duplicate,
      newEvents: fresh,
      warnings,
      controlId: c.controlId,
    };
  } catch (err) {
    // Stored raw and still `received`: the sweep (or `rxbridge replay`) processes it later.
    ctx.log.error({ messageId: c.messageId, err }, 'dispense message processing failed; kept for replay');
    return {
      ack: 'AE',
      messageId: c.messageId,
      text: 'Temporarily unable to process; the message is kept and will be retried',
      errorCode: 'PROCESSING_FAILED',
      duplicate: c.duplicate,
      newEvents: 0,
      controlId: c.controlId,
    };
  }
}

/**
 * A different message under the control id of one already accepted: not a duplicate to drop, and
 * not ours to merge. It is kept as its own rejected row (without the reused id) for review and
 * replay, and the sender is told (AE at MSH-10).
 */
async function keepReusedControlId(
  ctx: AppContext,
  input: IngestInput,
  sendingFacility: string | null,
  originalId: number,
  controlId: string | null,
): Promise<IngestResult> {
  // duplicate_count means identical repeats; the upsert counted this one, which is not.
  await uncountDuplicate(ctx.db, originalId);
  const message = 'Control id already used by a different, accepted message; kept for review';
  const row = await storeRawMessage(ctx.db, {
    source: input.source,
    format: input.format,
    controlId: null,
    sendingFacility,
    sha256: sha(input.raw),
    raw: input.raw,
    error: { code: 'CONTROL_ID_REUSED', message, location: 'MSH-10' },
  });
  ctx.log.warn({ messageId: row.id }, 'dispense message reuses an accepted control id');
  return { ack: 'AE', messageId: row.id, text: message, errorCode: 'CONTROL_ID_REUSED', errorLocation: 'MSH-10', duplicate: false, newEvents: 0, controlId };
}

export async function ingestMessage(ctx: AppContext, input: IngestInput, deps: IngestDeps): Promise<IngestResult> {
  const decoded = deps.decode(input.raw);
  const header = headerOf(decoded);
  const digest = sha(input.raw);
  const stored = await storeRawMessage(ctx.db, {
    source: input.source,
    format: input.format,
    controlId: header.controlId,
    sendingFacility: header.sendingFacility,
    sha256: digest,
    raw: input.raw,
    error: decoded.ok ? null : { code: decoded.error.code, message: decoded.error.message, location: decoded.error.location },
  });
  const verdict = classifyMessage({ inserted: stored.inserted, status: stored.status, sameContent: stored.sha256.equals(digest) }, decoded);
  const c: Ctx = { messageId: stored.id, duplicate: !stored.inserted, replayed: false, controlId: header.controlId };
  if (verdict.kind === 'reused-id') return keepReusedControlId(ctx, input, header.sendingFacility, stored.id, header.controlId);
  if (verdict.kind === 'accept') return acceptOne(ctx, verdict.events, verdict.warnings, deps.sink, c);
  return (await settle(ctx, verdict, c))!;
}

/**
 * Process a stored message again with today's code (after a parser fix, a data fix, or a crash).
 * Accepted messages are left alone.
 */
export async function replayMessage(
  ctx: AppContext,
  messageId: number,
  decoders: Record<'hl7v2' | 'fhir', Decoder>,
  sink: DispenseSink,
): Promise<IngestResult> {
  const m = await loadMessage(ctx.db, messageId);
  if (!m) throw new Error(`No dispense message ${messageId}`);
  const decoded = decoders[m.format](m.raw);
  const verdict = classifyMessage({ inserted: m.status !== 'accepted', status: m.status, sameContent: true }, decoded);
  const c: Ctx = { messageId, duplicate: false, replayed: true, controlId: m.control_id };
  if (verdict.kind === 'accept') return acceptOne(ctx, verdict.events, verdict.warnings, sink, c);
  return (await settle(ctx, verdict, c))!;
}

interface BatchState {
  inputs: IngestInput[];
  decoded: DecodeResult[];
  digests: Buffer[];
  results: Array<IngestResult | undefined>;
  deps: IngestDeps;
}

const batchKey = (d: DecodeResult) => {
  const h = headerOf(d);
  return h.controlId ? `${clean(h.sendingFacility) ?? ''}\u001f${clean(h.controlId)}` : null;
};

/** The stored form of batch message `i` (what both batch paths write to dispense_messages). */
function rawRow(b: BatchState, i: number) {
  const h = headerOf(b.decoded[i]!);
  return {
    source: b.inputs[i]!.source,
    format: b.inputs[i]!.format,
    controlId: h.controlId!,
    sendingFacility: h.sendingFacility,
    sha256: b.digests[i]!,
    raw: b.inputs[i]!.raw,
  };
}

interface Accepting {
  i: number;
  c: Ctx;
  events: DispenseEvent[];
  warnings: string[];
}

/** Store the accepted messages' events, hand the new ones to the sink and answer them (in `tx`). */
async function acceptAll(ctx: AppContext, tx: Tx, b: BatchState, toAccept: Accepting[], toMark: Accepting[]): Promise<void> {
  const events = toAccept.flatMap((p) => p.events);
  const ids = toAccept.flatMap((p) => p.events.map(() => p.c.messageId));
  const fresh = await insertDispenseEvents(tx, ids, events);
  await b.deps.sink(ctx, tx, toShipmentItems(fresh));
  await markMessagesAccepted(
    tx,
    toMark.map((p) => ({ id: p.c.messageId, eventsCount: p.events.length, warnings: p.warnings })),
  );
  const freshIds = new Set(fresh.map((e) => dispenseEventId(e)));
  for (const p of toAccept) {
    const n = p.events.filter((e) => freshIds.has(dispenseEventId(e))).length;
    b.results[p.i] = {
      ack: 'AA',
      messageId: p.c.messageId,
      text: acceptedText(p.events.length, n),
      duplicate: p.c.duplicate,
      newEvents: n,
      warnings: p.warnings,
      controlId: p.c.controlId,
    };
  }
}

/**
 * The usual case, set-based and in ONE transaction: every message is stored with its outcome
 * already decided (a new control id's verdict depends only on its content), its events, shipments,
 * items and e-mail jobs written in the same transaction. A control id already stored is classified
 * against its row as in the single path. Returns the messages whose control id was reused, to be
 * kept apart after the commit, with their original row's id.
 */
async function storeAndProcessTogether(ctx: AppContext, tx: Tx, b: BatchState, primaries: number[]): Promise<Array<[number, number]>> {
  const asNew = primaries.map((i) => classifyMessage({ inserted: true, status: 'received', sameContent: true }, b.decoded[i]!));
  const rows: FinalMessageInput[] = primaries.map((i, k) => {
    const d = b.decoded[i]!;
    const v = asNew[k]!;
    const base = rawRow(b, i);
    if (v.kind === 'accept') return { ...base, status: 'accepted', error: null, warnings: v.warnings, eventsCount: v.events.length, processed: true };
    if (v.kind === 'invalid') return { ...base, status: 'rejected', error: v.problem, warnings: v.warnings, eventsCount: 0, processed: true };
    const e = (d as Extract<DecodeResult, { ok: false }>).error;
    return { ...base, status: 'rejected', error: { code: e.code, message: e.message, location: e.location }, warnings: [], eventsCount: 0, processed: false };
  });
  const stored = await storeFinalMessages(tx, rows);
  const toAccept: Accepting[] = [];
  const toMark: Accepting[] = [];
  const reused: Array<[number, number]> = [];
  for (const [k, i] of primaries.entries()) {
    const d = b.decoded[i]!;
    const row = stored.get(batchKey(d)!)!;
    const c: Ctx = { messageId: row.id, duplicate: !row.inserted, replayed: false, controlId: headerOf(d).controlId };
    if (row.inserted) {
      const v = asNew[k]!;
      if (v.kind === 'accept') toAccept.push({ i, c, events: v.events, warnings: v.warnings });
      // Stored already decided (a new control id): only undecodable and invalid remain here.
      else if (v.kind === 'undecodable' || v.kind === 'invalid') b.results[i] = rejectedResult(ctx, v, c);
      else throw new Error(`no decided result for a ${v.kind} verdict`); // cannot happen for a new control id
      continue;
    }
    const v = classifyMessage({ inserted: false, status: row.status, sameContent: row.sha256.equals(b.digests[i]!) }, d);
    if (v.kind === 'reused-id') reused.push([i, row.id]);
    else if (v.kind === 'accept') {
      const p = { i, c, events: v.events, warnings: v.warnings };
      toAccept.push(p);
      toMark.push(p);
    } else b.results[i] = (await settle(ctx, v, c, tx))!;
  }
  await acceptAll(ctx, tx, b, toAccept, toMark);
  return reused;
}

/**
 * The careful path (when the one-transaction path failed): raw rows committed first, then every
 * accepted message processed in one transaction; if that fails too, each message on its own so one
 * bad message cannot hold the others back.
 */
async function storeThenProcess(ctx: AppContext, b: BatchState, primaries: number[]): Promise<void> {
  const stored = await storeRawMessages(
    ctx.db,
    primaries.map((i) => {
      const d = b.decoded[i]!;
      return { ...rawRow(b, i), error: d.ok ? null : { code: d.error.code, message: d.error.message, location: d.error.location } };
    }),
  );
  const toAccept: Accepting[] = [];
  for (const i of primaries) {
    const d = b.decoded[i]!;
    const row = stored.get(batchKey(d)!)!;
    const verdict = classifyMessage({ inserted: row.inserted, status: row.status, sameContent: row.sha256.equals(b.digests[i]!) }, d);
    const c: Ctx = { messageId: row.id, duplicate: !row.inserted, replayed: false, controlId: headerOf(d).controlId };
    if (verdict.kind === 'reused-id') b.results[i] = await keepReusedControlId(ctx, b.inputs[i]!, headerOf(d).sendingFacility, row.id, c.controlId);
    else if (verdict.kind === 'accept') toAccept.push({ i, c, events: verdict.events, warnings: verdict.warnings });
    else b.results[i] = (await settle(ctx, verdict, c))!;
  }
  try {
    await ctx.db.transaction().execute((tx) => acceptAll(ctx, tx, b, toAccept, toAccept));
  } catch (err) {
    ctx.log.warn({ err, messages: toAccept.length }, 'batch processing failed; processing messages one by one');
    for (const p of toAccept) b.results[p.i] = await acceptOne(ctx, p.events, p.warnings, b.deps.sink, p.c);
  }
}

/**
 * Ingest many messages with the same verdicts and answers as `ingestMessage`, in a constant number
 * of statements. Used by every batch entry point (CLI `rxbridge ingest`, HTTP and MLLP batch
 * files, proofs, benchmarks).
 *
 * Set-based and in one transaction (storeAndProcessTogether): messages, dispense events,
 * shipments, items and e-mail jobs are each written by one statement per batch. Nothing is lost if
 * it fails: no message of the batch has been acknowledged yet, and the batch is then taken through
 * the careful path (storeThenProcess), which commits the raw messages first.
 */
export async function ingestBatch(ctx: AppContext, inputs: IngestInput[], deps: IngestDeps): Promise<IngestResult[]> {
  const decoded = inputs.map((i) => deps.decode(i.raw));
  const results = new Array<IngestResult | undefined>(inputs.length);
  // Messages without a control id cannot be de-duplicated in bulk: take the single path. A repeat
  // of a key inside the batch answers like its first occurrence; a different message under a key
  // already in the batch is handled one by one afterwards (it meets the first one's stored row).
  const first = new Map<string, number>();
  const dupOf: Array<number | null> = [];
  const later: number[] = [];
  for (const [i, d] of decoded.entries()) {
    const key = batchKey(d);
    dupOf.push(null);
    if (key === null) results[i] = await ingestMessage(ctx, inputs[i]!, deps);
    else if (!first.has(key)) first.set(key, i);
    else if (inputs[first.get(key)!]!.raw === inputs[i]!.raw) dupOf[i] = first.get(key)!;
    else later.push(i);
  }
  const primaries = [...first.values()];
  const digests = new Array<Buffer>(inputs.length);
  for (const i of primaries) digests[i] = sha(inputs[i]!.raw);
  const b: BatchState = { inputs, decoded, digests, results, deps };
  let reused: Array<[number, number]> | null = null;
  if (primaries.length > 0) {
    try {
      reused = await ctx.db.transaction().execute((tx) => storeAndProcessTogether(ctx, tx, b, primaries));
    } catch (err) {
      ctx.log.warn({ err, messages: primaries.length }, 'batch ingest failed in one transaction; storing the messages first, then processing them');
      for (const i of primaries) results[i] = undefined;
      await storeThenProcess(ctx, b, primaries);
    }
  }
  // Kept apart after the commit (the original row was counted as a repeat in the transaction; keepReusedControlId takes that back).
  for (const [i, originalId] of reused ?? [])
    results[i] = await keepReusedControlId(ctx, inputs[i]!, headerOf(decoded[i]!).sendingFacility, originalId, headerOf(decoded[i]!).controlId);
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
