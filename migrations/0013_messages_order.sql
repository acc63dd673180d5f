-- Insertion order of messages, the tie-break when two messages of a thread carry the same sent_at
-- (one transaction's now(), or a fixed clock). Without it "the thread's last message" (who is
-- awaiting a reply in the care team's inbox), the inbox order and the thread's order fell back on
-- whatever order PostgreSQL's plan produced: gathering planner statistics after the demo seed
-- changed the plan, and a thread the clinician had just answered showed as awaiting a reply.
-- Existing rows are numbered in the order they are stored, which is their insertion order here.
alter table messages add column seq bigint generated always as identity;

-- The thread's messages in order, and its last one, from the index.
drop index if exists messages_thread_idx;
create index messages_thread_idx on messages (thread_id, sent_at, seq);
