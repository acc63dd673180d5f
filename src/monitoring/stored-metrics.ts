/**
 * Metrics read from the database at scrape time (prom-client collect()), so every process — API
 * instances and the worker that runs the guard — reports the same rollout state, guard decisions
 * and alerts. In-process gauges set on change would show a stale "active 25%" in every process
 * but the one that changed it.
 *
 *  - rxbridge_rollout_percent{flag,state}                  stored stage (one series, current state)
 *  - rxbridge_rollout_guard_decisions_total{action}        guard runs stored, by decision
 *  - rxbridge_rollout_guard_last_run_timestamp_seconds     when the guard last ran (any process)
 *  - rxbridge_monitoring_alerts_firing{alertname,team,severity}  alerts Alertmanager reports firing
 *  - rxbridge_tracking_oldest_open_email_age_seconds       Rx-tracking pipeline age (oldest unfinished e-mail)
 * A failed query leaves the series empty for that scrape (logged), never fails /metrics.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { sql } from 'kysely';
import type { AppContext } from '../platform/context.js';
import { RENEWAL_LINK_FLAG } from './rollout/bucketing.js';

export function registerStoredStateMetrics(registry: Registry, ctx: AppContext): void {
  if (registry.getSingleMetric('rxbridge_rollout_percent')) return; // one registry shared by several apps (tests)
  const registers = [registry];
  const safely = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      ctx.log.warn({ err, metric: what }, 'stored metric not collected');
    }
  };

  new Gauge({
    name: 'rxbridge_rollout_percent',
    help: 'Stored rollout stage of the renewal link (percent of Veterans in treatment), labelled with its state active|paused|rolled_back; read from the database at scrape time',
    labelNames: ['flag', 'state'] as const,
    registers,
    async collect() {
      this.reset();
      await safely('rxbridge_rollout_percent', async () => {
        const row = await ctx.db.selectFrom('feature_flags').select(['percent', 'state']).where('key', '=', RENEWAL_LINK_FLAG).executeTakeFirst();
        this.set({ flag: RENEWAL_LINK_FLAG, state: row?.state ?? 'active' }, row ? Number(row.percent) : ctx.config.ROLLOUT_DEFAULT_PERCENT);
      });
    },
  });

  new Counter({
    name: 'rxbridge_rollout_guard_decisions_total',
    help: 'Rollout guard evaluations stored (any process), by decision: none, pause, rollback, skipped',
    labelNames: ['action'] as const,
    registers,
    async collect() {
      this.reset();
      await safely('rxbridge_rollout_guard_decisions_total', async () => {
        const rows = await ctx.db
          .selectFrom('rollout_guard_runs')
          .select(['action', sql<number>`count(*)::int`.as('n')])
          .groupBy('action')
          .execute();
        for (const r of rows) this.inc({ action: r.action }, r.n);
      });
    },
  });

  new Gauge({
    name: 'rxbridge_rollout_guard_last_run_timestamp_seconds',
    help: 'Unix time of the last stored guard evaluation (0 = never)',
    registers,
    async collect() {
      await safely('rxbridge_rollout_guard_last_run_timestamp_seconds', async () => {
        const row = await ctx.db
          .selectFrom('rollout_guard_runs')
          .select(sql<Date | null>`max(created_at)`.as('at'))
          .executeTakeFirst();
        this.set(row?.at ? new Date(row.at).getTime() / 1000 : 0);
      });
    },
  });

  new Gauge({
    name: 'rxbridge_monitoring_alerts_firing',
    help: 'Alerts Alertmanager last reported as firing to the rxbridge webhook receiver',
    labelNames: ['alertname', 'team', 'severity'] as const,
    registers,
    async collect() {
      this.reset();
      await safely('rxbridge_monitoring_alerts_firing', async () => {
        const rows = await ctx.db
          .selectFrom('monitoring_alerts')
          .select(['alertname', 'team', 'severity', sql<number>`count(*)::int`.as('n')])
          .where('status', '=', 'firing')
          .groupBy(['alertname', 'team', 'severity'])
          .execute();
        for (const r of rows) this.set({ alertname: r.alertname, team: r.team, severity: r.severity }, r.n);
      });
    },
  });

  new Gauge({
    name: 'rxbridge_tracking_oldest_open_email_age_seconds',
    help: 'Rx-tracking pipeline age: seconds since the oldest shipment e-mail not yet in a final state was created (0 = none open)',
    registers,
    async collect() {
      await safely('rxbridge_tracking_oldest_open_email_age_seconds', async () => {
        const row = await ctx.db
          .selectFrom('shipment_emails')
          .select(sql<Date | null>`min(created_at)`.as('oldest'))
          .where('status', 'in', ['pending', 'submitting', 'created', 'delivering'])
          .executeTakeFirst();
        this.set(row?.oldest ? Math.max(0, (ctx.clock.now().getTime() - new Date(row.oldest).getTime()) / 1000) : 0);
      });
    },
  });
}
