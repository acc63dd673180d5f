/** SQL for alerts received from Alertmanager (one row per fingerprint, latest status wins). */
import { sql, type Insertable } from 'kysely';
import type { Db } from '../platform/db/pool.js';
import type { MonitoringAlertsTable } from './monitoring.tables.js';

export async function upsertAlert(db: Db, row: Insertable<MonitoringAlertsTable>): Promise<void> {
  await db
    .insertInto('monitoring_alerts')
    .values(row)
    .onConflict((oc) =>
      oc.column('fingerprint').doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'),
        summary: eb.ref('excluded.summary'),
        labels: eb.ref('excluded.labels'),
        starts_at: eb.ref('excluded.starts_at'),
        ends_at: eb.ref('excluded.ends_at'),
        updated_at: eb.ref('excluded.updated_at'),
        paused_rollout: sql<boolean>`monitoring_alerts.paused_rollout or excluded.paused_rollout`,
      })),
    )
    .execute();
}

/** Firing alerts, then alerts resolved in the last 24 hours, newest first. */
export async function activeAlerts(db: Db, now: Date) {
  return db
    .selectFrom('monitoring_alerts')
    .selectAll()
    .where((eb) => eb.or([eb('status', '=', 'firing'), eb('updated_at', '>', new Date(now.getTime() - 86_400_000))]))
    .orderBy('status', 'asc')
    .orderBy('updated_at', 'desc')
    .limit(50)
    .execute();
}
