/**
 * Alertmanager webhook receiver (ops/alertmanager/alertmanager.yml routes every team's alerts
 * here as well as to the team's own receiver). Each alert is recorded by fingerprint (firing or
 * resolved) and shown on /ops; a firing alert labelled `rollout_action="pause"` pauses an active
 * renewal-link rollout, audited with the alert's name and summary.
 *
 * Payload: Alertmanager webhook format version 4
 * (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config).
 */
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { AppError } from '../platform/http/errors.js';
import { activeAlerts, upsertAlert } from './alerts.dao.js';
import { changeRollout } from './rollout/rollout.service.js';
import { flagState } from './rollout/flags.js';

const labelSet = z.record(z.string().max(200), z.string().max(2000));

export const alertmanagerPayload = z.object({
  version: z.literal('4'),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().max(200),
  groupKey: z.string().max(2000).optional(),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels: labelSet,
        annotations: labelSet.default({}),
        startsAt: z.iso.datetime({ offset: true }),
        endsAt: z.string().max(64).optional(),
        fingerprint: z.string().regex(/^[0-9a-f]{1,64}$/),
      }),
    )
    .max(500),
});
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayload>;

export function checkAlertmanagerToken(ctx: AppContext, header: string | undefined): void {
  const expected = ctx.config.ALERTMANAGER_WEBHOOK_TOKEN;
  const given = header?.startsWith('Bearer ') ? header.slice(7) : '';
  const ok = expected !== undefined && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  if (!ok) throw new AppError('unauthenticated', 'A valid Alertmanager bearer token is required');
}

/** Go's zero time ("0001-01-01T00:00:00Z") means "no end" in Alertmanager payloads. */
function endOf(s: string | undefined): Date | null {
  if (!s || s.startsWith('0001-')) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

export async function receiveAlerts(ctx: AppContext, body: AlertmanagerPayload): Promise<{ recorded: number; pausedRollout: boolean }> {
  let pausedRollout = false;
  for (const a of body.alerts) {
    const product = a.labels.product === 'meds' || a.labels.product === 'sm' ? a.labels.product : null;
    let paused = false;
    if (a.status === 'firing' && a.labels.rollout_action === 'pause') {
      const flag = await flagState(ctx);
      if (flag?.state === 'active' && flag.percent > 0) {
        const reason =
          `Alertmanager: ${a.labels.alertname ?? 'alert'} firing (team ${a.labels.team ?? 'unknown'}, severity ${a.labels.severity ?? 'unknown'}): ${a.annotations.summary ?? ''}`.slice(
            0,
            500,
          );
        await changeRollout(ctx, 'pause', 'alertmanager', reason, { alert: { labels: a.labels, startsAt: a.startsAt, fingerprint: a.fingerprint } });
        paused = true;
        pausedRollout = true;
      }
    }
    await upsertAlert(ctx.db, {
      fingerprint: a.fingerprint,
      alertname: a.labels.alertname ?? 'unnamed',
      status: a.status,
      team: a.labels.team ?? 'unassigned',
      severity: a.labels.severity ?? 'none',
      product,
      summary: (a.annotations.summary ?? a.annotations.description ?? '').slice(0, 2000),
      labels: JSON.stringify(a.labels),
      starts_at: new Date(a.startsAt),
      ends_at: a.status === 'resolved' ? endOf(a.endsAt) : null,
      updated_at: ctx.clock.now(),
      paused_rollout: paused,
    });
    ctx.log.warn(
      { alertname: a.labels.alertname, team: a.labels.team, severity: a.labels.severity, status: a.status, pausedRollout: paused },
      'alert received',
    );
  }
  return { recorded: body.alerts.length, pausedRollout };
}

export async function alertsOverview(ctx: AppContext) {
  const rows = await activeAlerts(ctx.db, ctx.clock.now());
  return rows.map((r) => ({
    fingerprint: r.fingerprint,
    alertname: r.alertname,
    status: r.status,
    team: r.team,
    severity: r.severity,
    product: r.product,
    summary: r.summary,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at?.toISOString() ?? null,
    updatedAt: r.updated_at.toISOString(),
    pausedRollout: r.paused_rollout,
  }));
}
