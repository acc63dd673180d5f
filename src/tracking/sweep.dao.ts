/** SQL behind the sweep: work whose job may be gone, by the database clock. */
import { sql } from 'kysely';
import type { Db } from '../platform/db/pool.js';

export async function strandedMessageIds(db: Db, limit: number): Promise<number[]> {
  const r = await sql<{ id: number }>`
    select id from dispense_messages where status = 'received' and received_at < now() - interval '5 minutes' order by id limit ${limit}`.execute(db);
  return r.rows.map((x) => x.id);
}

export async function sweepCandidates(
  db: Db,
  o: { sendAfterSeconds: number; pollAfterSeconds: number; pollHorizonSeconds: number; limit: number; pollKeyPrefix: string },
): Promise<{ sends: string[]; polls: string[]; aal: string[] }> {
  // Sends: pending past the debounce window, or submitting with an expired lease.
  const sends = await sql<{ shipment_id: string }>`
    select e.shipment_id from shipment_emails e
     where (e.status = 'pending' and e.created_at < now() - make_interval(secs => ${o.sendAfterSeconds}))
        or (e.status = 'submitting' and (e.lease_until is null or e.lease_until < now()))
     limit ${o.limit}`.execute(db);
  const polls = await sql<{ id: string }>`
    select e.id from shipment_emails e
     where e.status in ('created', 'delivering')
       and e.accepted_at < now() - make_interval(secs => ${o.pollAfterSeconds})
       and e.accepted_at > now() - make_interval(secs => ${o.pollHorizonSeconds})
       -- A poll job locked for minutes belongs to a worker that died (graphile-worker only frees those after 4 h).
       and not exists (select 1 from graphile_worker.jobs j where j.key = ${o.pollKeyPrefix} || e.id::text
                        and (j.locked_at is null or j.locked_at > now() - interval '5 minutes'))
     limit ${o.limit}`.execute(db);
  const aal = await sql<{ id: string }>`
    select a.id from aal_events a
     where a.status = 'pending' and (a.lease_until is null or a.lease_until < now()) and a.updated_at < now() - interval '2 minutes'
     limit ${o.limit}`.execute(db);
  return { sends: sends.rows.map((r) => r.shipment_id), polls: polls.rows.map((r) => r.id), aal: aal.rows.map((r) => r.id) };
}
