/**
 * Crontab lines for the recurring safety nets (sweeps, dead-worker unlock, rollout guard).
 * graphile-worker takes due jobs by priority, then run_at: with tens of thousands of jobs due (a
 * VA Notify outage ending, a big CMOP batch), a cron job at the default priority waits minutes behind
 * them — the very backlog it exists to unstick (seen in the 100,000-shipment exactly-once proof: the
 * sweep ran 9 minutes late). So these run first (priority -10) and never pile up (one pending job
 * per task: a job key with preserve_run_at keeps the earliest).
 */
export const MAINTENANCE_PRIORITY = -10;

export function maintenanceCron(schedule: string, task: string): string {
  return `${schedule} ${task} ?priority=${MAINTENANCE_PRIORITY}&jobKey=cron:${task}&jobKeyMode=preserve_run_at`;
}
