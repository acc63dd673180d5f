/** SQL for monitoring events and feedback (append-only inserts, windowed aggregates). */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../platform/db/database.js';
import type { Db } from '../platform/db/pool.js';
import type { FunnelStep, Product } from '../shared/flow-urls.js';
import type { MonitoringEventsTable, MonitoringFeedbackTable } from './monitoring.tables.js';
import type { Insertable } from 'kysely';

export type NewEvent = Insertable<MonitoringEventsTable>;

/** Every column an event is written with, and its SQL array type for unnest (id and received_at default). */
const EVENT_COLUMNS = {
  occurred_at: 'timestamptz',
  source: 'text',
  kind: 'text',
  step: 'text',
  product: 'text',
  outcome: 'text',
  error_code: 'text',
  duration_ms: 'int',
  session_id: 'uuid',
  variant: 'text',
  url_id: 'text',
  veteran_key: 'text',
  session_key: 'text',
  failure: 'text',
  http_status: 'smallint',
} as const satisfies Record<Exclude<keyof NewEvent, 'id' | 'received_at'>, string>;

/**
 * One statement with one array per column (unnest), whatever the batch size: its text and plan
 * stay the same, where a VALUES list of 200 rows × 15 parameters took PostgreSQL 2–3× as long to
 * parse and plan as to run (20–50 ms bursts, seen in the API latency bench's slowest requests).
 */
export async function insertEvents(db: Db, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const columns = Object.keys(EVENT_COLUMNS) as Array<keyof typeof EVENT_COLUMNS>;
  const arrays = columns.map((c) => sql`${events.map((e) => e[c] ?? null)}::${sql.raw(EVENT_COLUMNS[c])}[]`);
  await sql`insert into monitoring_events (${sql.join(columns.map((c) => sql.ref(c)))})
    select * from unnest(${sql.join(arrays)})`.execute(db);
}

/**
 * Store browser events: a successful funnel step counts once per server session (the first time;
 * monitoring_session_steps holds who reached what), so repeats and replays add nothing. Errors and
 * anonymous events are stored as they come. Returns the rows stored.
 */
export async function storeClientEvents(db: Db, rows: NewEvent[]): Promise<NewEvent[]> {
  const seen = new Set<string>();
  const firstSteps: NewEvent[] = [];
  const others: NewEvent[] = [];
  for (const r of rows) {
    if (r.kind === 'funnel' && r.outcome === 'ok' && r.step && r.session_key) {
      const k = `${r.session_key}/${r.step}`;
      if (seen.has(k)) continue;
      seen.add(k);
      firstSteps.push(r);
    } else {
      others.push(r);
    }
  }
  let fresh: NewEvent[] = [];
  if (firstSteps.length > 0) {
    const inserted = await db
      .insertInto('monitoring_session_steps')
      .values(firstSteps.map((r) => ({ session_key: r.session_key as string, step: r.step as FunnelStep, first_at: r.occurred_at })))
      .onConflict((oc) => oc.columns(['session_key', 'step']).doNothing())
      .returning(['session_key', 'step'])
      .execute();
    const ok = new Set(inserted.map((i) => `${i.session_key}/${i.step}`));
    fresh = firstSteps.filter((r) => ok.has(`${r.session_key}/${r.step}`));
  }
  const all = [...fresh, ...others];
  await insertEvents(db, all);
  return all;
}

