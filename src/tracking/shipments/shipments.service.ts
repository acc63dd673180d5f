/**
 * Grouping: dispense items → shipments (patient ICN, then tracking number) → one debounced e-mail
 * job per shipment. Both ingest paths end here: the direct path (HL7/FHIR ingest in-process) and
 * the event-bus consumer. Everything happens in the caller's transaction, so an item is stored if
 * and only if its e-mail job is enqueued.
 */
import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/pool.js';
import type { ShipmentItemEvent } from '../dispense-event.js';
import { rxLast4 } from './shipment-email-content.js';
import { insertShipmentItems, upsertShipments } from './shipments.dao.js';
import { sendShipmentEmailJob } from '../tasks/jobs.js';

export async function recordShipmentItems(ctx: AppContext, tx: Tx, events: ShipmentItemEvent[]): Promise<{ newItems: number; duplicates: number }> {
  if (events.length === 0) return { newItems: 0, duplicates: 0 };
  const shipments = await upsertShipments(
    tx,
    events.map((e) => ({
      patientIcn: e.patientIcn,
      trackingNumber: e.trackingNumber,
      carrier: e.carrier,
      stationNumber: e.stationNumber,
      shippedAt: e.shippedAt,
    })),
  );
  const byKey = new Map(shipments.map((s) => [`${s.patient_icn}\u0000${s.tracking_number}`, s]));
  const items = events.map((e) => {
    const shipment = byKey.get(`${e.patientIcn}\u0000${e.trackingNumber}`);
    if (!shipment) throw new Error('shipment upsert returned no row for an item'); // cannot happen: same tx
    return {
      shipmentId: shipment.id,
      eventId: e.eventId,
      stationNumber: e.stationNumber,
      rxLast4: rxLast4(e.rxNumber),
      drugName: e.drugName,
      // The e-mail already went (or was never ours to send): keep the item, do not send again.
      late: shipment.email_status !== 'pending' && shipment.email_sender === 'va_notify',
    };
  });
  const inserted = await insertShipmentItems(tx, items);
  const pendingIds = new Set(shipments.filter((s) => s.email_status === 'pending').map((s) => s.id));
  const toSchedule = [...new Set(inserted)].filter((id) => pendingIds.has(id));
  // The job key is the debounce: every new item of the shipment moves the send to window end.
  await sendShipmentEmailJob.enqueueMany(
    tx,
    toSchedule.map((shipmentId) => ({ shipmentId })),
    { delaySeconds: ctx.config.TRACKING_DEBOUNCE_SECONDS },
  );
  return { newItems: inserted.length, duplicates: events.length - inserted.length };
}
