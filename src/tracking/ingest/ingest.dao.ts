/** SQL for raw inbound dispense messages and the dispense events read from them. */
import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/pool.js';
import { dispenseEventId, type DispenseEvent } from '../dispense-event.js';
import type { MessageSource, MessageStatus } from '../tracking.tables.js';

/** Postgres text cannot hold NUL; values read from arbitrary bytes are cleaned before storage. */
export function clean<T extends string | null>(v: T): T {
  return (v === null ? v : v.replace(/\u0000/g, '\uFFFD')) as T;
}
const bytes = (raw: string) => Buffer.from(raw, 'utf8');

export interface RawMessageInput {
  source: MessageSource;
  format: 'hl7v2' | 'fhir';
  controlId: string | null;
  sendingFacility: string | null;
  sha256: Buffer;
  raw: string;
  /** Set when the message could not be decoded: stored as rejected straight away. */
  error: { code: string; message: string; location?: string | null } | null;
}

export interface StoredMessage {
  id: number;
  status: MessageStatus;
  /** False when the same control id had been received before. */
  inserted: boolean;
  /** SHA-256 of the stored content (differs from the input's when a control id was reused). */
  sha256: Buffer;
}

/**
 * Store the message before doing anything else. The same (sending facility, control id) is one
 * message: a repeat bumps `duplicate_count` and returns the first row's status. A repeat of a
 * message that was rejected replaces the stored content (a corrected resend) so it can be
 * processed again.
 */
export async function storeRawMessage(db: Db, m: RawMessageInput): Promise<StoredMessage> {
  const status: MessageStatus = m.error ? 'rejected' : 'received';
  if (m.controlId === null) {
    const row = await db
      .insertInto('dispense_messages')
      .values({
        source: m.source,
        format: m.format,
        control_id: null,
        sending_facility: clean(m.sendingFacility),
        content_sha256: m.sha256,
        raw: bytes(m.raw),
        status,
        error_code: m.error?.code ?? null,
        error_message: m.error?.message ?? null,
        error_location: clean(m.error?.location ?? null),
      })
      .returning(['id', 'status', 'content_sha256'])
      .executeTakeFirstOrThrow();
    return { id: row.id, status: row.status, inserted: true, sha256: row.content_sha256 };
  }
  // One upsert serves single messages and batches (see storeRawMessages).
  const stored = await storeRawMessages(db, [{ ...m, controlId: m.controlId }]);
  return [...stored.values()][0]!;
}

