/**
 * Exactly-once under faults, as a reusable run (the proof script runs it big, a CI test small):
 * N shipments go through the real pipeline — ingest, graphile-worker jobs in separate worker
 * processes, the VA Notify stand-in (its own process, over HTTP) injecting 500s, 429s and timeouts
 * (some after the notification was accepted), service-level callbacks to the real app — while a supervisor
 * SIGKILLs a random worker at random moments and starts a new one. Afterwards it counts
 * notifications per shipment at the stand-in.
 *
 * Soft-failure mode (faults.temporaryFailureRate / lateDeliveryRate): the stand-in ends some
 * notifications temporary-failure (RETRYABLE) and delivers some of those late. rxbridge replays
 * them (a new notification, same reference), so an e-mail may own several notifications: a
 * duplicate is a notification at the stand-in that rxbridge never recorded as one of its sends.
 * Every e-mail that does not end delivered is reported by reason, and counted as `unexplained`
 * unless an injected fault caused it — the caller fails the proof on any unexplained outcome.
 */
import type { ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import type { Faults } from '../sandbox/va-notify/model.js';
import { unlockDeadWorkers } from '../src/platform/jobs/heartbeat.js';
import { callbackUrl } from '../src/integrations/clients.js';
import type { AppContext } from '../src/platform/context.js';
import { sweepTracking } from '../src/tracking/sweep.service.js';
import { rng } from '../bench/support.js';
import { enableVaNotifyStations, getJson, ingestShipments, spawnWorker, startApp, startStandInProcess, workerEnv } from '../bench/pipeline-processes.js';

export interface ExactlyOnceOptions {
  ctx: AppContext;
  databaseUrl: string;
  shipments: number;
  workers: number;
  faults: Partial<Faults>;
  /** Mean time between SIGKILLs (0 = never kill). */
  killEveryMs: number;
  leaseSeconds: number;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface ExactlyOnceResult {
  shipments: number;
  kills: number;
  posts: number;
  injected: { e500: number; e429: number; timeouts: number };
  notificationsAtStandIn: number;
  duplicates: number;
  missing: number;
  idMismatches: number;
  finalStates: Record<string, number>;
  withoutReason: number;
  /** Every e-mail that did not end delivered, by "status: reason", and how many of those an injected fault explains. */
  notDelivered: Record<string, { count: number; injected: number }>;
  /** Not-delivered outcomes no injected fault explains (the proof fails on any). */
  unexplained: number;
  /** Replays sent after temporary-failure, and late deliveries the stand-in injected. */
  replays: number;
  injectedSoft: { temporaryFailures: number; lateDeliveries: number };
  seconds: number;
}

const FINAL = ['delivered', 'permanent-failure', 'temporary-failure', 'rejected'];

export async function runExactlyOnce(o: ExactlyOnceOptions): Promise<ExactlyOnceResult> {
  const log = o.log ?? (() => undefined);
  const started = Date.now();
  const app = await startApp(o.ctx);
  const standIns = await startStandInProcess(callbackUrl(o.ctx.config, app.url), o.faults);

  await enableVaNotifyStations(o.ctx);
  const random = rng(7);
  await ingestShipments(o.ctx, o.shipments, random);
  log(`ingested ${o.shipments} shipments`);

  const env = workerEnv(o.ctx, { databaseUrl: o.databaseUrl, notifyUrl: standIns.notifyUrl, aalUrl: standIns.aalUrl, leaseSeconds: o.leaseSeconds });
  const workers = new Set<ChildProcess>();
  // Only workers that are running jobs are killed: on a loaded machine a replacement can take
  // seconds to boot, and killing it then would only stall the run (no job of its could be cut short).
  const running = new Set<ChildProcess>();
  const startOne = () => {
    const p = spawnWorker(env, () => running.add(p));
    workers.add(p);
    p.on('exit', () => (workers.delete(p), running.delete(p)));
  };
  for (let i = 0; i < o.workers; i++) startOne();

  let kills = 0;
  let stop = false;
  const supervisor = (async () => {
    while (!stop && o.killEveryMs > 0) {
      await new Promise((r) => setTimeout(r, o.killEveryMs * (0.5 + random())));
      if (stop) break;
      const victims = [...running];
      const victim = victims[Math.floor(random() * victims.length)];
      if (victim) {
        victim.kill('SIGKILL');
        kills += 1;
        startOne();
      }
    }
  })();
  // The cron sweeps run every minute in production; here every 2 s so lease expiries and dead
  // workers' locks (stale after 60 s without a heartbeat) are picked up quickly.
  const sweeper = setInterval(() => void Promise.all([sweepTracking(o.ctx), unlockDeadWorkers(o.ctx.db)]).catch(() => undefined), 2000);

  const deadline = Date.now() + (o.timeoutMs ?? 30 * 60_000);
  let lastLog = 0;
  for (;;) {
    // Open: in flight, or soft-failed with a replay still to come.
    const open = Number(
      (
        await sql<{ n: string }>`select count(*) as n from shipment_emails
      where status not in ('delivered', 'permanent-failure', 'temporary-failure', 'rejected', 'suppressed')
         or (status = 'temporary-failure' and resends < ${o.ctx.config.TRACKING_RESEND_MAX})`.execute(o.ctx.db)
      ).rows[0]!.n,
    );
    if (open === 0) break;
    if (Date.now() > deadline) {
      log(`timed out with ${open} e-mails not final`);
      break;
    }
    if (Date.now() - lastLog > 10_000) {
      const by = await sql<{ status: string; n: string }>`select status, count(*) as n from shipment_emails group by status`.execute(o.ctx.db);
      log(`${open} e-mails not final yet (${by.rows.map((r) => `${r.status} ${r.n}`).join(', ')}); ${kills} kills so far`);
      lastLog = Date.now();
    }
    if (o.killEveryMs > 0 && Date.now() > deadline - 60_000) stop = true;
    await new Promise((r) => setTimeout(r, 500));
  }
  stop = true;
  await supervisor;
  clearInterval(sweeper);
  for (const w of workers) w.kill('SIGKILL');

  const emails = await o.ctx.db.selectFrom('shipment_emails').select(['id', 'status', 'status_reason', 'notification_id', 'resends']).execute();
  const recorded = new Map<string, Set<string>>();
  for (const n of await o.ctx.db.selectFrom('shipment_email_notifications').select(['shipment_email_id', 'notification_id']).execute()) {
    if (!recorded.has(n.shipment_email_id)) recorded.set(n.shipment_email_id, new Set());
    recorded.get(n.shipment_email_id)!.add(n.notification_id);
  }
  // Counted from outside, over the stand-in's inspection API: what VA Notify would have sent.
  const { references } = await getJson<{ references: Record<string, string[]> }>(`${standIns.notifyUrl}/_sandbox/references`);
  const { injected } = await getJson<{ injected: Record<string, string> }>(`${standIns.notifyUrl}/_sandbox/injected`);
  const stats = await getJson<{
    total: number;
    posts: number;
    injected500: number;
    rejected429: number;
    injectedTimeouts: number;
    injectedTemporaryFailures: number;
    injectedLateDeliveries: number;
  }>(`${standIns.notifyUrl}/_sandbox/stats`);
  const sendFaults = stats.injected500 + stats.rejected429 + stats.injectedTimeouts;
  let duplicates = 0;
  let missing = 0;
  let idMismatches = 0;
  let withoutReason = 0;
  let unexplained = 0;
  let replays = 0;
  const finalStates: Record<string, number> = {};
  const notDelivered: Record<string, { count: number; injected: number }> = {};
  for (const e of emails) {
    finalStates[e.status] = (finalStates[e.status] ?? 0) + 1;
    replays += e.resends;
    const ids = references[e.id] ?? [];
    const ours = recorded.get(e.id) ?? new Set<string>();
    if (ids.some((id) => !ours.has(id))) duplicates += 1;
    if (ids.length === 0 && e.status !== 'rejected') missing += 1;
    if (ids.length > 0 && !ids.includes(e.notification_id ?? '')) idMismatches += 1;
    if (e.status !== 'delivered' && FINAL.includes(e.status) && !e.status_reason) withoutReason += 1;
    if (e.status === 'delivered') continue;
    // Caused by an injected fault: a soft failure on every notification it had (replays exhausted),
    // or a send given up after injected 500/429/timeouts. Anything else is unexplained.
    const byInjection =
      (e.status === 'temporary-failure' && ids.length > 0 && ids.every((id) => injected[id] === 'temporary-failure')) ||
      (e.status === 'rejected' && sendFaults > 0 && (e.status_reason ?? '').startsWith('Gave up after'));
    const key = `${e.status}: ${e.status_reason ?? '(no reason)'}`;
    notDelivered[key] ??= { count: 0, injected: 0 };
    notDelivered[key].count += 1;
    if (byInjection) notDelivered[key].injected += 1;
    else unexplained += 1;
  }
  await app.close();
  await standIns.stop();
  return {
    shipments: emails.length,
    kills,
    posts: stats.posts,
    injected: { e500: stats.injected500, e429: stats.rejected429, timeouts: stats.injectedTimeouts },
    notificationsAtStandIn: stats.total,
    duplicates,
    missing,
    idMismatches,
    finalStates,
    withoutReason,
    notDelivered,
    unexplained,
    replays,
    injectedSoft: { temporaryFailures: stats.injectedTemporaryFailures, lateDeliveries: stats.injectedLateDeliveries },
    seconds: (Date.now() - started) / 1000,
  };
}
