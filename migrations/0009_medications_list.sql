-- Medications list as VA.gov shows it (issue 16): pending prescriptions, the facility's health
-- record system (VistA or Oracle Health, which decides where the renewal link may appear), and
-- indexes for the list's filters and sorts (always scoped by patient).

-- Pending prescriptions (VA.gov: prescriptionSource 'PD' with dispStatus NewOrder / Renew).
alter table prescriptions drop constraint if exists prescriptions_status_check;
alter table prescriptions add constraint prescriptions_status_check check (status in (
  'active', 'active_parked', 'active_on_hold', 'active_suspended', 'active_refill_in_process',
  'active_submitted', 'discontinued', 'expired', 'transferred', 'unknown', 'pending_new', 'pending_renewal'));

-- VA.gov decides "Oracle Health prescription" by the prescription's station (cernerFacilityIds).
alter table facilities add column ehr text not null default 'vista' check (ehr in ('vista', 'oracle_health'));

-- List queries: filter by status, sort by name or by last fill, page. The renewal filter also
-- reads expiration_date; at ~tens of rows per Veteran the patient prefix does the work.
create index prescriptions_patient_status_idx on prescriptions (patient_id, status, medication_name);
create index prescriptions_patient_name_idx on prescriptions (patient_id, medication_name, last_fill_date desc);
create index prescriptions_patient_last_fill_idx on prescriptions (patient_id, last_fill_date desc nulls last, medication_name);

-- "Shipped on" for each card of a page: latest dispense of a prescription.
create index dispense_events_rx_idx on dispense_events (station_number, rx_number, patient_icn);

-- VA.gov details page "Reason for use" (VistA indication for use); optional.
alter table prescriptions add column reason_for_use text;
