/**
 * The prefilled renewal request (pure): what the message editor shows when a Veteran arrives from
 * Medications' "Send a renewal request message" link. The Veteran can edit all of it before sending.
 *
 * Included (what a care team needs to act without looking the Veteran up): medication name, Rx
 * number, last fill date, quantity, prescriber and facility. Excluded on purpose: see
 * PREFILL_EXCLUDED_FIELDS — identifiers that are either secret (SSN), useless to the reader
 * (internal ids), or already attached to the message by the system (the ICN/patient identity).
 * Missing values are left out rather than shown blank; nothing is guessed.
 */
import { BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH, type CategoryValue } from '../shared/message-rules.js';

export interface PrefillPrescription {
  name: string;
  rxNumber: string;
  /** YYYY-MM-DD, or null if never filled. */
  lastFillDate: string | null;
  quantity: number | null;
  prescriber: { name: string } | null;
  facility: { name: string } | null;
}

export interface RenewalPrefill {
  category: CategoryValue;
  subject: string;
  body: string;
}

/** What the prefill contains, in order: the label written into the body and where the value comes from. */
export const PREFILL_INCLUDED_FIELDS = [
  { label: 'Medication', source: 'name' },
  { label: 'Prescription number', source: 'rxNumber' },
  { label: 'Last filled', source: 'lastFillDate' },
  { label: 'Quantity', source: 'quantity' },
  { label: 'Prescriber', source: 'prescriber.name' },
  { label: 'Facility', source: 'facility.name' },
] as const;
type IncludedSource = (typeof PREFILL_INCLUDED_FIELDS)[number]['source'];

/** What the prefill never contains, and why (written into the Product Guide). */
export const PREFILL_EXCLUDED_FIELDS = [
  { field: 'ssn', reason: 'Never sent in messages; care teams identify the Veteran from the signed-in account.' },
  { field: 'icn', reason: 'Internal VA identifier; the message is already linked to the Veteran’s record.' },
  { field: 'dateOfBirth', reason: 'Identity details are not needed to act on a renewal.' },
  { field: 'prescriptionId', reason: 'Internal id; stored with the message as the renewal flag, not written into the text.' },
  { field: 'patientId', reason: 'Internal id.' },
  { field: 'prescriberId', reason: 'Internal id; the prescriber’s name is included instead.' },
  { field: 'instructions', reason: 'Dosing instructions are on the prescription the care team reviews; repeating them invites mismatches.' },
] as const;

const SUBJECT_PREFIX = 'Renewal request: ';
/** A single value longer than this is cut, so the body always stays within BODY_MAX_LENGTH. */
const MAX_VALUE_LENGTH = 200;

/** Cut `text` to `max` characters, ending with an ellipsis when anything was removed. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).trimEnd()}…`;
}

/** "March 3, 2026" from "2026-03-03" (UTC, so the calendar date never shifts). */
export function formatLongDate(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

const clean = (value: string | null | undefined): string | null => {
  const v = value?.replace(/\s+/g, ' ').trim();
  return v ? truncate(v, MAX_VALUE_LENGTH) : null;
};

export function buildRenewalPrefill(rx: PrefillPrescription): RenewalPrefill {
  const name = clean(rx.name);
  const subject = name ? truncate(`${SUBJECT_PREFIX}${name}`, SUBJECT_MAX_LENGTH) : SUBJECT_PREFIX.replace(/: $/, '');

  const values: Record<IncludedSource, string | null> = {
    name,
    rxNumber: clean(rx.rxNumber),
    lastFillDate: rx.lastFillDate ? formatLongDate(rx.lastFillDate) : null,
    quantity: rx.quantity === null || !Number.isFinite(rx.quantity) ? null : String(rx.quantity),
    'prescriber.name': clean(rx.prescriber?.name),
    'facility.name': clean(rx.facility?.name),
  };
  const lines = PREFILL_INCLUDED_FIELDS.filter((f) => values[f.source] !== null).map((f) => `${f.label}: ${values[f.source]}`);
  const body = [
    'Hello,',
    '',
    'I’d like to renew this prescription. Please send the renewal to my VA pharmacy.',
    '',
    ...lines,
    '',
    'Thank you.',
  ].join('\n');
  return { category: 'MEDICATIONS', subject, body: truncate(body, BODY_MAX_LENGTH) };
}
