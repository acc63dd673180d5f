/** SQL for the transactional outbox (event_bus_outbox). */
import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/pool.js';
import type { OutboxPayload } from './event-bus.tables.js';

export interface NewOutboxRow {
  eventId: string;
  messageKey: string;
  payload: OutboxPayload;
}

/** Inserts rows; an event id already in the outbox is skipped. Returns how many were new. */
export async function insertOutboxRows(tx: Db | Tx, rows: NewOutboxRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await tx
    .insertInto('event_bus_outbox')
    .values(rows.map((r) => ({ event_id: r.eventId, message_key: r.messageKey, payload: JSON.stringify(r.payload) })))
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/**
 * Only one relay publishes at a time (transaction-scoped advisory lock), so rows go out in id
 * order even with several application instances. False when another relay holds it.
 */
export async function tryLockRelay(tx: Tx): Promise<boolean> {
  const r = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(hashtext('rxbridge:event_bus_outbox_relay')) as locked`.execute(tx);
  return r.rows[0]?.locked === true;
}

export async function pendingOutboxRows(tx: Tx, limit: number) {
  return tx
    .selectFrom('event_bus_outbox')
    .select(['id', 'event_id', 'message_key', 'payload', 'created_at', 'attempts'])
    .where('published_at', 'is', null)
    .where('failed_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .execute();
}

export async function markPublished(tx: Tx, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .updateTable('event_bus_outbox')
    .set({ published_at: sql<Date>`now()` })
    .where('id', 'in', ids)
    .execute();
}

export async function markAttemptFailed(tx: Tx, ids: number[], error: string): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .updateTable('event_bus_outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error }))
    .where('id', 'in', ids)
    .execute();
}

export async function markUnpublishable(tx: Tx, id: number, error: string): Promise<void> {
  await tx
    .updateTable('event_bus_outbox')
    .set({ failed_at: sql<Date>`now()`, last_error: error })
    .where('id', '=', id)
    .execute();
}

/** Published rows are only kept for inspection; the broker keeps the event (7 days by default). */
export async function prunePublished(db: Db, olderThanDays: number): Promise<number> {
  const r = await db
    .deleteFrom('event_bus_outbox')
    .where('published_at', '<', sql<Date>`now() - make_interval(days => ${olderThanDays})`)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function outboxCounts(db: Db): Promise<{ pending: number; failed: number; published: number }> {
  const r = await sql<{ pending: number; failed: number; published: number }>`
    select count(*) filter (where published_at is null and failed_at is null)::int as pending,
           count(*) filter (where failed_at is not null)::int as failed,
           count(*) filter (where published_at is not null)::int as published
    from event_bus_outbox`.execute(db);
  return r.rows[0] ?? { pending: 0, failed: 0, published: 0 };
}
