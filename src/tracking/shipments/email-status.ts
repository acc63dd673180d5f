/**
 * Terminology (Rx tracking e-mails)
 *  - Dispense event: one prescription fill leaving a CMOP pharmacy (HL7 RDS^R06 / RRD^O14, or FHIR
 *    MedicationDispense), carrying the carrier and the package tracking number.
 *  - Shipment: one package = one patient (ICN) + one tracking number. Several prescriptions can ship
 *    in one package; they are the shipment's items.
 *  - Shipment e-mail: the one VA Notify e-mail for a shipment. Its status follows VA Notify's
 *    notification; `notification_id` is VA Notify's id, stored the moment the POST returns 201.
 *  - Sender: which system e-mails a station's shipments — rxbridge through VA Notify, or the legacy
 *    MHV backend. Decided once per shipment, so nobody gets two e-mails.
 *  - AAL event: the MHV Account Activity Log entry posted once the e-mail is delivered.
 *
 * This module is the shipment e-mail's closed status set and guarded transitions. The database holds
 * the same table (migrations/0004_tracking.sql) and a trigger enforces it; a test keeps both equal.
 */

export const EMAIL_STATUSES = [
  'held',
  'pending',
  'submitting',
  'created',
  'delivering',
  'delivered',
  'temporary-failure',
  'permanent-failure',
  'rejected',
  'suppressed',
] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/**
 * temporary-failure is NOT terminal: VA Notify's status_reason is "Retryable … Replay the request"
 * (reference A6), so a later delivered / permanent-failure still applies, and rxbridge replays the
 * request (temporary-failure → submitting, a new notification with the same reference).
 */
export const TERMINAL_EMAIL_STATUSES: ReadonlySet<EmailStatus> = new Set(['delivered', 'permanent-failure', 'rejected', 'suppressed']);

export const EMAIL_TRANSITIONS: ReadonlyArray<readonly [EmailStatus, EmailStatus]> = [
  // Held for the station's cut-over decision (cutover.ts): sent by rxbridge, or released to legacy.
  ['held', 'pending'],
  ['held', 'suppressed'],
  ['pending', 'submitting'],
  ['pending', 'suppressed'],
  ['submitting', 'created'],
  ['submitting', 'rejected'],
  ['submitting', 'delivering'],
  ['submitting', 'delivered'],
  ['submitting', 'temporary-failure'],
  ['submitting', 'permanent-failure'],
  ['created', 'delivering'],
  ['created', 'delivered'],
  ['created', 'temporary-failure'],
  ['created', 'permanent-failure'],
  ['delivering', 'delivered'],
  ['delivering', 'temporary-failure'],
  ['delivering', 'permanent-failure'],
  ['temporary-failure', 'delivered'],
  ['temporary-failure', 'permanent-failure'],
  ['temporary-failure', 'submitting'],
];

const allowed = new Set(EMAIL_TRANSITIONS.map(([a, b]) => `${a}>${b}`));

export function isTerminal(status: EmailStatus): boolean {
  return TERMINAL_EMAIL_STATUSES.has(status);
}

/** Whether `from → to` is a real change that the state machine allows. */
export function canTransition(from: EmailStatus, to: EmailStatus): boolean {
  return allowed.has(`${from}>${to}`);
}

/**
 * Map a VA Notify notification status (reference A6) to our e-mail status.
 * `sending`, `pending` and `sent` are in flight. `temporary-failure` is soft (replayed). `failed`,
 * `validation-failed`, `cancelled` and the other non-delivery end states are permanent for us.
 * Unknown values return null: callers log and ignore them rather than guess.
 */
export function fromVaNotifyStatus(status: string): EmailStatus | null {
  switch (status) {
    case 'created':
      return 'created';
    case 'sending':
    case 'pending':
    case 'sent':
    case 'pending-virus-check':
      return 'delivering';
    case 'delivered':
      return 'delivered';
    case 'temporary-failure':
      return 'temporary-failure';
    case 'permanent-failure':
    case 'failed':
    case 'validation-failed':
    case 'virus-scan-failed':
    case 'pii-check-failed':
    case 'returned-letter':
    case 'cancelled':
      return 'permanent-failure';
    default:
      return null;
  }
}
