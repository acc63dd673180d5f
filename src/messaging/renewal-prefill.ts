/**
 * The prefilled renewal request (pure): what the message editor shows when a Veteran arrives from
 * Medications' "Send a renewal request message" link. The Veteran can edit the body before sending;
 * the category is locked to Medication, as on VA.gov.
 *
 * Follows VA.gov (vets-website mhv-secure-messaging util/helpers.js buildRxRenewalMessageBody and
 * ComposeForm.jsx): subject "Renewal Needed", category Medication, and nine "Label: value" lines in
 * VA.gov's order, each with VA.gov's fallback when the value is missing. When the prescription cannot
 * be loaded at all, every label stays and every value is blank, so the Veteran fills them in; the
 * editor then shows the "Add your medication information to this message" warning and the other hint.
 *
 * Included: what providers asked for in VA.gov's research (instructions, last fill date) and what a
 * care team needs to find the prescription without looking the Veteran up. Excluded on purpose: see
 * PREFILL_EXCLUDED_FIELDS.
 */
import { BODY_MAX_LENGTH, type CategoryValue } from '../shared/message-rules.js';

export interface PrefillPrescription {
  name: string | null;
  rxNumber: string | null;
  /** The sig, e.g. "TAKE ONE TABLET BY MOUTH DAILY". */
  instructions: string | null;
  prescriber: { name: string } | null;
  refillsRemaining: number | null;
  /** YYYY-MM-DD. */
  expirationDate: string | null;
  reasonForUse: string | null;
  /** YYYY-MM-DD, or null if never filled. */
  lastFillDate: string | null;
  quantity: number | null;
}

/** 'loaded': values from the prescription; 'unavailable': it could not be loaded, labels only. */
export type PrefillState = 'loaded' | 'unavailable';

export interface RenewalPrefill {
  category: CategoryValue;
  subject: string;
  body: string;
  state: PrefillState;
}

/** VA.gov's fixed subject for a renewal draft (ComposeForm). */
export const RENEWAL_SUBJECT = 'Renewal Needed';
/** VA.gov's locked category (LockedCategoryDisplay shows "Medication"). */
export const RENEWAL_CATEGORY: CategoryValue = 'MEDICATIONS';

export { PREFILL_TEXT } from '../shared/secure-messaging-text.js';

/** The nine lines, in VA.gov's order: label, where the value comes from, and the text when it is missing. */
export const PREFILL_INCLUDED_FIELDS = [
  { label: 'Medication name, strength, and form', source: 'name', fallback: '' },
  { label: 'Prescription number', source: 'rxNumber', fallback: 'Prescription number not available' },
  { label: 'Instructions', source: 'instructions', fallback: 'Instructions not available' },
  { label: 'Provider who prescribed it', source: 'prescriber.name', fallback: 'Provider name not available' },
  { label: 'Number of refills left', source: 'refillsRemaining', fallback: 'Number of refills left not available' },
  { label: 'Prescription expiration date', source: 'expirationDate', fallback: 'Date not available' },
  { label: 'Reason for use', source: 'reasonForUse', fallback: 'Reason for use not available' },
  { label: 'Last filled on', source: 'lastFillDate', fallback: 'Not filled yet' },
  { label: 'Quantity', source: 'quantity', fallback: 'Quantity not available' },
] as const;
type IncludedSource = (typeof PREFILL_INCLUDED_FIELDS)[number]['source'];

/** What the prefill never contains, and why (written into the Product Guide). */
export const PREFILL_EXCLUDED_FIELDS = [
  { field: 'ssn', reason: 'Never written into messages; the care team identifies the Veteran from the signed-in account the message comes from.' },
  { field: 'icn', reason: 'Internal VA identifier; the conversation is already linked to the Veteran’s record.' },
  { field: 'dateOfBirth', reason: 'Identity detail a renewal does not need; the message is already tied to the Veteran.' },
  { field: 'address', reason: 'Where to ship comes from VA Profile at dispense time; a copy in a message goes stale and exposes PHI.' },
  { field: 'phone / email', reason: 'Contact details live in VA Profile; the care team answers in Secure Messaging.' },
  { field: 'facility', reason: 'The Veteran picks a care team at a facility; VA.gov’s prefill has no facility line either.' },
  { field: 'status', reason: 'Changes with every fill; the care team sees the current status in the pharmacy system.' },
  { field: 'daysSupply', reason: 'Not in VA.gov’s prefill; quantity and instructions carry what the provider asked for.' },
  { field: 'prescriptionId', reason: 'Internal id; stored with the conversation as the renewal flag, not written into the text.' },
  { field: 'patientId / prescriberId', reason: 'Internal ids; the prescriber’s name is included instead.' },
] as const;

/** A single value longer than this is cut, so the body always stays within BODY_MAX_LENGTH. */
const MAX_VALUE_LENGTH = 200;

/** Cut `text` to `max` characters, ending with an ellipsis when anything was removed. */
/** Cut to at most `max` code points (the one length rule, src/shared/text.ts), never splitting a character. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

/** "March 3, 2026" from "2026-03-03" (UTC, so the calendar date never shifts); null for a bad date. */
export function formatLongDate(date: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) return null; // e.g. 2026-02-30
  return d.toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

const clean = (value: string | null | undefined): string | null => {
  const v = value?.replace(/\s+/g, ' ').trim();
  return v ? truncate(v, MAX_VALUE_LENGTH) : null;
};
const count = (n: number | null): string | null => (n === null || !Number.isFinite(n) || n < 0 ? null : String(n));

/**
 * The prefilled renewal request; `loaded` null = the prescription could not be loaded (labels, blank
 * values). As on VA.gov (actions/prescription.js), a prescription without a name or a prescription
 * number counts as not loaded.
 */
export function buildRenewalPrefill(loaded: PrefillPrescription | null): RenewalPrefill {
  const rx = loaded && clean(loaded.name) && clean(loaded.rxNumber) ? loaded : null;
  const values: Record<IncludedSource, string | null> | null = rx && {
    name: clean(rx.name),
    rxNumber: clean(rx.rxNumber),
    instructions: clean(rx.instructions),
    'prescriber.name': clean(rx.prescriber?.name),
    refillsRemaining: count(rx.refillsRemaining),
    expirationDate: rx.expirationDate ? formatLongDate(rx.expirationDate) : null,
    reasonForUse: clean(rx.reasonForUse),
    lastFillDate: rx.lastFillDate ? formatLongDate(rx.lastFillDate) : null,
    quantity: count(rx.quantity),
  };
  const lines = PREFILL_INCLUDED_FIELDS.map((f) => `${f.label}: ${values ? (values[f.source] ?? f.fallback) : ''}`);
  return {
    category: RENEWAL_CATEGORY,
    subject: RENEWAL_SUBJECT,
    body: truncate(lines.join('\n'), BODY_MAX_LENGTH),
    state: values ? 'loaded' : 'unavailable',
  };
}
