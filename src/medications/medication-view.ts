/**
 * Terminology (medications)
 *  - Prescription (Rx): an order for one medication at one facility, identified to the Veteran by its
 *    Rx number (unique per station). Status values mirror VA.gov's ("Active: Refill in process", …).
 *  - Fill: one dispense of a prescription; fill 0 is the original.
 *  - Eligibility: refill vs renewal, decided by eligibility.ts; see there.
 *
 * This module shapes database rows into the API's medication objects (pure).
 */
import { buildUrl } from '../shared/flow-urls.js';
import { eligibilityReasonText, type PrescriptionStatus } from './eligibility.js';
import { eligibilityOf } from './prescription-loader.js';
import type { PrescriptionRow } from './medications.dao.js';

export const STATUS_LABELS: Record<PrescriptionStatus, string> = {
  active: 'Active',
  active_parked: 'Active: Parked',
  active_on_hold: 'Active: On hold',
  active_suspended: 'Active: Suspended',
  active_refill_in_process: 'Active: Refill in process',
  active_submitted: 'Active: Submitted',
  discontinued: 'Discontinued',
  expired: 'Expired',
  transferred: 'Transferred',
  unknown: 'Unknown',
};

export function toMedication(row: PrescriptionRow, today: string, renewalWindowDays: number) {
  const eligibility = eligibilityOf(row, today, renewalWindowDays);
  return {
    id: row.id,
    rxNumber: row.rx_number,
    name: row.medication_name,
    instructions: row.instructions,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    refillsRemaining: row.refills_remaining,
    quantity: Number(row.quantity),
    daysSupply: row.days_supply,
    issueDate: row.issue_date,
    expirationDate: row.expiration_date,
    lastFillDate: row.last_fill_date,
    isNonVa: row.is_non_va,
    isControlledSubstance: row.is_controlled_substance,
    facility: { stationNumber: row.station_number, name: row.facility_name, phone: row.facility_phone },
    prescriber:
      row.prescriber_last_name === null
        ? null
        : { name: `${row.prescriber_first_name} ${row.prescriber_last_name}, ${row.prescriber_title}` },
    eligibility: { ...eligibility, reasonText: eligibilityReasonText(eligibility.reason, renewalWindowDays) },
    renewalUrl: eligibility.renewable ? buildUrl('sm.interstitial', { prescriptionId: row.id }) : null,
  };
}

export type Medication = ReturnType<typeof toMedication>;
