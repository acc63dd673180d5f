/** SQL for monitoring events and feedback (append-only inserts, windowed aggregates). */
import { sql } from 'kysely';
import type { Db } from '../platform/db/pool.js';
import type { FunnelStep, Product } from '../shared/flow-urls.js';
import type { MonitoringEventsTable, MonitoringFeedbackTable } from './monitoring.tables.js';
import type { Insertable } from 'kysely';

export type NewEvent = Insertable<MonitoringEventsTable>;

export async function insertEvents(db: Db, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.insertInto('monitoring_events').values(events).execute();
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
  return (eb: any) => {
    const conds = [eb('occurred_at', '>=', w.from), eb('occurred_at', '<', w.to)];
    if (w.variant) conds.push(eb('variant', '=', w.variant));
    return eb.and(conds);
  };
}

/** Distinct browser sessions that reached each step (outcome ok). */
export async function funnelSessions(db: Db, w: Window): Promise<Partial<Record<FunnelStep, number>>> {
  const rows = await db
    .selectFrom('monitoring_events')
    .select(['step', sql<number>`count(distinct session_id)::int`.as('sessions')])
    .where(inWindow(w))
    .where('source', '=', 'client')
    .where('kind', '=', 'funnel')
    .where('outcome', '=', 'ok')
    .where('step', 'is not', null)
    .groupBy('step')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.step, r.sessions]));
}

/** Sessions that abandoned the flow at each step (pagehide on a flow page before sending). */
export async function abandonedSessions(db: Db, w: Window): Promise<Partial<Record<FunnelStep, number>>> {
  const rows = await db
    .selectFrom('monitoring_events')
    .select(['step', sql<number>`count(distinct session_id)::int`.as('sessions')])
    .where(inWindow(w))
    .where('outcome', '=', 'abandoned')
    .where('step', 'is not', null)
    .groupBy('step')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.step, r.sessions]));
}

export interface StepErrorRow {
  product: Product;
  step: FunnelStep | null;
  source: 'client' | 'server';
  requests: number;
  errors: number;
}

/**
 * Per product/step/source: server API outcomes (requests, errors) and client errors (requests =
 * client funnel events on that step, errors = client error events).
 */
export async function stepErrors(db: Db, w: Window): Promise<StepErrorRow[]> {
  return db
    .selectFrom('monitoring_events')
    .select([
      'product', 'step', 'source',
      sql<number>`count(*) filter (where kind = 'funnel' or source = 'server')::int`.as('requests'),
      sql<number>`count(*) filter (where outcome = 'error')::int`.as('errors'),
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
      'product', 'step', 'source',
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
    .select(['product', 'step', 'source', 'error_code', sql<number>`count(*)::int`.as('count')])
    .where(inWindow(w))
    .where('outcome', '=', 'error')
    .groupBy(['product', 'step', 'source', 'error_code'])
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
