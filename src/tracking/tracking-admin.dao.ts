/** SQL behind the ops views of tracking: message review, station senders, status counts. */
import { sql } from 'kysely';
import type { Db } from '../platform/db/pool.js';
import type { EmailSender, MessageStatus } from './tracking.tables.js';

export async function listMessages(db: Db, status: MessageStatus | undefined, limit: number) {
  let q = db
    .selectFrom('dispense_messages')
    .select(['id', 'received_at', 'source', 'format', 'status', 'error_code', 'error_message', 'error_location', 'warnings', 'events_count', 'duplicate_count', 'replay_count', 'processed_at'])
    .orderBy('id', 'desc')
    .limit(limit);
  if (status) q = q.where('status', '=', status);
  return q.execute();
}

export async function listStationSenders(db: Db) {
  return db.selectFrom('station_email_senders').selectAll().orderBy('station_number').execute();
}

/** Upsert the station's sender and append to its history, in one transaction. */
export async function setStationSender(db: Db, station: string, sender: EmailSender, changedBy: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('station_email_senders')
      .values({ station_number: station, sender, changed_by: changedBy })
      .onConflict((oc) => oc.column('station_number').doUpdateSet({ sender, changed_by: changedBy, changed_at: sql<Date>`now()` }))
      .execute();
    await tx.insertInto('station_email_sender_history').values({ station_number: station, sender, changed_by: changedBy }).execute();
  });
}

export async function shipmentEmailSummary(db: Db) {
  const [emails, messages, aal] = await Promise.all([
    db.selectFrom('shipment_emails').select(['status', db.fn.countAll<number>().as('count')]).groupBy('status').execute(),
    db.selectFrom('dispense_messages').select(['status', db.fn.countAll<number>().as('count')]).groupBy('status').execute(),
    db.selectFrom('aal_events').select(['status', db.fn.countAll<number>().as('count')]).groupBy('status').execute(),
  ]);
  const obj = (rows: Array<{ status: string; count: number | string | bigint }>) => Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
  return { shipmentEmails: obj(emails), messages: obj(messages), aalEvents: obj(aal) };
}

/** Recent shipments with their e-mail and AAL state (no patient identifiers: ops do not need them). */
export async function listShipments(db: Db, status: string | undefined, limit: number) {
  let q = db
    .selectFrom('shipments as s')
    .innerJoin('shipment_emails as e', 'e.shipment_id', 's.id')
    .leftJoin('aal_events as a', 'a.shipment_email_id', 'e.id')
    .select((eb) => [
      's.id', 's.station_number', 's.tracking_number', 's.carrier', 's.shipped_at', 's.email_sender', 's.created_at',
      'e.status as email_status', 'e.status_reason', 'e.notification_id', 'e.attempts', 'e.last_error',
      'a.status as aal_status', 'a.last_error as aal_error',
      eb.selectFrom('shipment_items as i').whereRef('i.shipment_id', '=', 's.id').select(eb.fn.countAll<number>().as('n')).as('items'),
    ])
    .orderBy('s.created_at', 'desc')
    .limit(limit);
  if (status) q = q.where('e.status', '=', status as never);
  return (await q.execute()).map((r) => ({ ...r, items: Number(r.items) }));
}
