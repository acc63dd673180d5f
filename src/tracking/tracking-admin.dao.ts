/** SQL behind the ops views of tracking: message review, station senders, status counts. */
import { sql } from 'kysely';
import type { Db } from '../platform/db/pool.js';
import type { MessageStatus } from './tracking.tables.js';

export async function listMessages(db: Db, status: MessageStatus | undefined, limit: number) {
  let q = db
    .selectFrom('dispense_messages')
    .select([
      'id',
      'received_at',
      'source',
      'format',
      'status',
      'error_code',
      'error_message',
      'error_location',
      'warnings',
      'events_count',
      'duplicate_count',
      'replay_count',
      'processed_at',
    ])
    .orderBy('id', 'desc')
    .limit(limit);
  if (status) q = q.where('status', '=', status);
  return q.execute();
}

export async function listStationSenders(db: Db) {
  return db.selectFrom('station_email_senders').selectAll().orderBy('station_number').execute();
}

export async function shipmentEmailSummary(db: Db) {
  const [emails, messages, aal] = await Promise.all([
    db
      .selectFrom('shipment_emails')
      .select(['status', db.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute(),
    db
      .selectFrom('dispense_messages')
      .select(['status', db.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute(),
    db
      .selectFrom('aal_events')
      .select(['status', db.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute(),
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
      's.id',
      's.station_number',
      's.tracking_number',
      's.carrier',
      's.shipped_at',
      's.email_sender',
      's.created_at',
      'e.status as email_status',
      'e.status_reason',
      'e.notification_id',
      'e.attempts',
      'e.last_error',
      'a.status as aal_status',
      'a.last_error as aal_error',
      eb.selectFrom('shipment_items as i').whereRef('i.shipment_id', '=', 's.id').select(eb.fn.countAll<number>().as('n')).as('items'),
    ])
    .orderBy('s.created_at', 'desc')
    .limit(limit);
  if (status) q = q.where('e.status', '=', status as never);
  return (await q.execute()).map((r) => ({ ...r, items: Number(r.items) }));
}

/**
 * The pipeline at a glance, by the database clock: per status of messages, e-mails and AAL events,
 * how many and how old the oldest is (seconds).
 */
export async function pipelineOverview(db: Db) {
  const q = (table: string, ts: string) =>
    sql<{ status: string; count: number; oldest_age_seconds: number | null }>`
      select status, count(*)::int as count, extract(epoch from now() - min(${sql.ref(ts)}))::float8 as oldest_age_seconds
        from ${sql.table(table)} group by status order by status`.execute(db);
  const [messages, emails, aal] = await Promise.all([q('dispense_messages', 'received_at'), q('shipment_emails', 'created_at'), q('aal_events', 'created_at')]);
  return { messages: messages.rows, shipmentEmails: emails.rows, aalEvents: aal.rows };
}

/** Soft-failed e-mails (temporary-failure) with every notification sent and the operator re-sends. */
export async function listSoftFailedEmails(db: Db, limit: number) {
  const rows = await sql<{
    id: string;
    station_number: string;
    status: string;
    status_reason: string | null;
    attempts: number;
    resends: number;
    updated_at: Date;
    notifications: number;
    operator_resends: number;
  }>`
    select e.id, s.station_number, e.status, e.status_reason, e.attempts, e.resends, e.updated_at,
           (select count(*)::int from shipment_email_notifications n where n.shipment_email_id = e.id) as notifications,
           (select count(*)::int from shipment_email_resend_requests r where r.shipment_email_id = e.id) as operator_resends
      from shipment_emails e join shipments s on s.id = e.shipment_id
     where e.status = 'temporary-failure'
     order by e.updated_at limit ${limit}`.execute(db);
  return rows.rows;
}