export async function markMessage(
  db: Db | Tx,
  id: number,
  patch: {
    status: MessageStatus;
    errorCode?: string | null;
    errorMessage?: string | null;
    errorLocation?: string | null;
    warnings?: string[];
    eventsCount?: number;
    replayed?: boolean;
  },
): Promise<void> {
  await db
    .updateTable('dispense_messages')
    .set({
      status: patch.status,
      error_code: patch.errorCode ?? null,
      error_message: patch.errorMessage ?? null,
      error_location: clean(patch.errorLocation ?? null),
      ...(patch.warnings !== undefined ? { warnings: JSON.stringify(patch.warnings.map((w) => clean(w))) } : {}),
      ...(patch.eventsCount !== undefined ? { events_count: patch.eventsCount } : {}),
      ...(patch.replayed ? { replay_count: sql<number>`replay_count + 1` } : {}),
      processed_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/** Insert dispense events, skipping ones already stored (station + Rx + fill + tracking); returns the new ones. */
export async function insertDispenseEvents(tx: Tx, messageId: number | number[], events: DispenseEvent[]): Promise<DispenseEvent[]> {
  if (events.length === 0) return [];
  const messageIds = Array.isArray(messageId) ? messageId : events.map(() => messageId);
  const res = await sql<{ key: string }>`
    insert into dispense_events (message_id, patient_icn, patient_dfn, station_number, rx_number, fill_number, drug_name, ndc, quantity,
                                 dispensed_at, shipped_at, carrier, tracking_number, status, cancellation_reason)
    select mid, icn, dfn, station, rx, fill, drug, ndc, qty, dispensed, shipped, carrier, trk, status, reason
    from unnest(${messageIds}::bigint[], ${events.map((e) => clean(e.patient.icn))}::text[], ${events.map((e) => clean(e.patient.dfn))}::text[],
                ${events.map((e) => clean(e.stationNumber))}::text[], ${events.map((e) => clean(e.rxNumber))}::text[],
                ${events.map((e) => e.fillNumber)}::int[], ${events.map((e) => clean(e.drugName))}::text[],
                ${events.map((e) => clean(e.ndc))}::text[], ${events.map((e) => e.quantity)}::numeric[],
                ${events.map((e) => e.dispensedAt)}::timestamptz[], ${events.map((e) => e.shippedAt)}::timestamptz[],
                ${events.map((e) => clean(e.carrier))}::text[], ${events.map((e) => clean(e.trackingNumber))}::text[],
                ${events.map((e) => e.status)}::text[], ${events.map((e) => clean(e.cancellationReason))}::text[])
         as t(mid, icn, dfn, station, rx, fill, drug, ndc, qty, dispensed, shipped, carrier, trk, status, reason)
    on conflict (station_number, rx_number, fill_number, coalesce(tracking_number, '')) do nothing
    returning station_number || ':' || rx_number || ':' || fill_number || ':' || coalesce(tracking_number, '') as key`.execute(tx);
  const fresh = new Set(res.rows.map((r) => r.key));
  return events.filter((e) => fresh.has(dispenseEventId(e)));
}

export async function loadMessage(db: Db, id: number) {
  const row = await db.selectFrom('dispense_messages').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { ...row, raw: row.raw.toString('utf8') };
}

export interface StoredKeyed extends StoredMessage {
  key: string;
}

/**
 * Bulk form of storeRawMessage for messages that all have a control id and distinct keys
 * (`${sending facility}\u0000${control id}`); returns one row per message, matched by key.
 */
export async function storeRawMessages(db: Db, rows: Array<RawMessageInput & { controlId: string }>): Promise<Map<string, StoredMessage>> {
  if (rows.length === 0) return new Map();
  const res = await sql<{ id: number; status: MessageStatus; inserted: boolean; key: string; sha256: Buffer }>`
    insert into dispense_messages (source, format, control_id, sending_facility, content_sha256, raw, status, error_code, error_message, error_location)
    select * from unnest(${rows.map((m) => m.source)}::text[], ${rows.map((m) => m.format)}::text[], ${rows.map((m) => clean(m.controlId))}::text[],
                         ${rows.map((m) => clean(m.sendingFacility))}::text[], ${rows.map((m) => m.sha256)}::bytea[], ${rows.map((m) => bytes(m.raw))}::bytea[],
                         ${rows.map((m) => (m.error ? 'rejected' : 'received'))}::text[], ${rows.map((m) => m.error?.code ?? null)}::text[],
                         ${rows.map((m) => m.error?.message ?? null)}::text[], ${rows.map((m) => clean(m.error?.location ?? null))}::text[])
    on conflict (coalesce(sending_facility, ''), control_id) where control_id is not null do update
      set duplicate_count = dispense_messages.duplicate_count + 1,
          raw = case when dispense_messages.status = 'rejected' then excluded.raw else dispense_messages.raw end,
          content_sha256 = case when dispense_messages.status = 'rejected' then excluded.content_sha256 else dispense_messages.content_sha256 end,
          status = case when dispense_messages.status = 'rejected' then excluded.status else dispense_messages.status end,
          error_code = case when dispense_messages.status = 'rejected' then excluded.error_code else dispense_messages.error_code end,
          error_message = case when dispense_messages.status = 'rejected' then excluded.error_message else dispense_messages.error_message end,
          error_location = case when dispense_messages.status = 'rejected' then excluded.error_location else dispense_messages.error_location end
    returning id, status, (xmax = 0) as inserted, content_sha256 as sha256, coalesce(sending_facility, '') || chr(31) || control_id as key`.execute(db);
  return new Map(res.rows.map((r) => [r.key, { id: r.id, status: r.status, inserted: r.inserted, sha256: r.sha256 }]));
}

/** A message stored with its outcome already decided (batch ingest, one transaction with its events). */
export interface FinalMessageInput extends RawMessageInput {
  controlId: string;
  /** The outcome if the control id is new: accepted (its events go in the same transaction) or rejected. */
  status: 'accepted' | 'rejected';
  warnings: string[];
  eventsCount: number;
  /** Set processed_at (accepted, or rejected by a pipeline rule); a message that could not be decoded has none. */
  processed: boolean;
}

/**
 * Bulk insert of new messages with their final outcome, so an accepted message is written once
 * instead of inserted `received` and updated `accepted` (callers run it in the transaction that
 * stores the events). A control id already stored behaves exactly as in storeRawMessages: the
 * repeat is counted, and a rejected row is replaced by the resend *as received* (status
 * `received`, or `rejected` with the decode error when it cannot be decoded), for the caller to
 * classify and finish like any stored message.
 */
export async function storeFinalMessages(tx: Tx, rows: FinalMessageInput[]): Promise<Map<string, StoredMessage>> {
  if (rows.length === 0) return new Map();
  const res = await sql<{ id: number; status: MessageStatus; inserted: boolean; key: string; sha256: Buffer }>`
    insert into dispense_messages (source, format, control_id, sending_facility, content_sha256, raw, status, error_code, error_message, error_location,
                                   warnings, events_count, processed_at)
    select s, f, c, sf, sha, raw, st, ec, em, el, w, n, case when p then now() end
    from unnest(${rows.map((m) => m.source)}::text[], ${rows.map((m) => m.format)}::text[], ${rows.map((m) => clean(m.controlId))}::text[],
                ${rows.map((m) => clean(m.sendingFacility))}::text[], ${rows.map((m) => m.sha256)}::bytea[], ${rows.map((m) => bytes(m.raw))}::bytea[],
                ${rows.map((m) => m.status)}::text[], ${rows.map((m) => m.error?.code ?? null)}::text[],
                ${rows.map((m) => m.error?.message ?? null)}::text[], ${rows.map((m) => clean(m.error?.location ?? null))}::text[],
                ${rows.map((m) => JSON.stringify(m.warnings.map((w) => clean(w))))}::jsonb[], ${rows.map((m) => m.eventsCount)}::int[],
                ${rows.map((m) => m.processed)}::boolean[])
         as t(s, f, c, sf, sha, raw, st, ec, em, el, w, n, p)
    on conflict (coalesce(sending_facility, ''), control_id) where control_id is not null do update
      set duplicate_count = dispense_messages.duplicate_count + 1,
          raw = case when dispense_messages.status = 'rejected' then excluded.raw else dispense_messages.raw end,
          content_sha256 = case when dispense_messages.status = 'rejected' then excluded.content_sha256 else dispense_messages.content_sha256 end,
          status = case when dispense_messages.status <> 'rejected' then dispense_messages.status
                        when excluded.processed_at is null then 'rejected' else 'received' end,
          error_code = case when dispense_messages.status <> 'rejected' then dispense_messages.error_code
                            when excluded.processed_at is null then excluded.error_code end,
          error_message = case when dispense_messages.status <> 'rejected' then dispense_messages.error_message
                               when excluded.processed_at is null then excluded.error_message end,
          error_location = case when dispense_messages.status <> 'rejected' then dispense_messages.error_location
                                when excluded.processed_at is null then excluded.error_location end
    returning id, status, (xmax = 0) as inserted, content_sha256 as sha256, coalesce(sending_facility, '') || chr(31) || control_id as key`.execute(tx);
  return new Map(res.rows.map((r) => [r.key, { id: r.id, status: r.status, inserted: r.inserted, sha256: r.sha256 }]));
}

export async function markMessagesAccepted(tx: Tx, rows: Array<{ id: number; eventsCount: number; warnings: string[] }>): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    update dispense_messages m set status = 'accepted', error_code = null, error_message = null, error_location = null, events_count = t.n,
           warnings = t.w, processed_at = now()
      from unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.eventsCount)}::int[], ${rows.map((r) => JSON.stringify(r.warnings.map((w) => clean(w))))}::jsonb[]) as t(id, n, w)
     where m.id = t.id`.execute(tx);
}

/** A repeat that turned out not to be identical (a reused control id) is not counted as a duplicate. */
export async function uncountDuplicate(db: Db, id: number): Promise<void> {
  await db
    .updateTable('dispense_messages')
    .set((eb) => ({ duplicate_count: eb('duplicate_count', '-', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function addDuplicateCounts(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`update dispense_messages m set duplicate_count = duplicate_count + t.n
      from (select id, count(*)::int as n from unnest(${ids}::bigint[]) as id group by id) t where m.id = t.id`.execute(db);
}
