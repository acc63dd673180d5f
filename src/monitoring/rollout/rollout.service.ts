/**
 * Staged-rollout operations on the renewal-link flag: ops actions (advance, pause, resume,
 * rollback) and the automatic guard. Every change is one transaction: lock the flag row, apply
 * the transition, write the audit row (who, what, why, figures). See bucketing.ts for terms.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { conflict } from '../../platform/http/errors.js';
import type { MonitoringMetrics as Metrics } from '../flow-metrics.js';
import { STEP_PRODUCT } from '../../shared/funnel-math.js';
import { ESCALATION } from '../escalation.js';
import { notifyOwningTeam } from '../notifications.js';
import type { RolloutAction } from '../monitoring.tables.js';
import { nextStage, RENEWAL_LINK_FLAG, ROLLOUT_STAGES, type RolloutState } from './bucketing.js';
import { flagState, invalidateFlags } from './flags.js';
import { decideGuard, DEFAULT_THRESHOLDS, type ArmFigures, type GuardDecision, type GuardThresholds } from './guard.js';

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
    await tx.updateTable('feature_flags').set({ percent: to.percent, state: to.state, updated_at: ctx.clock.now(), updated_by: actor }).where('key', '=', RENEWAL_LINK_FLAG).execute();
    await tx.insertInto('rollout_audit').values({
      flag_key: RENEWAL_LINK_FLAG, action, actor, from_percent: from.percent, to_percent: to.percent,
      from_state: from.state, to_state: to.state, reason, figures: figures === null ? null : JSON.stringify(figures), created_at: ctx.clock.now(),
    }).execute();
    return { from, to };
  });
  invalidateFlags(ctx);
  metrics?.flow.rolloutPercent.reset();
  metrics?.flow.rolloutPercent.set({ flag: RENEWAL_LINK_FLAG, state: result.to.state }, result.to.percent);
  ctx.log.info({ flag: RENEWAL_LINK_FLAG, action, actor: actor === 'guard' ? 'guard' : 'ops', from: result.from, to: result.to }, 'rollout changed');
  return result.to;
}

export async function rolloutOverview(ctx: AppContext) {
  const flag = await ctx.db.selectFrom('feature_flags').selectAll().where('key', '=', RENEWAL_LINK_FLAG).executeTakeFirst();
  const current = await flagState(ctx);
  const audit = await ctx.db.selectFrom('rollout_audit').selectAll().where('flag_key', '=', RENEWAL_LINK_FLAG).orderBy('id', 'desc').limit(20).execute();
  const notifications = await ctx.db.selectFrom('monitoring_notifications').selectAll().orderBy('id', 'desc').limit(20).execute();
  return {
    flag: RENEWAL_LINK_FLAG,
    percent: current?.percent ?? 0,
    state: current?.state ?? 'active',
    configured: flag !== undefined,
    stages: [...ROLLOUT_STAGES],
    updatedAt: flag?.updated_at.toISOString() ?? null,
    updatedBy: flag?.updated_by ?? null,
    audit: audit.map((a) => ({
      id: a.id, action: a.action, actor: a.actor, fromPercent: a.from_percent === null ? null : Number(a.from_percent),
      toPercent: a.to_percent === null ? null : Number(a.to_percent), fromState: a.from_state, toState: a.to_state,
      reason: a.reason, figures: a.figures, createdAt: a.created_at.toISOString(),
    })),
    notifications: notifications.map((n) => ({
      id: n.id, createdAt: n.created_at.toISOString(), product: n.product, team: n.team, channel: n.channel,
      severity: n.severity, title: n.title, body: n.body, webhookStatus: n.webhook_status,
    })),
  };
}

/** Figures of one arm over [from, to): server API outcomes per step, and link→sent session conversion. */
export async function armFigures(ctx: AppContext, variant: 'treatment' | 'control', from: Date, to: Date): Promise<ArmFigures> {
  const steps = await ctx.db
    .selectFrom('monitoring_events')
    .select(['product', 'step', sql<number>`count(*)::int`.as('requests'), sql<number>`count(*) filter (where outcome = 'error')::int`.as('errors')])
    .where('occurred_at', '>=', from)
    .where('occurred_at', '<', to)
    .where('variant', '=', variant)
    .where('source', '=', 'server')
    .groupBy(['product', 'step'])
    .execute();
  const sessions = await ctx.db
    .selectFrom('monitoring_events')
    .select(['step', sql<number>`count(distinct session_id)::int`.as('n')])
    .where('occurred_at', '>=', from)
    .where('occurred_at', '<', to)
    .where('variant', '=', variant)
    .where('source', '=', 'client')
    .where('outcome', '=', 'ok')
    .where('step', 'in', ['link_selected', 'message_sent'])
    .groupBy('step')
    .execute();
  const n = (s: string) => sessions.find((r) => r.step === s)?.n ?? 0;
  return { steps, linkSelectedSessions: n('link_selected'), messageSentSessions: n('message_sent') };
}

