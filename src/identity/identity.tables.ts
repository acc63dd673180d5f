import type { ColumnType, Generated } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface FacilitiesTable {
  station_number: string;
  name: string;
  phone: string;
  city: string;
  state: string;
  /** Health record system of the station: 'vista' or 'oracle_health' (migration 0008). */
  ehr: Generated<'vista' | 'oracle_health'>;
}

export interface PatientsTable {
  id: Generated<string>;
  icn: string;
  first_name: string;
  last_name: string;
  email: string | null;
  va_profile_id: number | null;
  mhv_correlation_id: number | null;
  created_at: Generated<Date>;
}

export interface CliniciansTable {
  id: Generated<string>;
  first_name: string;
  last_name: string;
  title: Generated<string>;
  email: string | null;
  created_at: Generated<Date>;
}

export type Role = 'veteran' | 'care_team' | 'ops';

export interface UsersTable {
  id: Generated<string>;
  role: Role;
  patient_id: string | null;
  clinician_id: string | null;
  display_name: string;
  external_subject: string;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  token_hash: Buffer;
  user_id: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface SeedStepsTable {
  name: string;
  applied_at: Generated<Date>;
}

export interface IdentityTables {
  seed_steps: SeedStepsTable;
  facilities: FacilitiesTable;
  patients: PatientsTable;
  clinicians: CliniciansTable;
  users: UsersTable;
  sessions: SessionsTable;
}

declare module '../platform/db/database.js' {
  interface Database extends IdentityTables {}
}
