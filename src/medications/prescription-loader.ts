/**
 * The domain view of one prescription for other features: the stored row and its eligibility,
 * decided with the configured renewal window on the context's clock. Other features use this
 * rather than the Medications API's view (which is shaped for the browser).
 */
import type { AppContext } from '../platform/context.js';
import { decideEligibility, eligibilityReasonText, type Eligibility } from './eligibility.js';
import { findPrescription, type PrescriptionRow } from './medications.dao.js';

export interface LoadedPrescription {
  row: PrescriptionRow;
  eligibility: Eligibility;
  /** The Veteran-facing sentence for `eligibility.reason`. */
  reasonText: string;
}

export function eligibilityOf(row: PrescriptionRow, today: string, renewalWindowDays: number): Eligibility {
  return decideEligibility(
    {
      status: row.status,
      refillsRemaining: row.refills_remaining,
      expirationDate: row.expiration_date,
      lastFillDate: row.last_fill_date,
      isNonVa: row.is_non_va,
    },
    today,
    renewalWindowDays,
  );
}

/** The Veteran's own prescription, or null when it does not exist or is someone else's. */
export async function loadPrescription(ctx: AppContext, patientId: string, prescriptionId: string): Promise<LoadedPrescription | null> {
  const row = await findPrescription(ctx.db, patientId, prescriptionId);
  if (!row) return null;
  const eligibility = eligibilityOf(row, ctx.clock.today(), ctx.config.RENEWAL_WINDOW_DAYS);
  return { row, eligibility, reasonText: eligibilityReasonText(eligibility.reason, ctx.config.RENEWAL_WINDOW_DAYS) };
}
