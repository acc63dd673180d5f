/**
 * What the shipment e-mail says (VA Notify template personalisation). Pure.
 *
 * Included: carrier, tracking number, ship date, and each prescription as the last 4 digits of its
 * Rx number with the drug name (seed: "Tracking number(s), Rx number last 4"). Excluded: full Rx
 * numbers, ICN, SSN, DFN, quantities, NDCs. The recipient is identified by ICN
 * (`recipient_identifier`), so VA Notify looks up the address and enforces the Veteran's
 * communication permission for "Prescription shipment and tracking updates" (item 4).
 * The carrier is shown by name (never CMOP's raw code, src/shared/carriers.ts), with the carrier's
 * tracking link for DHL, FedEx, UPS and USPS as VA.gov's TrackingInfo links them.
 */
import { carrierDisplay } from '../../shared/carriers.js';

export interface ShipmentForEmail {
  trackingNumber: string;
  carrier: string | null;
  shippedAt: Date | null;
  items: Array<{ rxNumber: string; drugName: string }>;
}

/** Last 4 characters of an Rx number ("2719536" → "9536"; shorter numbers are kept whole). */
export function rxLast4(rxNumber: string): string {
  return rxNumber.slice(-4);
}

// One formatter for every e-mail: toLocaleDateString with options builds a new Intl formatter on
// each call, which was the largest single item of the send job's own code (bench:pipeline profile).
const SHIP_DATE = new Intl.DateTimeFormat('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'America/New_York' });

export function formatShipDate(d: Date | null): string {
  if (!d) return 'recently';
  return SHIP_DATE.format(d);
}

/** Personalisation for the Rx shipment template; every value is a string as VA Notify requires. */
export function shipmentPersonalisation(s: ShipmentForEmail): Record<string, string> {
  const lines = [...s.items]
    .sort((a, b) => a.drugName.localeCompare(b.drugName) || a.rxNumber.localeCompare(b.rxNumber))
    .map((i) => `* Rx ending in ${rxLast4(i.rxNumber)}: ${i.drugName}`);
  const carrier = carrierDisplay(s.carrier, s.trackingNumber);
  return {
    carrier: carrier.name ?? 'the carrier',
    tracking_number: s.trackingNumber,
    tracking_link: carrier.trackingUrl ? `Track your package with ${carrier.name}: ${carrier.trackingUrl}` : 'Track your package on VA.gov (Medications).',
    shipped_date: formatShipDate(s.shippedAt),
    prescription_count: String(s.items.length),
    prescription_list: lines.join('\n'),
  };
}
