/**
 * The fields VA.gov shows for a prescription (details page VaPrescription.jsx, list card), with
 * VA.gov's "Not available" fallback, as label/value pairs. One list serves the details page, the
 * print view, the text file and the PDF, so they cannot disagree. Browser-safe.
 */
import type { Medication } from './api/medications.js';
import { carrierDisplayName } from './carriers.js';

export const NOT_AVAILABLE = 'Not available';

/** "January 5, 2026" from a calendar date (YYYY-MM-DD) or an ISO timestamp; fallback when missing. */
export function formatLongDate(date: string | null | undefined, fallback = NOT_AVAILABLE): string {
  if (!date) return fallback;
  const d = new Date(date.length === 10 ? `${date}T12:00:00Z` : date);
  if (Number.isNaN(d.getTime())) return fallback;
  return d.toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: date.length === 10 ? 'UTC' : 'America/New_York' });
}

const orNA = (v: string | null | undefined) => (v && v.trim() ? v : NOT_AVAILABLE);

/** Prescription number as shown: hidden (not available) for non-VA, pending and unknown (VA.gov list card). */
export function shownRxNumber(rx: Pick<Medication, 'isNonVa' | 'status' | 'rxNumber'>): string {
  if (rx.isNonVa || rx.status === 'unknown' || rx.status === 'pending_new' || rx.status === 'pending_renewal') return NOT_AVAILABLE;
  return rx.rxNumber;
}

export type Field = [label: string, value: string];

/** VA.gov details page fields, in its order. */
export function detailFields(rx: Medication): Field[] {
  const oracle = rx.facility.ehr === 'oracle_health';
  const fields: Field[] = [
    ['Prescription number', shownRxNumber(rx)],
    ['Status', rx.statusLabel],
    ['Refills left', rx.isNonVa ? NOT_AVAILABLE : String(rx.refillsRemaining)],
    ['Request refills by this prescription expiration date', formatLongDate(rx.expirationDate)],
    ['Facility', orNA(rx.facility.name)],
    ['Pharmacy phone number', oracle ? 'Check your prescription label or contact your VA facility.' : orNA(rx.facility.phone)],
    ['Instructions', orNA(rx.instructions)],
  ];
  // VA.gov shows "Reason for use" for VistA prescriptions only.
  if (!oracle) fields.push(['Reason for use', orNA(rx.reasonForUse)]);
  fields.push(
    ['Quantity', rx.isNonVa || rx.quantity === 0 ? NOT_AVAILABLE : String(rx.quantity)],
    ['Prescribed on', formatLongDate(rx.issueDate)],
    ['Prescribed by', orNA(rx.prescriber?.name)],
  );
  return fields;
}

/** What the list card and the exported list show per prescription (VA.gov hides the number for non-VA, pending and unknown). */
export function listFields(rx: Medication): Field[] {
  const number = shownRxNumber(rx);
  const fields: Field[] = [
    ...(number === NOT_AVAILABLE ? [] : [['Prescription number', number] as Field]),
    ['Status', rx.statusLabel],
    ['Last filled on', rx.lastFillDate ? formatLongDate(rx.lastFillDate) : 'Not filled yet'],
  ];
  if (rx.shippedAt) fields.push(['Shipped on', formatLongDate(rx.shippedAt)]);
  fields.push(['Refills left', rx.isNonVa ? NOT_AVAILABLE : String(rx.refillsRemaining)], ['Facility', orNA(rx.facility.name)]);
  return fields;
}

export interface TrackingLike {
  trackingNumber: string;
  carrier: string | null;
  shippedAt: string | null;
  otherPrescriptions: Array<{ rxLast4: string; medicationName: string }>;
}

export function trackingFields(t: TrackingLike): Field[] {
  return [
    ['Tracking number', t.trackingNumber],
    ['Delivery service', carrierDisplayName(t.carrier) ?? NOT_AVAILABLE],
    ['Shipped on', formatLongDate(t.shippedAt)],
  ];
}
