/**
 * Prometheus metrics of the Rx tracking pipeline, read from stored state at scrape time (so every
 * API and worker process reports the same numbers, and a restart loses nothing):
 *   rxbridge_tracking_messages{status}                       inbound messages by outcome
 *   rxbridge_tracking_messages_with_warnings                 accepted messages that carry parse warnings
 *   rxbridge_tracking_emails{status}                         shipment e-mails by status
 *   rxbridge_tracking_email_oldest_unsent_age_seconds        oldest e-mail not yet accepted by VA Notify (pending/submitting/held)
 *   rxbridge_tracking_email_send_latency_seconds{quantile}   shipment created → VA Notify accepted (last 24 h)
 *   rxbridge_tracking_callback_lag_seconds{quantile}         VA Notify accepted → final status recorded (last 24 h)
 *   rxbridge_tracking_aal_posts{status}                      AAL events by status
 *   rxbridge_tracking_duplicate_status_reports               reports for replaced / unrecorded notifications
 * Gauges only: the values are the database's, computed when scraped (one short query).
 */
import { sql } from 'kysely';
import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../platform/db/pool.js';

interface Snapshot {
  messages: Array<{ status: string; n: number }>;
  warned: number;
  emails: Array<{ status: string; n: number }>;
  oldestUnsent: number;
  send: { p50: number | null; p95: number | null };
  lag: { p50: number | null; p95: number | null };
  aal: Array<{ status: string; n: number }>;
  duplicates: number;
}

export async function trackingSnapshot(db: Db): Promise<Snapshot> {
  const by = async (table: string) =>
    (await sql<{ status: string; n: number }>`select status, count(*)::int as n from ${sql.table(table)} group by status`.execute(db)).rows;
  const one = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(db)).rows[0]!;
  const [messages, emails, aal, warned, oldest, send, lag, dups] = await Promise.all([
    by('dispense_messages'),
    by('shipment_emails'),
    by('aal_events'),
    one(sql<{ n: number }>`select count(*)::int as n from dispense_messages where jsonb_array_length(warnings) > 0`),
    one(
      sql<{
        s: number | null;
      }>`select extract(epoch from now() - min(created_at))::float8 as s from shipment_emails where status in ('held', 'pending', 'submitting')`,
    ),
    one(sql<{ p50: number | null; p95: number | null }>`
      select percentile_cont(0.5) within group (order by d)::float8 as p50, percentile_cont(0.95) within group (order by d)::float8 as p95
        from (select extract(epoch from e.accepted_at - s.created_at) as d from shipment_emails e join shipments s on s.id = e.shipment_id
               where e.accepted_at > now() - interval '24 hours') t`),
    one(sql<{ p50: number | null; p95: number | null }>`
      select percentile_cont(0.5) within group (order by d)::float8 as p50, percentile_cont(0.95) within group (order by d)::float8 as p95
        from (select extract(epoch from completed_at - accepted_at) as d from shipment_emails
               where completed_at > now() - interval '24 hours' and accepted_at is not null) t`),
    one(sql<{ n: number }>`select count(*)::int as n from notification_status_reports where duplicate`),
  ]);
  return { messages, warned: warned.n, emails, oldestUnsent: oldest.s ?? 0, send, lag, aal, duplicates: dups.n };
}

export function registerTrackingMetrics(registry: Registry, db: Db): void {
  let pending: Promise<Snapshot> | null = null;
  // One query set per scrape, shared by every gauge's collect().
  const snap = () => (pending ??= trackingSnapshot(db).finally(() => setTimeout(() => (pending = null), 0)));
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge<string>, s: Snapshot) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const s = await snap();
        this.reset();
        fill(this, s);
      },
    });
  gauge('rxbridge_tracking_messages', 'Inbound dispense messages by outcome (stored state)', ['status'], (g, s) =>
    s.messages.forEach((r) => g.set({ status: r.status }, r.n)),
  );
  gauge('rxbridge_tracking_messages_with_warnings', 'Messages stored with parse warnings', [], (g, s) => g.set(s.warned));
  gauge('rxbridge_tracking_emails', 'Shipment e-mails by status (stored state)', ['status'], (g, s) =>
    s.emails.forEach((r) => g.set({ status: r.status }, r.n)),
  );
  gauge(
    'rxbridge_tracking_email_oldest_unsent_age_seconds',
    'Age of the oldest shipment e-mail not yet accepted by VA Notify (held, pending, submitting)',
    [],
    (g, s) => g.set(s.oldestUnsent),
  );
  gauge('rxbridge_tracking_email_send_latency_seconds', 'Shipment created → VA Notify accepted, last 24 h', ['quantile'], (g, s) => {
    if (s.send.p50 !== null) g.set({ quantile: '0.5' }, s.send.p50);
    if (s.send.p95 !== null) g.set({ quantile: '0.95' }, s.send.p95);
  });
  gauge('rxbridge_tracking_callback_lag_seconds', 'VA Notify accepted → final status recorded, last 24 h', ['quantile'], (g, s) => {
    if (s.lag.p50 !== null) g.set({ quantile: '0.5' }, s.lag.p50);
    if (s.lag.p95 !== null) g.set({ quantile: '0.95' }, s.lag.p95);
  });
  gauge('rxbridge_tracking_aal_posts', 'MHV AAL events by status (stored state)', ['status'], (g, s) => s.aal.forEach((r) => g.set({ status: r.status }, r.n)));
  gauge('rxbridge_tracking_duplicate_status_reports', 'Status reports for a replaced or unrecorded notification carrying our reference', [], (g, s) =>
    g.set(s.duplicates),
  );
}
