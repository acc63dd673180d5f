/**
 * Staged-rollout operations on the renewal-link flag: ops actions (advance, pause, resume,
 * rollback) and the automatic guard. Every change is one transaction: lock the flag row, apply
 * the transition, write the audit row (who, what, why, figures). See bucketing.ts for terms.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { conflict } from '../../platform/http/errors.js';
import type { MonitoringMetrics as Metrics } from '../flow-metrics.js';
import { ESCALATION } from '../escalation.js';
import { notifyOwningTeam } from '../notifications.js';
import type { RolloutAction } from '../monitoring.tables.js';
import { nextStage, RENEWAL_LINK_FLAG, ROLLOUT_STAGES, type RolloutState } from './bucketing.js';
import { flagState, invalidateFlags } from './flags.js';
import { decideGuard, DEFAULT_THRESHOLDS, type GuardThresholds, type VeteranTally } from './guard.js';
import { GUARD_FAILURES } from '../../shared/failure-class.js';

export type OpsAction = 'advance' | 'pause' | 'resume' | 'rollback';

interface Transition {
  percent: number;
  state: RolloutState;
}

/** The state machine; a refused transition is a 409 naming why. */
export function transition(action: OpsAction, from: Transition): Transition {
  switch (action) {
    case 'advance':
      if (from.state === 'paused') throw conflict('The rollout is paused. Resume it before advancing.');
      if (from.state === 'rolled_back') return { percent: ROLLOUT_STAGES[0], state: 'active' };
      if (from.percent >= 100) throw conflict('The rollout is already at 100%.');
      return { percent: nextStage(from.percent), state: 'active' };
    case 'pause':
      if (from.state !== 'active') throw conflict('Only an active rollout can be paused.');
      return { percent: from.percent, state: 'paused' };
    case 'resume':
      if (from.state !== 'paused') throw conflict('Only a paused rollout can be resumed.');
      return { percent: from.percent, state: 'active' };
    case 'rollback':
      if (from.state === 'rolled_back') throw conflict('The rollout is already rolled back.');
      return { percent: 0, state: 'rolled_back' };
  }
}

export async function changeRollout(
  ctx: AppContext,
  action: OpsAction,
  actor: string,
  reason: string,
  figures: unknown = null,
  metrics?: Metrics,
): Promise<Transition> {
  const result = await ctx.db.transaction().execute(async (tx) => {
    const defaults = await flagState(ctx);
    await tx
      .insertInto('feature_flags')
      .values({ key: RENEWAL_LINK_FLAG, percent: defaults?.percent ?? 0, state: defaults?.state ?? 'active', updated_by: 'default' })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await tx.selectFrom('feature_flags').select(['percent', 'state']).where('key', '=', RENEWAL_LINK_FLAG).forUpdate().executeTakeFirstOrThrow();
    const from = { percent: Number(row.percent), state: row.state };
    const to = transition(action, from);
    await tx
      .updateTable('feature_flags')
      .set({ percent: to.percent, state: to.state, updated_at: ctx.clock.now(), updated_by: actor })
      .where('key', '=', RENEWAL_LINK_FLAG)
      .execute();
    await tx
      .insertInto('rollout_audit')
      .values({
        flag_key: RENEWAL_LINK_FLAG,
        action,
        actor,
        from_percent: from.percent,
        to_percent: to.percent,
        from_state: from.state,
        to_state: to.state,
        reason,
        figures: figures === null ? null : JSON.stringify(figures),
        created_at: ctx.clock.now(),
      })
      .execute();
    return { from, to };
  });
  invalidateFlags(ctx);
  void metrics; // metrics read the stored state at scrape time (stored-metrics.ts)
  // Stage as "state percent%" strings: a field named `to` is redacted as a possible e-mail recipient.
  ctx.log.info(
    {
      flag: RENEWAL_LINK_FLAG,
      action,
      actor: actorKind(actor),
      fromStage: `${result.from.state} ${result.from.percent}%`,
      toStage: `${result.to.state} ${result.to.percent}%`,
    },
    'rollout changed',
  );
  return result.to;
}

function actorKind(actor: string): string {
  if (actor === 'guard' || actor === 'alertmanager') return actor;
  return 'ops';
}

export async function rolloutOverview(ctx: AppContext) {
  const flag = await ctx.db.selectFrom('feature_flags').selectAll().where('key', '=', RENEWAL_LINK_FLAG).executeTakeFirst();
  const current = await flagState(ctx);
  const audit = await ctx.db.selectFrom('rollout_audit').selectAll().where('flag_key', '=', RENEWAL_LINK_FLAG).orderBy('id', 'desc').limit(20).execute();
  const notifications = await ctx.db.selectFrom('monitoring_notifications').selectAll().orderBy('id', 'desc').limit(20).execute();
  const guardRuns = await ctx.db.selectFrom('rollout_guard_runs').select(['id', 'created_at', 'action', 'summary']).orderBy('id', 'desc').limit(10).execute();
  return {
    flag: RENEWAL_LINK_FLAG,
    percent: current?.percent ?? 0,
    state: current?.state ?? 'active',
    configured: flag !== undefined,
    stages: [...ROLLOUT_STAGES],
    updatedAt: flag?.updated_at.toISOString() ?? null,
    updatedBy: flag?.updated_by ?? null,
    audit: audit.map((a) => ({
      id: a.id,
      action: a.action,
      actor: a.actor,
      fromPercent: a.from_percent === null ? null : Number(a.from_percent),
      toPercent: a.to_percent === null ? null : Number(a.to_percent),
      fromState: a.from_state,
      toState: a.to_state,
      reason: a.reason,
      figures: a.figures,
      createdAt: a.created_at.toISOString(),
    })),
    guardRuns: guardRuns.map((g) => ({ id: g.id, createdAt: g.created_at.toISOString(), action: g.action, summary: g.summary })),
    notifications: notifications.map((n) => ({
      id: n.id,
      createdAt: n.created_at.toISOString(),
      product: n.product,
      team: n.team,
      channel: n.channel,
      severity: n.severity,
      title: n.title,
      body: n.body,
      webhookStatus: n.webhook_status,
    })),
  };
}

