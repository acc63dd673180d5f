-- Identity: people who can sign in, and their sessions.
-- A user is exactly one of: a Veteran (patient), a clinician (care_team role), or ops staff.

create extension if not exists pgcrypto;

create table facilities (
  station_number text primary key check (station_number ~ '^[0-9]{3}[A-Z0-9]{0,3}$'),
  name text not null,
  phone text not null,
  city text not null,
  state text not null check (length(state) = 2)
);

create table patients (
  id uuid primary key default gen_random_uuid(),
  icn text not null unique check (icn ~ '^[0-9]{10}V[0-9]{6}$'),
  first_name text not null,
  last_name text not null,
  email text,
  va_profile_id bigint unique,
  mhv_correlation_id bigint unique,
  created_at timestamptz not null default now()
);

create table clinicians (
  id uuid primary key default gen_random_uuid(),
  first_name text not null,
  last_name text not null,
  title text not null default 'MD',
  email text,
  created_at timestamptz not null default now()
);

create table users (
  id uuid primary key default gen_random_uuid(),
  role text not null check (role in ('veteran', 'care_team', 'ops')),
  patient_id uuid unique references patients(id),
  clinician_id uuid unique references clinicians(id),
  display_name text not null,
  -- Key used by the identity provider (mock sign-in uses a demo handle; OIDC would use `sub`).
  external_subject text not null unique,
  created_at timestamptz not null default now(),
  check ((role = 'veteran') = (patient_id is not null)),
  check ((role = 'care_team') = (clinician_id is not null))
);

create table sessions (
  -- sha256 of the cookie token: a leaked database row cannot be replayed as a cookie.
  token_hash bytea primary key,
  user_id uuid not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_expires_at_idx on sessions (expires_at);

-- Demo/seed bookkeeping: each named seed step runs once per database.
create table seed_steps (
  name text primary key,
  applied_at timestamptz not null default now()
);
