/**
 * Tracking terminology
 * - Dispense event: one CMOP fill of one prescription leaving the pharmacy (HL7 RDS^R06 / RRD^O14
 *   RXD segment, or a FHIR MedicationDispense). Parsers produce `DispenseEvent`.
 * - Shipment: one parcel, identified by (patient ICN, carrier tracking number). Several dispense
 *   events can share a shipment; the Veteran gets one e-mail per shipment.
 * - Shipment item event: the lean, business-level view of a dispense that grouping needs (and that
 *   the event bus carries). Both the direct path and the Kafka consumer feed these to grouping.
 * - Station: VA facility (3-digit station number, optional suffix) whose pharmacy owns the Rx.
 * - Dispense sink: the one hand-off from ingest (and the event-bus consumer) to shipments. Ingest
 *   never imports shipments: src/tracking/pipeline.ts chooses the sink (grouping, or the outbox).
 */
import type { AppContext } from '../platform/context.js';
import type { Tx } from '../platform/db/pool.js';

/** One dispense as read from an HL7 v2 message or a FHIR MedicationDispense. */
export interface DispenseEvent {
  /** MSH-10 (HL7) or resource id (FHIR) of the message this came from. */
  messageControlId: string;
  /** e.g. "RDS^R06", "RRD^O14", "FHIR:MedicationDispense". */
  messageType: string;
  /** Station that owns the prescription. */
  stationNumber: string;
  patient: {
    /** Integration Control Number (PID-3 type NI); null when the message carries none. */
    icn: string | null;
    /** VistA DFN (PID-3 type PI) and the station that assigned it. */
    dfn: string | null;
    dfnStation: string | null;
  };
  rxNumber: string;
  /** 0 = original fill, 1.. = refills. */
  fillNumber: number;
  drugName: string;
  vaProductId: string | null;
  /** Normalised 11-digit NDC (5-4-2 without dashes) or null. */
  ndc: string | null;
  quantity: number | null;
  dispensedAt: Date | null;
  shippedAt: Date | null;
  carrier: string | null;
  trackingNumber: string | null;
  status: 'dispensed' | 'cancelled';
  cancellationReason: string | null;
  /** Non-fatal oddities found while mapping (unknown carrier code, unparsable date, ...). */
  warnings: string[];
}

/**
 * What grouping needs to know about a dispensed item. Carries no quantities, NDCs or DFNs.
 * `eventId` is stable for the same dispense (station:rx:fill:tracking), so replays are harmless.
 */
export interface ShipmentItemEvent {
  eventId: string;
  patientIcn: string;
  stationNumber: string;
  trackingNumber: string;
  carrier: string | null;
  shippedAt: Date | null;
  rxNumber: string;
  drugName: string;
  /** Control id (MSH-10 / resource id) of the message the dispense came from; carried on the event bus. */
  sourceMessageId?: string | null;
}

/**
 * The hand-off at the seam: new dispensed items, written inside the caller's transaction (ingest's,
 * or the consumer's), so an item exists if and only if the write that caused it commits.
 */
export type DispenseSink = (ctx: AppContext, tx: Tx, items: ShipmentItemEvent[]) => Promise<unknown>;

export function dispenseEventId(e: { stationNumber: string; rxNumber: string; fillNumber: number; trackingNumber: string | null }): string {
  return `${e.stationNumber}:${e.rxNumber}:${e.fillNumber}:${e.trackingNumber ?? ''}`;
}
