-- Medications: prescriptions, their fills, and refill requests.

create table prescriptions (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patients(id),
  station_number text not null references facilities(station_number),
  prescriber_id uuid references clinicians(id),
  rx_number text not null check (rx_number ~ '^[0-9]{5,12}[A-Z]?$'),
  medication_name text not null,
  instructions text not null default '',
  status text not null check (status in (
    'active', 'active_parked', 'active_on_hold', 'active_suspended', 'active_refill_in_process',
    'active_submitted', 'discontinued', 'expired', 'transferred', 'unknown')),
  refills_remaining integer not null check (refills_remaining >= 0),
  quantity numeric(10, 2) not null check (quantity >= 0),
  days_supply integer not null check (days_supply >= 0),
  issue_date date not null,
  expiration_date date not null,
  last_fill_date date,
  is_non_va boolean not null default false,
  is_controlled_substance boolean not null default false,
  updated_at timestamptz not null default now(),
  unique (station_number, rx_number)
);
create index prescriptions_patient_idx on prescriptions (patient_id);

create table prescription_fills (
  id uuid primary key default gen_random_uuid(),
  prescription_id uuid not null references prescriptions(id),
  fill_number integer not null check (fill_number >= 0), -- 0 = original fill
  fill_date date not null,
  quantity numeric(10, 2) not null,
  unique (prescription_id, fill_number)
);

create table refill_requests (
  id uuid primary key default gen_random_uuid(),
  prescription_id uuid not null references prescriptions(id),
  patient_id uuid not null references patients(id),
  requested_at timestamptz not null default now(),
  status text not null default 'submitted' check (status in ('submitted', 'in_process', 'completed', 'rejected'))
);
create index refill_requests_prescription_idx on refill_requests (prescription_id);
