import type { ColumnType, Generated } from 'kysely';
import type { PrescriptionStatus } from './eligibility.js';

/** numeric columns come back from pg as strings; we accept numbers on insert. */
type Numeric = ColumnType<string, number | string, number | string>;

export interface PrescriptionsTable {
  id: Generated<string>;
  patient_id: string;
  station_number: string;
  prescriber_id: string | null;
  rx_number: string;
  medication_name: string;
  instructions: Generated<string>;
  reason_for_use: Generated<string | null>;
  status: PrescriptionStatus;
  refills_remaining: number;
  quantity: Numeric;
  days_supply: number;
  issue_date: string;
  expiration_date: string;
  last_fill_date: string | null;
  is_non_va: Generated<boolean>;
  is_controlled_substance: Generated<boolean>;
  updated_at: Generated<Date>;
}

export interface PrescriptionFillsTable {
  id: Generated<string>;
  prescription_id: string;
  fill_number: number;
  fill_date: string;
  quantity: Numeric;
}

export interface RefillRequestsTable {
  id: Generated<string>;
  prescription_id: string;
  patient_id: string;
  requested_at: Generated<Date>;
  status: Generated<'submitted' | 'in_process' | 'completed' | 'rejected'>;
}

export interface MedicationTables {
  prescriptions: PrescriptionsTable;
  prescription_fills: PrescriptionFillsTable;
  refill_requests: RefillRequestsTable;
}

declare module '../platform/db/database.js' {
  interface Database extends MedicationTables {}
}
