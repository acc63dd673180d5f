/**
 * Medications: a Veteran's prescriptions with refill vs renewal eligibility decided on the server.
 * Terminology (details in eligibility.ts):
 *  - refill: another fill of a prescription that has refills left and has not expired;
 *  - renewal: a new prescription from a provider, requested by a Secure Message;
 *  - renewal window: days after expiration during which renewal may still be requested;
 *  - reason code: why a prescription is (not) refillable / renewable, one vocabulary everywhere.
 * Other rooms import medications only through this file.
 */
export { DEFAULT_RENEWAL_WINDOW_DAYS, eligibilityReasonTexts, PRESCRIPTION_STATUSES, type PrescriptionStatus } from './eligibility.js';
export { findPrescription, type PrescriptionRow } from './medications.dao.js';
export { loadPrescription, type LoadedPrescription } from './prescription-loader.js';
export { medicationRoutes, type RenewalLinkDecision } from './routes.js';
