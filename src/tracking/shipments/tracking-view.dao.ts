/**
 * What a Veteran sees about a prescription's latest shipment (Medications detail page): tracking
 * number, carrier, ship date, and the other prescriptions in the same package. Scoped by the
 * signed-in patient's id, so nobody can read another Veteran's shipments.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/pool.js';
import { carrierDisplay } from '../../shared/carriers.js';

export interface PrescriptionTracking {
  trackingNumber: string;
  /** Carrier display name (USPS, UPS, FedEx, DHL, …); null when CMOP's code is not one we know. */
  carrier: string | null;
  /** The carrier's tracking page (DHL, FedEx, UPS, USPS), as VA.gov's TrackingInfo links it. */
  trackingUrl: string | null;
  shippedAt: string | null;
  otherPrescriptions: Array<{ rxLast4: string; medicationName: string }>;
}

export async function latestTracking(db: Db, patientId: string, stationNumber: string, rxNumber: string): Promise<PrescriptionTracking | null> {
  const latest = await sql<{ shipment_id: string; tracking_number: string; carrier: string | null; shipped_at: Date | null }>`
    select s.id as shipment_id, s.tracking_number, s.carrier, coalesce(de.shipped_at, de.dispensed_at, s.shipped_at) as shipped_at
      from patients p
      join dispense_events de on de.patient_icn = p.icn
      join shipments s on s.patient_icn = de.patient_icn and s.tracking_number = de.tracking_number
     where p.id = ${patientId} and de.station_number = ${stationNumber} and de.rx_number = ${rxNumber} and de.status = 'dispensed'
     order by coalesce(de.shipped_at, de.dispensed_at) desc nulls last, de.id desc
     limit 1`.execute(db);
  const row = latest.rows[0];
  if (!row) return null;
  const others = await sql<{ rx_last4: string; drug_name: string }>`
    select rx_last4, drug_name from shipment_items
     where shipment_id = ${row.shipment_id} and event_id not like ${`${stationNumber}:${rxNumber}:%`}
     order by drug_name`.execute(db);
  const carrier = carrierDisplay(row.carrier, row.tracking_number);
  return {
    trackingNumber: row.tracking_number,
    carrier: carrier.name,
    trackingUrl: carrier.trackingUrl,
    shippedAt: row.shipped_at ? new Date(row.shipped_at).toISOString() : null,
    otherPrescriptions: others.rows.map((o) => ({ rxLast4: o.rx_last4, medicationName: o.drug_name })),
  };
}

/**
 * Ship date of each prescription's latest package (Medications list card: "Shipped on <date>"),
 * for a set of prescriptions in one query (refill page, exports). Keys are
 * `${stationNumber}:${rxNumber}`; scoped by the signed-in patient's id like latestTracking.
 * The list page reads the same value inside its own query (latestShipDateSql).
 */
export async function latestShipDates(
  db: Db,
  patientId: string,
  prescriptions: Array<{ stationNumber: string; rxNumber: string }>,
): Promise<Map<string, string>> {
  if (prescriptions.length === 0) return new Map();
  const stations = prescriptions.map((p) => p.stationNumber);
  const rxNumbers = prescriptions.map((p) => p.rxNumber);
  const res = await sql<{ station_number: string; rx_number: string; shipped_at: Date | null }>`
    select x.station_number, x.rx_number, ${latestShipDateSql(patientId, sql.ref('x.station_number'), sql.ref('x.rx_number'))} as shipped_at
      from unnest(${stations}::text[], ${rxNumbers}::text[]) as x(station_number, rx_number)`.execute(db);
  const out = new Map<string, string>();
  for (const r of res.rows) if (r.shipped_at) out.set(`${r.station_number}:${r.rx_number}`, new Date(r.shipped_at).toISOString());
  return out;
}

/**
 * SQL for one prescription's latest ship date, as a scalar subquery to put in another query's
 * select list (the Medications list reads its page, its counts and its ship dates in one
 * statement). The latest dispense of the Rx at that station for this patient (by ship date, else
 * dispense date, then newest event), its ship date falling back to the dispense date and then the
 * shipment's. One probe of dispense_events_shipped_idx per prescription (migration 0012); the
 * patient is matched by ICN, looked up once per statement.
 */
export function latestShipDateSql(patientId: string, stationNumber: RawBuilder<unknown>, rxNumber: RawBuilder<unknown>): RawBuilder<Date | null> {
  return sql<Date | null>`(
    select coalesce(de.shipped_at, de.dispensed_at, s.shipped_at)
      from dispense_events de
      join shipments s on s.patient_icn = de.patient_icn and s.tracking_number = de.tracking_number
     where de.station_number = ${stationNumber} and de.rx_number = ${rxNumber} and de.status = 'dispensed'
       and de.patient_icn = (select p.icn from patients p where p.id = ${patientId})
     order by coalesce(de.shipped_at, de.dispensed_at) desc nulls last, de.id desc
     limit 1)`;
}
