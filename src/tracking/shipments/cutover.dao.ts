/** SQL for the per-station cut-over: state, held e-mails, audit. All inside the caller's transaction. */
import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/pool.js';
import type { CutoverState } from './cutover.js';

export async function lockStationState(tx: Tx, station: string): Promise<CutoverState> {
  const row = await tx.selectFrom('station_cutover').select('state').where('station_number', '=', station).forUpdate().executeTakeFirst();
  return row?.state ?? 'unconfigured';
}

export async function writeStationState(
  tx: Tx,
  station: string,
  to: Exclude<CutoverState, 'unconfigured'>,
  by: string,
  confirmation: { mhvSendingOffAt: Date } | null,
): Promise<void> {
  const confirm = confirmation ? { mhv_sending_off_at: confirmation.mhvSendingOffAt, mhv_off_confirmed_by: by, mhv_off_confirmed_at: sql<Date>`now()` } : {};
  await tx
    .insertInto('station_cutover')
    .values({
      station_number: station,
      state: to,
      changed_by: by,
      ...confirm,
      ...(to === 'legacy' ? { mhv_sending_off_at: null, mhv_off_confirmed_by: null, mhv_off_confirmed_at: null } : {}),
    })
    .onConflict((oc) =>
      oc.column('station_number').doUpdateSet({
        state: to,
        changed_by: by,
        changed_at: sql<Date>`now()`,
        ...confirm,
        ...(to === 'legacy' ? { mhv_sending_off_at: null, mhv_off_confirmed_by: null, mhv_off_confirmed_at: null } : {}),
      }),
    )
    .execute();
  if (to !== 'cutover-pending') {
    // The effective sender (its trigger keeps station_cutover equal) and its history.
    const sender = to === 'rxbridge' ? 'va_notify' : 'mhv_legacy';
    await tx
      .insertInto('station_email_senders')
      .values({ station_number: station, sender, changed_by: by })
      .onConflict((oc) => oc.column('station_number').doUpdateSet({ sender, changed_by: by, changed_at: sql<Date>`now()` }))
      .execute();
    await tx.insertInto('station_email_sender_history').values({ station_number: station, sender, changed_by: by }).execute();
  }
}

/** Held e-mails of the station created at/after `from` → pending; returns their shipment ids (to enqueue). */
export async function releaseHeldToRxbridge(tx: Tx, station: string, from: Date): Promise<string[]> {
  const r = await sql<{ shipment_id: string }>`
    update shipment_emails e set status = 'pending', status_reason = null
      from shipments s
     where s.id = e.shipment_id and s.station_number = ${station} and e.status = 'held' and s.created_at >= ${from}
    returning e.shipment_id`.execute(tx);
  return r.rows.map((x) => x.shipment_id);
}

/** Every (remaining) held e-mail of the station → legacy MHV (suppressed here; MHV's e-mail covers it). */
export async function releaseHeldToLegacy(tx: Tx, station: string, reason: string): Promise<number> {
  const r = await sql<{ id: string }>`
    with released as (
      update shipment_emails e set status = 'suppressed', status_reason = ${reason}, completed_at = now()
        from shipments s
       where s.id = e.shipment_id and s.station_number = ${station} and e.status = 'held'
      returning e.id, e.shipment_id
    ), sender as (update shipments set email_sender = 'mhv_legacy' where id in (select shipment_id from released) returning id)
    select id from released`.execute(tx);
  return r.rows.length;
}

export async function insertCutoverAudit(
  tx: Tx,
  a: { station: string; action: string; from: string; to: string; mhvSendingOffAt: Date | null; sent: number; legacy: number; by: string },
): Promise<void> {
  await tx
    .insertInto('station_cutover_audit')
    .values({
      station_number: a.station,
      action: a.action,
      from_state: a.from,
      to_state: a.to,
      mhv_sending_off_at: a.mhvSendingOffAt,
      sent_by_rxbridge: a.sent,
      released_to_legacy: a.legacy,
      changed_by: a.by,
    })
    .execute();
}

/** Every station with a state or with held shipments ("unconfigured, N shipments waiting"), plus recent audit. */
export async function listCutover(db: Db) {
  const stations = await sql<{
    station_number: string;
    state: CutoverState;
    held: number;
    oldest_held_at: Date | null;
    mhv_sending_off_at: Date | null;
    mhv_off_confirmed_by: string | null;
    mhv_off_confirmed_at: Date | null;
    changed_by: string | null;
    changed_at: Date | null;
  }>`
    with held as (
      select s.station_number, count(*)::int as held, min(s.created_at) as oldest
        from shipment_emails e join shipments s on s.id = e.shipment_id where e.status = 'held' group by s.station_number
    )
    select coalesce(c.station_number, h.station_number) as station_number, coalesce(c.state, 'unconfigured') as state,
           coalesce(h.held, 0) as held, h.oldest as oldest_held_at, c.mhv_sending_off_at, c.mhv_off_confirmed_by, c.mhv_off_confirmed_at,
           c.changed_by, c.changed_at
      from station_cutover c full join held h on h.station_number = c.station_number
     order by 1`.execute(db);
  const audit = await db.selectFrom('station_cutover_audit').selectAll().orderBy('id', 'desc').limit(50).execute();
  return { stations: stations.rows, audit };
}
