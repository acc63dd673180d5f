/**
 * Notify the team that owns a problem (escalation.ts): a row in monitoring_notifications (the
 * dashboard lists them), a log line (Datadog log monitors can alert on `notification` records),
 * and, when MONITORING_WEBHOOK_URL is set, a JSON POST. A real deployment points the webhook at a
 * Slack incoming webhook for warnings and a PagerDuty Events v2 bridge for critical alerts.
 * No PHI: titles and bodies are built from figures, steps and products only.
 */
import type { AppContext } from '../platform/context.js';
import type { Product } from '../shared/flow-urls.js';
import { ESCALATION } from './escalation.js';

export interface TeamNotification {
  product: Product;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  body: string;
}

export async function notifyOwningTeam(ctx: AppContext, n: TeamNotification): Promise<number> {
  const owner = ESCALATION[n.product];
  const channel = n.severity === 'critical' ? `${owner.channel} + page ${owner.pager}` : owner.channel;
  const row = await ctx.db
    .insertInto('monitoring_notifications')
    .values({ product: n.product, team: owner.engineeringTeam, channel, severity: n.severity, title: n.title, body: n.body })
    .returning('id')
    .executeTakeFirstOrThrow();
  ctx.log.warn({ notification: row.id, product: n.product, team: owner.engineeringTeam, severity: n.severity, title: n.title }, 'notifying owning team');
  const url = ctx.config.MONITORING_WEBHOOK_URL;
  if (url) {
    let status: string;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          text: `[${n.severity}] ${owner.engineeringTeam}: ${n.title}\n${n.body}`,
          team: owner.engineeringTeam,
          product: n.product,
          severity: n.severity,
        }),
        signal: AbortSignal.timeout(5000),
      });
      status = `http_${res.status}`;
    } catch (err) {
      status = `failed: ${(err as Error).name}`;
    }
    await ctx.db.updateTable('monitoring_notifications').set({ webhook_status: status }).where('id', '=', row.id).execute();
  }
  return row.id;
}
