/**
 * VA.gov's Medications list filters (V1, VW util/constants/filters.js): which stored statuses each
 * filter shows. "Renewal needed before refill" is not a status list but the renewal rule
 * (decideEligibility → renewable), expressed in SQL in medications.dao.ts. Pending prescriptions
 * appear under "All medications" only (vets-api V1 shows them only without a filter).
 */
import type { MedicationFilter, PrescriptionStatus } from '../shared/api/medications.js';

export const FILTER_STATUSES: Record<Exclude<MedicationFilter, 'all' | 'renewal'>, readonly PrescriptionStatus[]> = {
  // Active, Active: Refill in Process, Active: Non-VA (active rows with the non-VA flag), Active: On Hold,
  // Active: Parked, Active: Submitted; and VistA's Active: Suspended, which VA.gov's list does not name.
  active: ['active', 'active_refill_in_process', 'active_on_hold', 'active_parked', 'active_submitted', 'active_suspended'],
  'recently-requested': ['active_refill_in_process', 'active_submitted'],
  'non-active': ['discontinued', 'expired', 'transferred', 'unknown'],
};
