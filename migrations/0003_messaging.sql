-- Secure Messaging: care teams (VA.gov: "triage groups"), which Veterans may message which team,
-- conversations (threads) and their messages, and Veterans' unsent drafts.
--
-- Folders are not stored per message: like VA.gov's system folders (Inbox 0, Sent -1, Drafts -2)
-- they are views of the data — Inbox = messages from the care team, Sent = messages from the
-- Veteran, Drafts = message_drafts. message_folders names them for the API and the UI.

create table care_teams (
  id uuid primary key default gen_random_uuid(),
  station_number text not null references facilities(station_number),
  name text not null check (length(name) between 1 and 100),
  -- A team can be retired; its conversations stay readable but nobody can start a new one.
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  unique (station_number, name)
);

-- Clinicians belong to care teams; a clinician sees the messages of every team they belong to.
create table care_team_members (
  care_team_id uuid not null references care_teams(id),
  clinician_id uuid not null references clinicians(id),
  primary key (care_team_id, clinician_id)
);
create index care_team_members_clinician_idx on care_team_members (clinician_id);

-- The teams a Veteran may message (VA.gov: triage-group associations). A blocked association
-- stays visible in history but cannot receive new messages from that Veteran.
create table patient_care_teams (
  patient_id uuid not null references patients(id),
  care_team_id uuid not null references care_teams(id),
  blocked boolean not null default false,
  preferred boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (patient_id, care_team_id)
);
-- At most one preferred team per Veteran.
create unique index patient_care_teams_one_preferred on patient_care_teams (patient_id) where preferred;

create table message_folders (
  id integer primary key,
  key text not null unique check (key in ('inbox', 'sent', 'drafts')),
  name text not null
);
insert into message_folders (id, key, name) values (0, 'inbox', 'Inbox'), (-1, 'sent', 'Sent'), (-2, 'drafts', 'Drafts');

-- Category values are VA.gov's (MHV SM API); labels are the plain names this product shows
-- (VA.gov's compose form shows the shorter "Medication", "Appointment", "Test").
create table message_categories (
  value text primary key,
  label text not null,
  sort_order integer not null
);
insert into message_categories (value, label, sort_order) values
  ('OTHER', 'General', 1),
  ('COVID', 'COVID', 2),
  ('APPOINTMENTS', 'Appointments', 3),
  ('MEDICATIONS', 'Medications', 4),
  ('TEST_RESULTS', 'Test results', 5),
  ('EDUCATION', 'Education', 6);

-- One conversation between one Veteran and one care team.
create table message_threads (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patients(id),
  care_team_id uuid not null references care_teams(id),
  category text not null references message_categories(value),
  subject text not null check (length(subject) between 1 and 50),
  -- Set when the conversation started as a medication renewal request.
  renewal_prescription_id uuid references prescriptions(id),
  created_at timestamptz not null default now(),
  last_message_at timestamptz not null default now()
);
create index message_threads_patient_idx on message_threads (patient_id, last_message_at desc);
create index message_threads_team_idx on message_threads (care_team_id, last_message_at desc);

create table messages (
  id uuid primary key default gen_random_uuid(),
  thread_id uuid not null references message_threads(id),
  sender_type text not null check (sender_type in ('veteran', 'clinician')),
  sender_clinician_id uuid references clinicians(id),
  body text not null check (length(body) between 1 and 2000),
  sent_at timestamptz not null default now(),
  -- When the other side first opened it.
  read_at timestamptz,
  -- VA Notify notification id of the "new secure message" e-mail (clinician messages only);
  -- set once, so a retried job never e-mails twice.
  notification_id uuid,
  notified_at timestamptz,
  check ((sender_type = 'clinician') = (sender_clinician_id is not null)),
  check (notification_id is null or sender_type = 'clinician')
);
create index messages_thread_idx on messages (thread_id, sent_at);

-- A Veteran's unsent message. Autosaved while typing; deleted when sent.
create table message_drafts (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patients(id),
  care_team_id uuid references care_teams(id),
  category text references message_categories(value),
  subject text not null default '' check (length(subject) <= 50),
  body text not null default '' check (length(body) <= 2000),
  renewal_prescription_id uuid references prescriptions(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index message_drafts_patient_idx on message_drafts (patient_id, updated_at desc);
-- One open renewal draft per prescription: returning to the flow resumes it.
create unique index message_drafts_one_per_renewal on message_drafts (patient_id, renewal_prescription_id)
  where renewal_prescription_id is not null;