export async function insertFeedback(db: Db, row: Insertable<MonitoringFeedbackTable>): Promise<string> {
  return (await db.insertInto('monitoring_feedback').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export interface Window {
  from: Date;
  to: Date;
  variant?: 'treatment' | 'control' | 'off' | undefined;
}

function inWindow(w: Window) {
  return (eb: ExpressionBuilder<Database, 'monitoring_events'>) => {
    const conds: Expression<SqlBool>[] = [eb('occurred_at', '>=', w.from), eb('occurred_at', '<', w.to)];
    if (w.variant) conds.push(eb('variant', '=', w.variant));
    return eb.and(conds);
  };
}

/**
 * Steps each server session reached (a step loaded successfully) in the window, for the ordered
 * funnel (funnel-math.ts orderedFunnel). Anonymous beacons (no session) are not part of it.
 */
export async function sessionSteps(db: Db, w: Window): Promise<FunnelStep[][]> {
  const rows = await db
    .selectFrom('monitoring_events')
    .select(['session_key', sql<FunnelStep[]>`array_agg(distinct step)`.as('steps')])
    .where(inWindow(w))
    .where('source', '=', 'client')
    .where('kind', '=', 'funnel')
    .where('outcome', '=', 'ok')
    .where('failure', 'is', null)
    .where('session_key', 'is not', null)
    .where('step', 'is not', null)
    .groupBy('session_key')
    .execute();
  return rows.map((r) => r.steps);
}

/** Sessions that abandoned the flow at each step (pagehide on a flow page before sending). */
export async function abandonedSessions(db: Db, w: Window): Promise<Partial<Record<FunnelStep, number>>> {
  const rows = await db
    .selectFrom('monitoring_events')
    .select(['step', sql<number>`count(distinct session_key)::int`.as('sessions')])
    .where(inWindow(w))
    .where('outcome', '=', 'abandoned')
    .where('session_key', 'is not', null)
    .where('step', 'is not', null)
    .groupBy('step')
    .execute();
  const sessions: Partial<Record<FunnelStep, number>> = {};
  for (const r of rows) if (r.step) sessions[r.step] = r.sessions; // never null (where step is not null)
  return sessions;
}

export interface StepErrorRow {
  product: Product;
  step: FunnelStep | null;
  source: 'client' | 'server';
  requests: number;
  errors: number;
  /** Errors the guard judges (server, timeout, load, routing) and the users' own validation errors. */
  failures: number;
  validation: number;
}

/**
 * Per product/step/source: server API outcomes (requests, errors) and client errors (requests =
 * client funnel events on that step, errors = client error events).
 */
export async function stepErrors(db: Db, w: Window): Promise<StepErrorRow[]> {
  return db
    .selectFrom('monitoring_events')
    .select([
      'product',
      'step',
      'source',
      sql<number>`count(*) filter (where kind = 'funnel' or source = 'server')::int`.as('requests'),
      sql<number>`count(*) filter (where outcome = 'error')::int`.as('errors'),
      sql<number>`count(*) filter (where failure in ('server', 'timeout', 'load', 'routing'))::int`.as('failures'),
      sql<number>`count(*) filter (where failure = 'validation')::int`.as('validation'),
    ])
    .where(inWindow(w))
    .groupBy(['product', 'step', 'source'])
    .orderBy('product')
    .orderBy('step')
    .execute();
}

export interface LatencyRow {
  product: Product;
  step: FunnelStep | null;
  source: 'client' | 'server';
  samples: number;
  p50: number | null;
  p95: number | null;
}

export async function stepLatency(db: Db, w: Window): Promise<LatencyRow[]> {
  const rows = await db
    .selectFrom('monitoring_events')
    .select([
      'product',
      'step',
      'source',
      sql<number>`count(duration_ms)::int`.as('samples'),
      sql<number | null>`percentile_cont(0.5) within group (order by duration_ms)`.as('p50'),
      sql<number | null>`percentile_cont(0.95) within group (order by duration_ms)`.as('p95'),
    ])
    .where(inWindow(w))
    .where('duration_ms', 'is not', null)
    .where('outcome', '=', 'ok')
    .groupBy(['product', 'step', 'source'])
    .orderBy('product')
    .orderBy('step')
    .execute();
  return rows.map((r) => ({ ...r, p50: r.p50 === null ? null : Math.round(Number(r.p50)), p95: r.p95 === null ? null : Math.round(Number(r.p95)) }));
}

export async function errorCodes(db: Db, w: Window) {
  return db
    .selectFrom('monitoring_events')
    .select([
      'product',
      'step',
      'source',
      'url_id',
      'error_code',
      'failure',
      sql<number>`count(*)::int`.as('count'),
      sql<number>`count(distinct veteran_key)::int`.as('veterans'),
    ])
    .where(inWindow(w))
    .where('outcome', '=', 'error')
    .groupBy(['product', 'step', 'source', 'url_id', 'error_code', 'failure'])
    .orderBy(sql`count(*)`, 'desc')
    .limit(50)
    .execute();
}

/** Feedback per day and product: volume, mean rating, mean sentiment. */
export async function feedbackTrend(db: Db, from: Date, to: Date) {
  const rows = await db
    .selectFrom('monitoring_feedback')
    .select([
      sql<string>`to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD')`.as('day'),
      'product',
      sql<number>`count(*)::int`.as('count'),
      sql<number>`avg(rating)::float8`.as('avgRating'),
      sql<number | null>`avg(sentiment)::float8`.as('avgSentiment'),
    ])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy(['day', 'product'])
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ ...r, avgRating: round2(r.avgRating), avgSentiment: r.avgSentiment === null ? null : round2(r.avgSentiment) }));
}

export async function recentFeedback(db: Db, from: Date, to: Date, limit = 20) {
  return db
    .selectFrom('monitoring_feedback')
    .select(['id', 'created_at', 'url_id', 'product', 'rating', 'comment', 'sentiment'])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export interface SeriesRow {
  bucket: string;
  product: Product;
  step: FunnelStep | null;
  variant: string;
  requests: number;
  failures: number;
  validation: number;
  conversions: number;
  p95: number | null;
}

/**
 * Time series per bucket, product, step and variant: requests (server answers + browser step
 * loads), failures (judged classes), validation errors, step conversions (first time a session
 * reached the step) and p95 latency of successful outcomes.
 */
export async function timeSeries(db: Db, w: Window, bucketSeconds: number): Promise<SeriesRow[]> {
  const bucket = sql<Date>`date_bin(make_interval(secs => ${bucketSeconds}::int), occurred_at, ${w.from}::timestamptz)`;
  const rows = await db
    .selectFrom('monitoring_events')
    .select([
      bucket.as('bucket'),
      'product',
      'step',
      sql<string>`coalesce(variant, 'none')`.as('variant'),
      sql<number>`count(*) filter (where source = 'server' or kind = 'funnel' or outcome = 'error')::int`.as('requests'),
      sql<number>`count(*) filter (where failure in ('server', 'timeout', 'load', 'routing'))::int`.as('failures'),
      sql<number>`count(*) filter (where failure = 'validation')::int`.as('validation'),
      sql<number>`count(*) filter (where source = 'client' and kind = 'funnel' and outcome = 'ok' and session_key is not null)::int`.as('conversions'),
      sql<number | null>`percentile_cont(0.95) within group (order by duration_ms) filter (where outcome = 'ok')`.as('p95'),
    ])
    .where(inWindow(w))
    .where('outcome', '<>', 'abandoned')
    // By position: the bucket expression carries parameters, so Postgres cannot match it by text.
    .groupBy(sql`1, 2, 3, 4`)
    .orderBy(sql`1`)
    .execute();
  return rows.map((r) => ({ ...r, bucket: new Date(r.bucket).toISOString(), p95: r.p95 === null ? null : Math.round(Number(r.p95)) }));
}
