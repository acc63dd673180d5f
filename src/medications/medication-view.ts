/**
 * Terminology (medications)
 *  - Prescription (Rx): an order for one medication at one facility, identified to the Veteran by its
 *    Rx number (unique per station). Status values mirror VA.gov's ("Active: Refill in process", …).
 *  - Fill: one dispense of a prescription; fill 0 is the original.
 *  - Eligibility: refill vs renewal, decided by eligibility.ts; see there.
 *  - Source: the station's health record system (VistA or Oracle Health); decides where the renewal
 *    link may appear (RENEWAL_LINK_SOURCES).
 *
 * This module shapes database rows into the API's medication objects (pure).
 */
import { buildUrl } from '../shared/flow-urls.js';
import { statusLabel, STATUS_LABELS } from '../shared/medication-statuses.js';
import type { PrescriptionSource } from '../shared/api/medications.js';
import { eligibilityReasonText, renewalLinkInScope } from './eligibility.js';
import { eligibilityOf } from './prescription-loader.js';
import type { PrescriptionRow } from './medications.dao.js';

export { STATUS_LABELS };

export interface ViewSettings {
  today: string;
  renewalWindowDays: number;
  /** RENEWAL_LINK_SOURCES */
  renewalLinkSources: readonly PrescriptionSource[];
}

export function toMedication(row: PrescriptionRow, settings: ViewSettings, shippedAt: string | null = null) {
  const eligibility = eligibilityOf(row, settings.today, settings.renewalWindowDays);
  return {
    id: row.id,
    rxNumber: row.rx_number,
    name: row.medication_name,
    instructions: row.instructions,
    reasonForUse: row.reason_for_use,
    status: row.status,
    statusLabel: statusLabel(row.status, row.is_non_va),
    refillsRemaining: row.refills_remaining,
    quantity: Number(row.quantity),
    daysSupply: row.days_supply,
    issueDate: row.issue_date,
    expirationDate: row.expiration_date,
    lastFillDate: row.last_fill_date,
    isNonVa: row.is_non_va,
    isControlledSubstance: row.is_controlled_substance,
    facility: { stationNumber: row.station_number, name: row.facility_name, phone: row.facility_phone, ehr: row.facility_ehr },
    prescriber: row.prescriber_last_name === null ? null : { name: `${row.prescriber_first_name} ${row.prescriber_last_name}, ${row.prescriber_title}` },
    eligibility: { ...eligibility, reasonText: eligibilityReasonText(eligibility.reason, settings.renewalWindowDays) },
    renewalUrl: renewalLinkInScope(eligibility.renewable, row.facility_ehr, settings.renewalLinkSources)
      ? buildUrl('sm.interstitial', { prescriptionId: row.id })
      : null,
    refillSubmittedAt: row.refill_submitted_at ? new Date(row.refill_submitted_at).toISOString() : null,
    shippedAt,
  };
}

export type Medication = ReturnType<typeof toMedication>;
