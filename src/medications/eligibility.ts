/**
 * Refill vs renewal eligibility — decided on the server, one vocabulary for UI, API and monitoring.
 *
 * Terminology
 *  - Refill: another fill of a prescription that still has refills left and has not expired.
 *    The Veteran requests it in Medications; the pharmacy fills it.
 *  - Renewal: a new prescription from a provider, needed when refills ran out or the prescription
 *    expired recently. There is no direct renewal API; the Veteran sends a Secure Message to their
 *    care team ("Send a renewal request message").
 *  - Renewal window: days after expiration during which a renewal may still be requested (VA.gov: 120).
 *
 * Rules follow VA.gov's public behaviour (and vets-api's gate-by-gate renewability checks):
 * VA-dispensed, filled at least once, not discontinued/transferred, nothing in process, and either
 * active with 0 refills or expired within the window. Every outcome carries a reason code.
 */

import {
  ELIGIBILITY_REASON_CODES,
  PRESCRIPTION_SOURCES,
  PRESCRIPTION_STATUSES,
  type EligibilityReason,
  type PrescriptionSource,
  type PrescriptionStatus,
} from '../shared/api/medications.js';

export { ELIGIBILITY_REASON_CODES, PRESCRIPTION_SOURCES, PRESCRIPTION_STATUSES, type EligibilityReason, type PrescriptionSource, type PrescriptionStatus };

/**
 * Whether the "Send a renewal request message" link may be offered for a renewable prescription
 * from this source. VA.gov shows it for Oracle Health prescriptions only today
 * (isOracleHealthPrescription); rxbridge makes the scope configurable (RENEWAL_LINK_SOURCES),
 * default both. Eligibility itself does not change with the scope.
 */
export function renewalLinkInScope(renewable: boolean, source: PrescriptionSource, scope: readonly PrescriptionSource[]): boolean {
  return renewable && scope.includes(source);
}

/**
 * The plain-language text shown to Veterans (and written into the product guide) for each reason
 * code. Built from the configured renewal window, so the text never disagrees with the rule.
 */
export function eligibilityReasonTexts(renewalWindowDays: number): Record<EligibilityReason, string> {
  return {
    REFILLABLE: 'You can request a refill of this prescription.',
    NO_REFILLS_LEFT: 'You have no refills left. Send a renewal request message to your care team.',
    EXPIRED_WITHIN_RENEWAL_WINDOW: 'This prescription expired recently. Send a renewal request message to your care team.',
    EXPIRED_BEYOND_RENEWAL_WINDOW: `This prescription expired more than ${renewalWindowDays} days ago. Contact your care team if you still need it.`,
    NON_VA: 'This is a non-VA medication. You can’t refill or renew it through VA.',
    NEVER_FILLED: 'This prescription hasn’t been filled yet. You can’t refill or renew it until it has been.',
    REFILL_IN_PROCESS: 'A refill is in process. You can’t request another one right now.',
    REFILL_SUBMITTED: 'A refill request was submitted. You can’t request another one right now.',
    ON_HOLD: 'This prescription is on hold. Call your VA pharmacy for help.',
    SUSPENDED: 'This prescription is scheduled to be filled. You don’t need to request a refill.',
    DISCONTINUED: 'A provider stopped this prescription. You can’t refill or renew it.',
    TRANSFERRED: 'This prescription was moved to another pharmacy system. Manage it there.',
    UNKNOWN_STATUS: 'We can’t tell the status of this prescription. Call your VA pharmacy for help.',
    PENDING_NEW: 'This is a new prescription from your provider. Your VA pharmacy is reviewing it now. Details may change.',
    PENDING_RENEWAL: 'This is a renewal you requested. Your VA pharmacy is reviewing it now. Details may change.',
  };
}

export function eligibilityReasonText(reason: EligibilityReason, renewalWindowDays: number): string {
  return eligibilityReasonTexts(renewalWindowDays)[reason];
}

export interface Eligibility {
  refillable: boolean;
  renewable: boolean;
  reason: EligibilityReason;
}

export interface EligibilityInput {
  status: PrescriptionStatus;
  refillsRemaining: number;
  /** Calendar date, YYYY-MM-DD. */
  expirationDate: string;
  /** Date of the most recent fill, or null if never dispensed. */
  lastFillDate: string | null;
  isNonVa: boolean;
}

export const DEFAULT_RENEWAL_WINDOW_DAYS = 120;

const MS_PER_DAY = 86_400_000;

/** Whole days from `from` to `to` (both YYYY-MM-DD); positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}

function outcome(reason: EligibilityReason): Eligibility {
  return {
    refillable: reason === 'REFILLABLE',
    renewable: reason === 'NO_REFILLS_LEFT' || reason === 'EXPIRED_WITHIN_RENEWAL_WINDOW',
    reason,
  };
}

const BLOCKING_STATUS_REASON: Partial<Record<PrescriptionStatus, EligibilityReason>> = {
  active_refill_in_process: 'REFILL_IN_PROCESS',
  active_submitted: 'REFILL_SUBMITTED',
  active_on_hold: 'ON_HOLD',
  active_suspended: 'SUSPENDED',
  discontinued: 'DISCONTINUED',
  transferred: 'TRANSFERRED',
  unknown: 'UNKNOWN_STATUS',
  pending_new: 'PENDING_NEW',
  pending_renewal: 'PENDING_RENEWAL',
};

/**
 * Decide refill/renewal eligibility for one prescription on `today` (YYYY-MM-DD).
 * The prescription expires at the end of its expiration date: on that day it is still active.
 */
export function decideEligibility(rx: EligibilityInput, today: string, renewalWindowDays = DEFAULT_RENEWAL_WINDOW_DAYS): Eligibility {
  if (rx.isNonVa) return outcome('NON_VA');
  const blocked = BLOCKING_STATUS_REASON[rx.status];
  if (blocked) return outcome(blocked);

  const daysPastExpiration = daysBetween(rx.expirationDate, today);
  // An "active" row whose date has passed is expired in fact; VistA updates status nightly.
  const expired = rx.status === 'expired' || daysPastExpiration > 0;

  if (expired) {
    if (rx.lastFillDate === null) return outcome('NEVER_FILLED');
    return outcome(daysPastExpiration <= renewalWindowDays ? 'EXPIRED_WITHIN_RENEWAL_WINDOW' : 'EXPIRED_BEYOND_RENEWAL_WINDOW');
  }
  // active or active_parked, not expired
  if (rx.refillsRemaining > 0) return outcome('REFILLABLE');
  if (rx.lastFillDate === null) return outcome('NEVER_FILLED');
  return outcome('NO_REFILLS_LEFT');
}
