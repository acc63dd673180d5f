/**
 * SQL for shipments, their items and their e-mail row. Set-based (unnest) so a batch of dispense
 * events costs a handful of statements, not a few per event.
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/pool.js';
import type { EmailStatus } from './email-status.js';
import type { EmailSender } from '../tracking.tables.js';

export interface ShipmentKeyInput {
  patientIcn: string;
  trackingNumber: string;
  carrier: string | null;
  stationNumber: string;
  shippedAt: Date | null;
}

export interface ShipmentRef {
  id: string;
  patient_icn: string;
  tracking_number: string;
  email_sender: EmailSender;
  email_status: EmailStatus;
}

/**
 * Create missing shipments with their e-mail row, the sender decided now from the station's
 * cut-over state (cutover.ts): rxbridge → pending (sent after the grouping window); legacy →
 * suppressed (MHV e-mails it); cut-over pending, or a station nobody configured → held, visible on
 * the ops page until the station's decision releases it one way. Then return every requested shipment.
 */
export async function upsertShipments(tx: Tx, rows: ShipmentKeyInput[]): Promise<ShipmentRef[]> {
  // One statement creates the missing shipments and their e-mail rows and returns them; only the
  // shipments that already existed (or were created meanwhile by a concurrent batch: the insert
  // waited for it and skipped them) are looked up, in a second statement that sees them.
  const created = await sql<ShipmentRef>`
    with input as (
      select distinct on (icn, trk) icn, trk, carrier, station, shipped
      from unnest(${rows.map((r) => r.patientIcn)}::text[], ${rows.map((r) => r.trackingNumber)}::text[],
                  ${rows.map((r) => r.carrier)}::text[], ${rows.map((r) => r.stationNumber)}::text[],
                  ${rows.map((r) => r.shippedAt)}::timestamptz[]) as t(icn, trk, carrier, station, shipped)
      order by icn, trk, shipped nulls last
    )
    , decided as (
      select i.*, case when c.state = 'rxbridge' then 'send' when c.state = 'legacy' then 'legacy'
                       when c.state = 'cutover-pending' then 'held-pending' else 'held-unconfigured' end as decision
      from input i left join station_cutover c on c.station_number = i.station
    ), ins as (
      insert into shipments (patient_icn, tracking_number, carrier, station_number, shipped_at, email_sender)
      select icn, trk, carrier, station, shipped, case when decision = 'legacy' then 'mhv_legacy' else 'va_notify' end
      from decided
      on conflict (patient_icn, tracking_number) do nothing
      returning id, patient_icn, tracking_number, email_sender
    ), emails as (
      insert into shipment_emails (shipment_id, status, status_reason)
      select ins.id, case d.decision when 'send' then 'pending' when 'legacy' then 'suppressed' else 'held' end,
             case d.decision when 'send' then null when 'legacy' then 'Station uses legacy MHV e-mails'
                  when 'held-pending' then 'Held: station cut-over pending (MHV may still be sending)'
                  else 'Held: station not configured for e-mails' end
      from ins join decided d on d.icn = ins.patient_icn and d.trk = ins.tracking_number
      returning shipment_id, status
    )
    select ins.id, ins.patient_icn, ins.tracking_number, ins.email_sender, e.status as email_status
    from ins join emails e on e.shipment_id = ins.id`.execute(tx);
  const have = new Set(created.rows.map((s) => `${s.patient_icn}\u0000${s.tracking_number}`));
  const missing = rows.filter((r) => !have.has(`${r.patientIcn}\u0000${r.trackingNumber}`));
  if (missing.length === 0) return created.rows;
  const found = await sql<ShipmentRef>`
    select s.id, s.patient_icn, s.tracking_number, s.email_sender, e.status as email_status
    from shipments s join shipment_emails e on e.shipment_id = s.id
    where (s.patient_icn, s.tracking_number) in (
      select * from unnest(${missing.map((r) => r.patientIcn)}::text[], ${missing.map((r) => r.trackingNumber)}::text[]))`.execute(tx);
  return [...created.rows, ...found.rows];
}

export interface ShipmentItemInput {
  shipmentId: string;
  eventId: string;
  stationNumber: string;
  rxLast4: string;
  drugName: string;
  late: boolean;
}

/** Insert items, ignoring ones already stored (same event id); returns the shipment id of each new item. */
export async function insertShipmentItems(tx: Tx, items: ShipmentItemInput[]): Promise<string[]> {
  const res = await sql<{ shipment_id: string }>`
    insert into shipment_items (shipment_id, event_id, station_number, rx_last4, drug_name, late)
    select * from unnest(${items.map((i) => i.shipmentId)}::uuid[], ${items.map((i) => i.eventId)}::text[],
                         ${items.map((i) => i.stationNumber)}::text[], ${items.map((i) => i.rxLast4)}::text[],
                         ${items.map((i) => i.drugName)}::text[], ${items.map((i) => i.late)}::boolean[])
    on conflict (event_id) do nothing
    returning shipment_id`.execute(tx);
  return res.rows.map((r) => r.shipment_id);
}

export interface ShipmentForSend {
  emailId: string;
  shipmentId: string;
  patientIcn: string;
  trackingNumber: string;
  carrier: string | null;
  shippedAt: Date | null;
  items: Array<{ rxNumber: string; drugName: string }>;
}

/**
 * The ShipmentForSend columns of shipment `s` and its e-mail `e` (items in item order), for a
 * select that has both in scope: the send claims (shipment-emails.dao.ts) return them with the claim.
 */
export const SHIPMENT_FOR_SEND_COLUMNS = sql`e.id as "emailId", s.id as "shipmentId", s.patient_icn as "patientIcn", s.tracking_number as "trackingNumber",
  s.carrier, s.shipped_at as "shippedAt",
  coalesce((select json_agg(json_build_object('rxNumber', i.rx_last4, 'drugName', i.drug_name) order by i.id)
              from shipment_items i where i.shipment_id = s.id), '[]'::json) as items`;