/**
 * Per-Veteran tallies over [from, to), grouped exactly as guard.ts tallyEvents() does: signed-in
 * Veterans in the experiment only, failures by class, abandoned beacons left out.
 */
export async function veteranTallies(ctx: AppContext, from: Date, to: Date): Promise<VeteranTally[]> {
  const rows = await ctx.db
    .selectFrom('monitoring_events')
    .select([
      'variant',
      'veteran_key',
      'product',
      'step',
      sql<number>`count(*)::int`.as('requests'),
      sql<number>`count(*) filter (where failure in (${sql.join(GUARD_FAILURES.map((f) => sql.lit(f)))}))::int`.as('failures'),
      sql<number>`count(*) filter (where failure = 'validation')::int`.as('ignored'),
      sql<boolean>`coalesce(bool_or(outcome = 'ok' and failure is null), false)`.as('reached'),
    ])
    .where('occurred_at', '>=', from)
    .where('occurred_at', '<', to)
    .where('veteran_key', 'is not', null)
    .where('variant', 'in', ['treatment', 'control'])
    .where('outcome', '<>', 'abandoned')
    .groupBy(['variant', 'veteran_key', 'product', 'step'])
    .execute();
  return rows.map((r) => ({
    veteran: r.veteran_key as string,
    variant: r.variant as 'treatment' | 'control',
    product: r.product,
    step: r.step,
    requests: r.requests,
    failures: r.failures,
    ignored: r.ignored,
    reached: r.reached,
  }));
}

export interface GuardRun {
  skipped?: string;
  decision?: ReturnType<typeof decideGuard>;
  percent?: number;
}

async function recordGuardRun(ctx: AppContext, action: 'none' | 'pause' | 'rollback' | 'skipped', summary: string, figures: unknown) {
  await ctx.db
    .insertInto('rollout_guard_runs')
    .values({
      flag_key: RENEWAL_LINK_FLAG,
      action,
      summary,
      figures: figures === null ? null : JSON.stringify(figures),
      created_at: ctx.clock.now(),
    })
    .execute();
}

/**
 * Judge the treatment arm since the later of (now − window) and the last rollout change, and act:
 * pause or roll back, audit the reasoning, notify the owning team(s). Every run is stored
 * (rollout_guard_runs) so /metrics and the dashboard show the same decisions in every process.
 */
export async function runRolloutGuard(ctx: AppContext, opts: { thresholds?: GuardThresholds; metrics?: Metrics } = {}): Promise<GuardRun> {
  const current = await flagState(ctx);
  if (!current || current.state !== 'active' || current.percent <= 0) {
    const skipped = `rollout is ${current?.state ?? 'unconfigured'} at ${current?.percent ?? 0}%`;
    await recordGuardRun(ctx, 'skipped', skipped, null);
    return { skipped };
  }
  const to = ctx.clock.now();
  const windowStart = new Date(to.getTime() - ctx.config.ROLLOUT_GUARD_WINDOW_MINUTES * 60_000);
  const flag = await ctx.db.selectFrom('feature_flags').select('updated_at').where('key', '=', RENEWAL_LINK_FLAG).executeTakeFirst();
  const changed = flag?.updated_at ?? null;
  const from = changed && changed > windowStart ? changed : windowStart;
  const tallies = await veteranTallies(ctx, from, to);
  const decision = decideGuard(
    {
      treatment: tallies.filter((t) => t.variant === 'treatment'),
      control: current.percent < 100 ? tallies.filter((t) => t.variant === 'control') : null,
      window: { from: from.toISOString(), to: to.toISOString(), since: from === changed ? 'state_change' : 'window' },
    },
    opts.thresholds ?? DEFAULT_THRESHOLDS,
  );
  await recordGuardRun(ctx, decision.action, decision.summary, decision);
  if (decision.action === 'none') return { decision, percent: current.percent };

  const reason = `Automatic ${decision.action} at ${current.percent}%: ${decision.summary}`;
  const after = await changeRollout(ctx, decision.action, 'guard', reason, decision, opts.metrics);
  const products = [...new Set(decision.reasons.map((r) => r.product))];
  for (const product of products) {
    const mine = decision.reasons.filter((r) => r.product === product);
    await notifyOwningTeam(ctx, {
      product,
      severity: decision.action === 'rollback' ? 'critical' : 'warning',
      title: `Renewal link rollout ${decision.action === 'rollback' ? 'rolled back' : 'paused'}: ${ESCALATION[product].productName} ${mine.map((r) => r.step ?? 'API').join(', ')}`,
      body: `${decision.summary}. Link now hidden for all Veterans (stage ${after.percent}%). Validate in Datadog/logs, then resume or advance from /ops/monitoring.`,
    });
  }
  return { decision, percent: after.percent };
}

export const OPS_ACTIONS: readonly OpsAction[] = ['advance', 'pause', 'resume', 'rollback'];
export type { RolloutAction };
