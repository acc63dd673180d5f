/**
 * What the database does for one Medications list request (issue 16):
 *   npx tsx bench/medications-list-explain.ts [--other-patients 20000] [--events-per-patient 5]
 * Builds the real app on a throw-away embedded PostgreSQL with the demo data, sends the list
 * requests the list page sends (Alex; Sam page 1; Sam with the renewal filter) through app.inject,
 * records every SQL statement each request ran, and prints EXPLAIN (ANALYZE, BUFFERS) of each —
 * first with the demo data only, then after adding a production-like volume for other Veterans
 * (prescriptions, dispense events and shipments), so a plan that reads other Veterans' rows shows
 * up as a sequential scan that grows with the table. Also prints the mean time of each statement.
 */
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import { openBenchDb, arg, signInByInject } from './support.js';
import { buildApp } from '../src/server/app.js';
import { seedDemoData } from '../src/seed/seed.js';
import { systemClock } from '../src/platform/context.js';
import type { Database } from '../src/platform/db/database.js';

const OTHER_PATIENTS = arg('other-patients', 20_000);
const EVENTS_PER_PATIENT = arg('events-per-patient', 5);
const out = process.stdout;

const bench = await openBenchDb(
  { MOCK_SIGN_IN: 'true', RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_PER_SESSION_PER_MINUTE: '100000000', RATE_LIMIT_PER_USER_PER_MINUTE: '100000000' },
  4,
);
let recording: CompiledQuery[] | null = null;
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool: bench.ctx.pool }),
  log: (e) => {
    if (e.level === 'query' && recording) recording.push(e.query);
  },
});
const ctx = { ...bench.ctx, db };
await seedDemoData(db, systemClock.today());
const app = await buildApp(ctx, { serveWebUi: false });

const signIn = (displayName: string) => signInByInject(app, displayName);

const cases = [
  { name: 'Alex, 9 Rx', who: 'Alex Morgan', url: '/api/medications' },
  { name: 'Sam, 40 Rx, page 1', who: 'Sam Taylor', url: '/api/medications' },
  { name: 'Sam, 40 Rx, renewal filter', who: 'Sam Taylor', url: '/api/medications?filter=renewal&sort=last-fill-date&page=1' },
];
const cookies = new Map<string, string>();
for (const c of cases) if (!cookies.has(c.who)) cookies.set(c.who, await signIn(c.who));

async function explainAll(label: string): Promise<void> {
  out.write(`\n=============== ${label} ===============\n`);
  for (const c of cases) {
    await app.inject({ method: 'GET', url: c.url, headers: { cookie: cookies.get(c.who)! } }); // warm (flag cache, plan cache)
    recording = [];
    const res = await app.inject({ method: 'GET', url: c.url, headers: { cookie: cookies.get(c.who)! } });
    const queries = recording;
    recording = null;
    await app.flowEvents.flush();
    out.write(`\n##### ${c.name}: GET ${c.url} → ${res.statusCode}, ${queries.length} statements\n`);
    for (const q of queries) {
      const client = await bench.ctx.pool.connect();
      try {
        const params = q.parameters as unknown[];
        const times: number[] = [];
        for (let i = 0; i < 50; i++) {
          const t = performance.now();
          await client.query(q.sql, params);
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        const plan = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${q.sql}`, params);
        out.write(`\n-- ${q.sql.replace(/\s+/g, ' ').slice(0, 240)}\n-- median of 50 runs ${times[25]!.toFixed(3)} ms (client round trip)\n`);
        out.write(plan.rows.map((r) => `   ${r['QUERY PLAN']}`).join('\n') + '\n');
      } finally {
        client.release();
      }
    }
  }
}

await explainAll('demo data only');

out.write(`\nadding ${OTHER_PATIENTS} other Veterans × 10 prescriptions, ${EVENTS_PER_PATIENT} of them shipped (dispense event + shipment) …\n`);
const t0 = performance.now();
await bench.ctx.pool.query(
  `
  insert into patients (icn, first_name, last_name)
    select (8000000000 + g)::text || 'V' || lpad(g::text, 6, '0'), 'Other', 'Veteran' from generate_series(1, $1::int) g;
  `,
  [OTHER_PATIENTS],
);
await bench.ctx.pool.query(`
  insert into prescriptions (patient_id, station_number, rx_number, medication_name, status, refills_remaining, quantity, days_supply, issue_date, expiration_date, last_fill_date)
    select p.id, '442', (60000000 + row_number() over ())::text, 'DRUG ' || k, (array['active','expired','discontinued','active_submitted'])[1 + k % 4],
           k % 3, 30, 30, current_date - 200, current_date + 165 - k * 20, current_date - k * 7
      from patients p cross join generate_series(1, 10) k where p.last_name = 'Veteran'`);
await bench.ctx.pool.query(`insert into dispense_messages (source, format, content_sha256, raw, status) values ('cli', 'hl7v2', '\\x00', '\\x00', 'accepted')`);
await bench.ctx.pool.query(
  `
  with ev as (
    select rx.station_number, rx.rx_number, p.icn, 1 as k, 'TRK' || rx.rx_number as trk
      from prescriptions rx join patients p on p.id = rx.patient_id
     where p.last_name = 'Veteran' and rx.medication_name in (select 'DRUG ' || g from generate_series(1, $1::int) g)
  ), s as (
    insert into shipments (patient_icn, tracking_number, carrier, station_number, shipped_at, email_sender)
      select icn, trk, 'USPS', station_number, now() - k * interval '30 days', 'va_notify' from ev
  )
  insert into dispense_events (message_id, patient_icn, station_number, rx_number, fill_number, drug_name, dispensed_at, shipped_at, carrier, tracking_number, status)
    select (select max(id) from dispense_messages), icn, station_number, rx_number, k, 'DRUG', now() - k * interval '30 days', now() - k * interval '30 days', 'USPS', trk, 'dispensed' from ev`,
  [EVENTS_PER_PATIENT],
);
// The demo Veterans' own packages: every prescription of Alex and Sam shipped twice.
await bench.ctx.pool.query(`
  with ev as (
    select rx.station_number, rx.rx_number, p.icn, k, 'DEMO' || rx.rx_number || '-' || k as trk
      from prescriptions rx join patients p on p.id = rx.patient_id cross join generate_series(1, 2) k
     where p.last_name <> 'Veteran' and not rx.is_non_va
  ), s as (
    insert into shipments (patient_icn, tracking_number, carrier, station_number, shipped_at, email_sender)
      select icn, trk, 'USPS', station_number, now() - k * interval '20 days', 'va_notify' from ev on conflict do nothing
  )
  insert into dispense_events (message_id, patient_icn, station_number, rx_number, fill_number, drug_name, dispensed_at, shipped_at, carrier, tracking_number, status)
    select (select max(id) from dispense_messages), icn, station_number, rx_number, 100 + k, 'DRUG', now() - k * interval '20 days', now() - k * interval '20 days', 'USPS', trk, 'dispensed' from ev
    on conflict do nothing`);
await bench.ctx.pool.query('analyze');
const counts = await bench.ctx.pool.query<{ t: string; n: string }>(`
  select 'patients' t, count(*)::text n from patients union all select 'prescriptions', count(*)::text from prescriptions
  union all select 'dispense_events', count(*)::text from dispense_events union all select 'shipments', count(*)::text from shipments`);
out.write(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${counts.rows.map((r) => `${r.t} ${r.n}`).join(', ')}\n`);

await explainAll(`demo data + ${OTHER_PATIENTS} other Veterans`);

await app.close();
await bench.close();
