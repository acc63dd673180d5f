-- Medications list (issue 16) under load: "Shipped on" for each card is read inside the list's one
-- statement, one probe per prescription of the page: the patient's latest dispensed event of that
-- Rx at that station. This index answers the probe from its first entry (equality on station, Rx
-- number and patient ICN, already in the order the query wants: latest ship or dispense date, then
-- newest event), and leaves out cancelled events, which the Veteran never sees. It replaces
-- 0009's dispense_events_rx_idx (same leading columns, no order, every status), so ingest still
-- maintains one index for this.
-- EXPLAIN with 100,000 other Veterans' events: the old per-patient read (by ICN alone) scanned the
-- whole table (Seq Scan, ~20-28 ms, growing with the table); each probe is now an Index Scan
-- reading a few buffers (bench/medications-list-explain.ts).
-- On a large production table build it with CREATE INDEX CONCURRENTLY ahead of this migration
-- (the migration runner wraps each file in a transaction); `if not exists` then makes this a no-op.
create index if not exists dispense_events_shipped_idx
  on dispense_events (station_number, rx_number, patient_icn, (coalesce(shipped_at, dispensed_at)) desc nulls last, id desc)
  where status = 'dispensed';
drop index if exists dispense_events_rx_idx;