function describe(decision: GuardDecision): string {
  return decision.reasons
    .map((r) => `${r.product.toUpperCase()} ${r.step ?? 'flow API'}: ${r.metric} ${(r.observed * 100).toFixed(1)}% vs threshold ${(r.threshold * 100).toFixed(1)}% (n=${r.sample}) → ${r.action}`)
    .join('; ');
}

export interface GuardRun {
  skipped?: string;
  decision?: GuardDecision;
  percent?: number;
}

/** Evaluate the last `windowMinutes` and act: pause or roll back, audit, notify the owning team(s). */
export async function runRolloutGuard(ctx: AppContext, opts: { thresholds?: GuardThresholds; metrics?: Metrics } = {}): Promise<GuardRun> {
  const current = await flagState(ctx);
  if (!current || current.state !== 'active' || current.percent <= 0) {
    opts.metrics?.flow.guardDecisions.inc({ action: 'skipped' });
    return { skipped: `rollout is ${current?.state ?? 'unconfigured'} at ${current?.percent ?? 0}%` };
  }
  const to = ctx.clock.now();
  const from = new Date(to.getTime() - ctx.config.ROLLOUT_GUARD_WINDOW_MINUTES * 60_000);
  const treatment = await armFigures(ctx, 'treatment', from, to);
  const control = current.percent < 100 ? await armFigures(ctx, 'control', from, to) : null;
  const decision = decideGuard(treatment, control, opts.thresholds ?? DEFAULT_THRESHOLDS);
  opts.metrics?.flow.guardDecisions.inc({ action: decision.action });
  if (decision.action === 'none') return { decision, percent: current.percent };

  const reason = `Automatic ${decision.action} at ${current.percent}%: ${describe(decision)}`;
  const figures = { window: { from: from.toISOString(), to: to.toISOString() }, treatment, control, decision };
  const after = await changeRollout(ctx, decision.action, 'guard', reason, figures, opts.metrics);
  const products = [...new Set(decision.reasons.map((r) => r.product ?? (r.step ? STEP_PRODUCT[r.step] : 'meds')))];
  for (const product of products) {
    const mine = decision.reasons.filter((r) => r.product === product);
    await notifyOwningTeam(ctx, {
      product,
      severity: decision.action === 'rollback' ? 'critical' : 'warning',
      title: `Renewal link rollout ${decision.action === 'rollback' ? 'rolled back' : 'paused'}: ${ESCALATION[product].productName} ${mine.map((r) => r.step ?? 'API').join(', ')}`,
      body: `${describe({ ...decision, reasons: mine })}. Link now hidden for all Veterans (stage ${after.percent}%). Validate in Datadog/logs, then resume or advance from /ops/monitoring.`,
    });
  }
  return { decision, percent: after.percent };
}

export const OPS_ACTIONS: readonly OpsAction[] = ['advance', 'pause', 'resume', 'rollback'];
export type { RolloutAction };
