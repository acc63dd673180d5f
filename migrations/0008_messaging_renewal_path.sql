-- Secure Messaging, the renewal path as VA.gov has it (issue 17):
--  * preferred = VA.gov's preferredTeam: the team is in the Veteran's contact list. VA.gov lets a
--    Veteran start a message only to teams in the contact list, and the list holds many teams, so
--    the old "at most one preferred team" index goes. Existing unblocked associations join the list
--    (VA.gov's own default for a new association is not in the reference: an assumption).
--  * care_teams.signature_required: teams that need an electronic signature on every new message
--    (VA.gov: Release of Information / Privacy / Record Amendment teams).
--  * message_drafts.prefill_state: a renewal draft whose prescription could not be loaded keeps the
--    labels with blank values ('unavailable'), so the editor shows VA.gov's warning and hint.
--  * messaging_signatures: the Veteran's messaging signature (VA.gov: MHV preferences signatureName,
--    signatureTitle, includeSignature), appended to new messages.
--  * message_send_keys: idempotency for sends and replies. One row per (sender scope, key); a draft
--    is sent at most once (unique draft_id). A repeated request finds the first result here.

drop index if exists patient_care_teams_one_preferred;
alter table patient_care_teams alter column preferred set default true;
update patient_care_teams set preferred = true where not blocked;

alter table care_teams add column signature_required boolean not null default false;

alter table message_drafts add column prefill_state text check (prefill_state in ('loaded', 'unavailable'));
update message_drafts set prefill_state = 'loaded' where renewal_prescription_id is not null;

create table messaging_signatures (
  patient_id uuid primary key references patients(id),
  signature_name text not null default '' check (length(signature_name) <= 50),
  signature_title text not null default '' check (length(signature_title) <= 50),
  include_signature boolean not null default false,
  updated_at timestamptz not null default now()
);

create table message_send_keys (
  id uuid primary key default gen_random_uuid(),
  -- 'veteran:<patient id>' or 'clinician:<clinician id>': keys never collide across senders.
  scope text not null,
  idempotency_key text not null check (length(idempotency_key) between 1 and 255),
  -- What the request was (sha-256 of its target and content): a key reused for different content is refused.
  request_hash text not null,
  draft_id uuid,
  thread_id uuid references message_threads(id),
  message_id uuid references messages(id),
  created_at timestamptz not null default now(),
  unique (scope, idempotency_key)
);
create unique index message_send_keys_one_send_per_draft on message_send_keys (scope, draft_id) where draft_id is not null;
-- Finding unanswered renewal requests for one prescription (the duplicate warning).
create index message_threads_renewal_idx on message_threads (patient_id, renewal_prescription_id, created_at desc)
  where renewal_prescription_id is not null;
