-- Rx tracking: no silent outcomes (issue 14).

-- 1. Every inbound message has a visible outcome: where the error is, and the parser's warnings.
alter table dispense_messages add column error_location text;
alter table dispense_messages add column warnings jsonb not null default '[]'::jsonb;
